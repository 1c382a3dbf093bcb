"""Reactions on the hub: the prompt must be the kiosk's site's, the emoji the prompt's."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import cast

from sqlmodel import Session, col, select

from server.events.registry import Derived, EventKind, register_kind
from server.models import Kiosk, Prompt
from storywall.protocol import Event, ReactionEvent, ReactionPayload
from storywall.protocol.reaction import PressSource

REASON_UNKNOWN_PROMPT = "payload.prompt_id: not a prompt of this kiosk's site"
REASON_UNKNOWN_EMOJI = "payload.emoji: not one of this prompt's emoji"


class ReactionKind(EventKind):
    """A press of an emoji button; tallies read its prompt and emoji columns."""

    model = ReactionEvent

    def check(self, session: Session, kiosk: Kiosk, events: Sequence[Event]) -> list[str | None]:
        # The registry hands a kind only events of its own type.
        payloads = [cast(ReactionPayload, event.payload) for event in events]
        prompts = _prompt_emoji(session, kiosk.site_id, {p.prompt_id for p in payloads})
        # (prompt, emoji) -> reason: a push repeats a handful of pairs.
        verdicts: dict[tuple[int, str], str | None] = {}
        reasons: list[str | None] = []
        for payload in payloads:
            key = (payload.prompt_id, payload.choice)
            if key not in verdicts:
                emoji = prompts.get(payload.prompt_id)
                verdicts[key] = (
                    REASON_UNKNOWN_PROMPT
                    if emoji is None
                    else None
                    if payload.choice in emoji
                    else REASON_UNKNOWN_EMOJI
                )
            reasons.append(verdicts[key])
        return reasons

    def payload_json(self, event: Event) -> str:
        # A push repeats a handful of (prompt, emoji, source): write each JSON once.
        payload = cast(ReactionPayload, event.payload)
        if payload.emoji is None or payload.play:
            return payload.model_dump_json()
        return _reaction_json(payload.prompt_id, payload.emoji, payload.source)

    def derive(self, event: Event) -> Derived:
        assert isinstance(event, ReactionEvent)
        return Derived(prompt_id=event.payload.prompt_id, choice=event.payload.choice)


@lru_cache(maxsize=4096)
def _reaction_json(prompt_id: int, emoji: str, source: PressSource) -> str:
    return ReactionPayload(prompt_id=prompt_id, emoji=emoji, source=source).model_dump_json()


def _prompt_emoji(session: Session, site_id: int, prompt_ids: set[int]) -> dict[int, set[str]]:
    """prompt id -> its emoji, for the named prompts that belong to the site."""
    if not prompt_ids:
        return {}
    rows = session.exec(
        select(Prompt.id, Prompt.emoji).where(
            Prompt.site_id == site_id, col(Prompt.id).in_(sorted(prompt_ids))
        )
    ).all()
    return {prompt_id: set(emoji) for prompt_id, emoji in rows if prompt_id is not None}


register_kind(ReactionKind())
