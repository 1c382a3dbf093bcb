"""Create and read sites, kiosks and prompts. Keyword-only functions that commit
(the few that leave the commit to their caller say so).

Used by the API, the admin CLI and the tests; errors come from `server.errors`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

from pydantic import ValidationError
from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, select

from server.clock import now_ms
from server.errors import AlreadyExists, InvalidInput, NotFound
from server.models import (
    PROVISION_TABLE,
    Kiosk,
    KioskCreate,
    Prompt,
    PromptBase,
    PromptCreate,
    Site,
    SiteCreate,
)
from server.models_prompts import PromptRun
from server.security import hash_token, looks_like_kiosk_token, new_kiosk_token

M = TypeVar("M", bound=SQLModel)
T = TypeVar("T", bound=SQLModel)


# What a value that missed its pattern should look like, by field.
_PATTERN_HELP = {
    "slug": "use 1-63 of a-z, 0-9 and '-', starting with a letter or digit",
    "id": "use 1-63 of a-z, 0-9 and '-', starting with a letter or digit",
    "languages": "use ISO 639 codes in lower case, such as en, es, cy",
    "texts": "use ISO 639 codes in lower case, such as en, es, cy",
    "option_texts": "use ISO 639 codes in lower case, such as en, es, cy",
    "quiet_start": "use HH:MM on a 24-hour clock, such as 21:00",
    "quiet_end": "use HH:MM on a 24-hour clock, such as 07:00",
}


def validated(model: type[M], what: str, **values: object) -> M:
    """`model` validated from `values`, or InvalidInput naming the first thing wrong."""
    try:
        return model.model_validate(values)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        message = str(first["msg"]).removeprefix("Value error, ")
        if first["type"] == "string_pattern_mismatch":
            message = _PATTERN_HELP.get(str(first["loc"][0]), message)
        raise InvalidInput(
            f"{what} {where}: {message}" if where else f"{what}: {message}"
        ) from None


def check_prompt(text: str, emoji: Sequence[str], **more: object) -> PromptCreate:
    """The prompt with the protocol's rules applied, or InvalidInput saying what is wrong.

    `more`: kind, options, texts, option_texts, follow_up (PromptBase)."""
    return validated(PromptCreate, "prompt", text=text, emoji=emoji, **more)


def create_site(
    *,
    session: Session,
    slug: str,
    name: str,
    timezone: str,
    created_ms: int | None = None,
    **more: object,
) -> Site:
    """Add a site; AlreadyExists if the slug is taken.

    `more`: languages, quiet_start, quiet_end, operator, contact (SiteBase)."""
    rules = validated(SiteCreate, "site", slug=slug, name=name, timezone=timezone, **more)
    site = Site.model_validate(
        rules, update={"created_ms": now_ms() if created_ms is None else created_ms}
    )
    if session.exec(select(Site.id).where(Site.slug == slug)).first() is not None:
        raise AlreadyExists(f"site {slug!r} already exists")
    session.add(site)
    try:
        session.commit()
    except IntegrityError as error:  # a concurrent create won the race
        session.rollback()
        raise AlreadyExists(f"site {slug!r} already exists") from error
    session.refresh(site)
    return site


def get_site(*, session: Session, slug: str) -> Site:
    """The site with this slug; NotFound otherwise."""
    site = session.exec(select(Site).where(Site.slug == slug)).first()
    if site is None:
        raise NotFound(f"no site {slug!r}")
    return site


def update_site(*, session: Session, slug: str, **changes: object) -> Site:
    """Change a site's name, time zone, languages, quiet hours, operator or contact.

    The whole site is checked again, so nothing invalid is ever stored."""
    site = get_site(session=session, slug=slug)
    return apply_changes(session, site, SiteCreate, "site", changes, fixed={"slug"})


def apply_changes(
    session: Session,
    row: T,
    rules_model: type[SQLModel],
    what: str,
    changes: dict[str, object],
    *,
    fixed: set[str] | frozenset[str] = frozenset(),
) -> T:
    """Change `row`'s fields named in `changes`, checking the whole row again against
    `rules_model` so nothing invalid is stored; `fixed` fields cannot change. Commits."""
    unknown = set(changes) - (set(rules_model.model_fields) - set(fixed))
    if unknown:
        raise InvalidInput(f"{what}: cannot change {', '.join(sorted(unknown))}")
    held = row.model_dump(include=set(rules_model.model_fields))
    rules = validated(rules_model, what, **{**held, **changes})
    for name in changes:
        setattr(row, name, getattr(rules, name))
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


def list_sites(*, session: Session) -> list[Site]:
    """All sites, by slug."""
    return list(session.exec(select(Site).order_by(col(Site.slug))).all())


def create_kiosk(
    *,
    session: Session,
    site_slug: str,
    kiosk_id: str,
    name: str,
    created_ms: int | None = None,
) -> tuple[Kiosk, str]:
    """Add a kiosk to a site; returns it with its plaintext token (shown only this once)."""
    rules = validated(KioskCreate, "kiosk", id=kiosk_id, name=name)
    site = get_site(session=session, slug=site_slug)
    assert site.id is not None
    if session.get(Kiosk, kiosk_id) is not None:
        raise AlreadyExists(f"kiosk {kiosk_id!r} already exists")
    token = new_kiosk_token()
    kiosk = Kiosk(
        id=rules.id,
        site_id=site.id,
        name=rules.name,
        token_hash=hash_token(token),
        created_ms=now_ms() if created_ms is None else created_ms,
    )
    session.add(kiosk)
    try:
        session.commit()
    except IntegrityError as error:
        session.rollback()
        raise AlreadyExists(f"kiosk {kiosk_id!r} already exists") from error
    session.refresh(kiosk)
    return kiosk, token


def get_kiosk(*, session: Session, kiosk_id: str) -> Kiosk:
    """The kiosk with this id (revoked or not); NotFound otherwise."""
    kiosk = session.get(Kiosk, kiosk_id)
    if kiosk is None:
        raise NotFound(f"no kiosk {kiosk_id!r}")
    return kiosk


def list_kiosks(*, session: Session, site_slug: str | None = None) -> list[Kiosk]:
    """All kiosks (of one site when `site_slug` is given), by id."""
    query = select(Kiosk).order_by(col(Kiosk.id))
    if site_slug is not None:
        site = get_site(session=session, slug=site_slug)
        query = query.where(Kiosk.site_id == site.id)
    return list(session.exec(query).all())


def revoke_kiosk(*, session: Session, kiosk_id: str, revoked_ms: int | None = None) -> Kiosk:
    """Refuse the kiosk's token from now on (idempotent); its events stay.

    Its unused provisioning links are cancelled too: opening one would otherwise
    hand out a fresh token and bring the kiosk back."""
    kiosk = get_kiosk(session=session, kiosk_id=kiosk_id)
    when = now_ms() if revoked_ms is None else revoked_ms
    if kiosk.revoked_ms is None:
        kiosk.revoked_ms = when
        session.add(kiosk)
    cancel_provision_links(session=session, kiosk_id=kiosk_id, cancelled_ms=when)
    session.commit()
    session.refresh(kiosk)
    return kiosk


def cancel_provision_links(*, session: Session, kiosk_id: str, cancelled_ms: int) -> int:
    """Cancel the kiosk's unused provisioning links, in the caller's transaction; how many."""
    result = session.connection().execute(
        update(PROVISION_TABLE)
        .where(
            PROVISION_TABLE.c.kiosk_id == kiosk_id,
            PROVISION_TABLE.c.used_ms.is_(None),
            PROVISION_TABLE.c.cancelled_ms.is_(None),
        )
        .values(cancelled_ms=cancelled_ms)
    )
    return int(result.rowcount)


def give_new_token(*, kiosk: Kiosk) -> str:
    """Put a new token's hash on `kiosk` and re-enable it, without committing; the token.

    The one place a kiosk's token changes: rotate_kiosk_token and a redeemed
    provisioning link (server/services/provisioning.py) both come here."""
    token = new_kiosk_token()
    kiosk.token_hash = hash_token(token)
    kiosk.revoked_ms = None
    return token


def rotate_kiosk_token(*, session: Session, kiosk_id: str) -> tuple[Kiosk, str]:
    """Give the kiosk a new token (returned once); the old one stops working at once.

    A revoked kiosk is re-enabled with the new token: rotating is how an organiser
    brings back a kiosk whose token leaked. Its unused provisioning links are cancelled.
    """
    kiosk = get_kiosk(session=session, kiosk_id=kiosk_id)
    token = give_new_token(kiosk=kiosk)
    session.add(kiosk)
    # An older link opened later would rotate again, away from the token just set.
    cancel_provision_links(session=session, kiosk_id=kiosk_id, cancelled_ms=now_ms())
    session.commit()
    session.refresh(kiosk)
    return kiosk, token


def kiosk_by_token(*, session: Session, token: str) -> Kiosk | None:
    """The active (not revoked) kiosk holding this token, else None."""
    if not looks_like_kiosk_token(token):
        return None
    kiosk = session.exec(select(Kiosk).where(Kiosk.token_hash == hash_token(token))).first()
    if kiosk is None or kiosk.revoked_ms is not None:
        return None
    return kiosk


# A run: where (site slug) a prompt runs, from start_ms until end_ms (None: open-ended).
Runs = Mapping[str, tuple[int, int | None]]


def create_prompt(
    *,
    session: Session,
    runs: Runs,
    text: str,
    emoji: Sequence[str] = (),
    created_ms: int | None = None,
    **more: object,
) -> Prompt:
    """Add a prompt that runs at each site of `runs` over its own span (the first site
    is the one it is written for: `text` is in its first language).

    `more`: kind, options, texts, option_texts, follow_up, results_revealed.
    Translations must be in a language of one of its sites, other than the first
    site's first (the language of `text`)."""
    revealed = bool(more.pop("results_revealed", False))
    rules = check_prompt(text, emoji, **more)
    if not runs:
        raise InvalidInput("prompt: name at least one site it runs at")
    sites = [get_site(session=session, slug=slug) for slug in runs]
    check_translations(rules, sites)
    spans = [check_span(slug, *span) for slug, span in runs.items()]
    home = sites[0]
    assert home.id is not None
    prompt = Prompt.model_validate(
        rules,
        update={
            "site_id": home.id,
            "created_ms": now_ms() if created_ms is None else created_ms,
            "results_revealed": revealed,
        },
    )
    session.add(prompt)
    session.flush()
    assert prompt.id is not None
    for site, (start, end) in zip(sites, spans, strict=True):
        assert site.id is not None
        session.add(PromptRun(prompt_id=prompt.id, site_id=site.id, start_ms=start, end_ms=end))
    session.commit()
    session.refresh(prompt)
    return prompt


