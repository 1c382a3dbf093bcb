"""A site's public feed: the organisers' replies, spotlights and "you said, we did" cards.

What a neighbour subscribes to in order to hear that they were listened to. The items
come from the same public reads as the wall (replies_public.py: approved notes only,
no author), newest first, FEED_LIMIT at most; a spotlight stays in the feed after its
end (history), not after it was unpinned. Written as Atom and JSON Feed by feeds.py.
A fridge's own feed (fridge_feed.py) stays about the fridge; its site has this one too.
"""

from __future__ import annotations

from sqlmodel import Session

from server import crud
from server.services.feeds import FeedDocument, FeedItem
from server.services.replies_public import (
    PublicReply,
    PublicSpotlight,
    YouSaidCard,
    recent_replies,
    spotlights_for,
    you_said_for,
)

FEED_LIMIT = 50
EXCERPT_CHARS = 60


def page_url(base_url: str, site_slug: str) -> str:
    """The site's wall, which the feed's items point into."""
    return f"{base_url}/?site={site_slug}"


def feed_url(base_url: str, site_slug: str, extension: str) -> str:
    """The feed's own address ("atom" or "json")."""
    return f"{base_url}/sites/{site_slug}/feed.{extension}"


def _quote(text: str) -> str:
    return f"\N{LEFT DOUBLE QUOTATION MARK}{text}\N{RIGHT DOUBLE QUOTATION MARK}"


def _excerpt(text: str) -> str:
    if len(text) > EXCERPT_CHARS:
        text = text[: EXCERPT_CHARS - 1].rstrip() + "\N{HORIZONTAL ELLIPSIS}"
    return _quote(text)


def _reply_item(page: str, author: str, reply: PublicReply) -> FeedItem:
    return FeedItem(
        url=f"{page}#note-{reply.note_id}",
        title=f"Reply to {_excerpt(reply.note_text)}",
        text=f"You said: {_quote(reply.note_text)}\nWe said: {reply.text}",
        published_ms=reply.replied_ms,
        updated_ms=reply.updated_ms,
        author=author,
        tags=["reply"],
        extension={"kind": "reply", "note": reply.note_id, "language": reply.language},
    )


def _spotlight_item(base: str, page: str, author: str, pin: PublicSpotlight) -> FeedItem:
    if pin.kind == "doodle":
        title, text = "Spotlight: a doodle from the wall", "A doodle left at the kiosk."
    else:
        title = f"Spotlight: {_excerpt(pin.text or '')}"
        text = _quote(pin.text or "") + (f"\nWe said: {pin.reply}" if pin.reply else "")
    return FeedItem(
        url=f"{page}#spotlight-{pin.id}",
        title=title,
        text=text,
        published_ms=pin.starts_ms,
        updated_ms=pin.starts_ms,
        author=author,
        tags=["spotlight", pin.kind],
        image=None if pin.url is None else base + pin.url,
        image_type="image/png",
        extension={"kind": "spotlight", "of": pin.kind, "ends_ms": pin.ends_ms},
    )


def _card_item(page: str, author: str, card: YouSaidCard) -> FeedItem:
    lines = [card.body]
    lines += [f"You said: {_quote(note.text)}" for note in card.notes]
    lines += [f"We asked: {prompt.text}" for prompt in card.prompts]
    return FeedItem(
        url=f"{page}#you-said-{card.id}",
        title=f"You said, we did: {card.title}",
        text="\n".join(lines),
        published_ms=card.created_ms,
        updated_ms=card.updated_ms,
        author=author,
        tags=["you-said"] + (["network"] if card.site_id is None else []),
        extension={"kind": "you_said", "network": card.site_id is None},
    )


def site_feed(session: Session, *, site_slug: str, base_url: str) -> FeedDocument:
    """The site's newest replies, spotlights and cards (NotFound for an unknown site)."""
    site = crud.get_site(session=session, slug=site_slug)
    assert site.id is not None
    page, author = page_url(base_url, site.slug), site.name
    items = [_reply_item(page, author, r) for r in recent_replies(session, site.id, FEED_LIMIT)]
    items += [
        _spotlight_item(base_url, page, author, pin)
        for pin in spotlights_for(session, site.id, now_ms=None, limit=FEED_LIMIT)
    ]
    items += [_card_item(page, author, c) for c in you_said_for(session, site.id, limit=FEED_LIMIT)]
    items.sort(key=lambda item: (item.published_ms, item.url), reverse=True)
    items = items[:FEED_LIMIT]
    return FeedDocument(
        title=f"{site.name}: you said, we did",
        author=author,
        page_url=page,
        atom_url=feed_url(base_url, site.slug, "atom"),
        json_url=feed_url(base_url, site.slug, "json"),
        updated_ms=max([site.created_ms, *(item.updated_ms for item in items)]),
        items=items,
    )