def check_span(where: str, start_ms: int, end_ms: int | None) -> tuple[int, int | None]:
    """A run's span, or InvalidInput when it ends before it starts."""
    if end_ms is not None and end_ms <= start_ms:
        raise InvalidInput(f"prompt runs.{where}: it must end after it starts")
    return start_ms, end_ms


def check_translations(rules: PromptBase, sites: Sequence[Site]) -> None:
    """InvalidInput unless every translation is in a language one of `sites` speaks
    (the first site's first language is `text`'s own)."""
    home = sites[0]
    others = sorted({lang for site in sites for lang in site.languages} - {home.languages[0]})
    for field, given in (("texts", rules.texts), ("option_texts", rules.option_texts)):
        stray = sorted(set(given) - set(others))
        if not stray:
            continue
        if len(sites) == 1:
            offered = ", ".join(others) if others else "none"
            raise InvalidInput(
                f"prompt {field}.{stray[0]}: {home.slug} has no such second language "
                f"(it speaks {', '.join(home.languages)}; translations: {offered})"
            )
        raise InvalidInput(
            f"prompt {field}.{stray[0]}: none of its sites "
            f"({', '.join(site.slug for site in sites)}) speaks it as a second language"
        )


def set_prompt(
    *,
    session: Session,
    site_slug: str,
    text: str,
    emoji: Sequence[str] = (),
    created_ms: int | None = None,
    **more: object,
) -> Prompt:
    """Make a new prompt the site's current one from now on, open-ended (older prompts
    and their tallies stay; a prompt scheduled to start later takes over then).

    `more`: kind, options, texts, option_texts, follow_up. Translations must be in
    the site's languages, other than its first (the language of `text`)."""
    when = now_ms() if created_ms is None else created_ms
    return create_prompt(
        session=session,
        runs={site_slug: (when, None)},
        text=text,
        emoji=emoji,
        created_ms=when,
        **more,
    )


def current_prompt(*, session: Session, site_id: int, now_ms: int) -> Prompt | None:
    """The prompt running at the site at `now_ms` that started last, or None when
    nothing runs there then (docs/prompts.md, "Which prompt a kiosk shows")."""
    query = (
        select(Prompt)
        .join(PromptRun, col(PromptRun.prompt_id) == col(Prompt.id))
        .where(
            PromptRun.site_id == site_id,
            col(PromptRun.start_ms) <= now_ms,
            or_(col(PromptRun.end_ms).is_(None), col(PromptRun.end_ms) > now_ms),
        )
        .order_by(col(PromptRun.start_ms).desc(), col(Prompt.id).desc())
        .limit(1)
    )
    return session.exec(query).first()


def list_prompts(*, session: Session, site_slug: str) -> list[Prompt]:
    """The prompts that run (or ran, or will run) at a site, newest first."""
    site = get_site(session=session, slug=site_slug)
    query = (
        select(Prompt)
        .join(PromptRun, col(PromptRun.prompt_id) == col(Prompt.id))
        .where(PromptRun.site_id == site.id)
        .order_by(col(Prompt.created_ms).desc(), col(Prompt.id).desc())
    )
    return list(session.exec(query).all())
