"""Reactions on the hub: the prompt must run at the kiosk's site, the answer be one of
its own, and the prompt not be locked when the answer was given.

An emoji prompt or a slider is answered with one of its emoji, a poll with the index
of one of its options; `play` is kept as a derived column so tallies leave it out.
A locked prompt takes no answer made at or after its lock: an event with a
synchronised clock is judged by its own time (a kiosk offline since before the lock
still delivers what it took), one without by its arrival, which is after the lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple, cast

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from server.events.registry import Derived, EventKind, register_kind
from server.models import Kiosk, Prompt
from server.models_prompts import PromptRun
from storywall.protocol import Event, ReactionEvent, ReactionPayload
from storywall.protocol.config import PromptKind
from storywall.protocol.reaction import PressSource, choice_key

REASON_UNKNOWN_PROMPT = "payload.prompt_id: not a prompt of this kiosk's site"
REASON_UNKNOWN_EMOJI = "payload.emoji: not one of this prompt's emoji"
REASON_UNKNOWN_OPTION = "payload.option: not one of this poll's options"
REASON_POLL_NEEDS_OPTION = "payload.emoji: this prompt is a poll; answer with option"
REASON_EMOJI_NOT_OPTION = "payload.option: only a poll has options; answer with emoji"
REASON_LOCKED = "payload.prompt_id: this prompt is locked: it takes no new answers"


class ReactionKind(EventKind):
    """A press of an answer button; tallies read its prompt, choice and play columns."""

    model = ReactionEvent

    def check(self, session: Session, kiosk: Kiosk, events: Sequence[Event]) -> list[str | None]:
        # The registry hands a kind only events of its own type.
        payloads = [cast(ReactionPayload, event.payload) for event in events]
        prompts = _prompt_answers(session, kiosk.site_id, {p.prompt_id for p in payloads})
        # (prompt, choice) -> reason: a push repeats a handful of pairs.
        verdicts: dict[tuple[int, str], str | None] = {}
        reasons: list[str | None] = []
        for event, payload in zip(events, payloads, strict=True):
            key = (payload.prompt_id, payload.choice)
            if key not in verdicts:
                verdicts[key] = _verdict(prompts.get(payload.prompt_id), payload)
            reason = verdicts[key]
            if reason is None:
                locked_ms = prompts[payload.prompt_id].locked_ms
                if locked_ms is not None and (
                    not event.clock_synced or event.wall_time.timestamp() * 1000 >= locked_ms
                ):
                    reason = REASON_LOCKED
            reasons.append(reason)
        return reasons

    def payload_json(self, event: Event) -> str:
        # A push repeats a handful of (prompt, emoji, source): write each JSON once.
        payload = cast(ReactionPayload, event.payload)
        if payload.emoji is None or payload.play:
            return payload.model_dump_json()
        return _reaction_json(payload.prompt_id, payload.emoji, payload.source)

    def derive(self, event: Event) -> Derived:
        assert isinstance(event, ReactionEvent)
        payload = event.payload
        return Derived(prompt_id=payload.prompt_id, choice=payload.choice, play=payload.play)


class _Answers(NamedTuple):
    kind: PromptKind
    choices: frozenset[str]
    locked_ms: int | None


def _verdict(answers: _Answers | None, payload: ReactionPayload) -> str | None:
    if answers is None:
        return REASON_UNKNOWN_PROMPT
    kind, choices = answers.kind, answers.choices
    if payload.choice in choices:
        return None
    if kind == "poll":
        return REASON_POLL_NEEDS_OPTION if payload.option is None else REASON_UNKNOWN_OPTION
    return REASON_UNKNOWN_EMOJI if payload.option is None else REASON_EMOJI_NOT_OPTION


@lru_cache(maxsize=4096)
def _reaction_json(prompt_id: int, emoji: str, source: PressSource) -> str:
    return ReactionPayload(prompt_id=prompt_id, emoji=emoji, source=source).model_dump_json()


def prompt_choices(kind: str, emoji: Sequence[str], options: Sequence[str]) -> list[str]:
    """A prompt's answers as tally keys, in button order (reaction.choice_key)."""
    if kind == "poll":
        return [choice_key(option=index) for index in range(len(options))]
    return list(emoji)


def _prompt_answers(session: Session, site_id: int, prompt_ids: set[int]) -> dict[int, _Answers]:
    """prompt id -> its kind, answers (tally keys) and lock, for the named prompts that
    run (or ran, or will run) at the site."""
    if not prompt_ids:
        return {}
    # Columns, not Prompt rows: a push's check needs no texts or translations.
    rows = session.connection().execute(
        sa_select(
            col(Prompt.id), col(Prompt.kind), col(Prompt.emoji), col(Prompt.options),
            col(Prompt.locked_ms),
        )
        .join(PromptRun, col(PromptRun.prompt_id) == col(Prompt.id))
        .where(col(PromptRun.site_id) == site_id, col(Prompt.id).in_(sorted(prompt_ids)))
    )  # fmt: skip
    return {
        prompt_id: _Answers(kind, frozenset(prompt_choices(kind, emoji, options)), locked_ms)
        for prompt_id, kind, emoji, options, locked_ms in rows
        if prompt_id is not None
    }


register_kind(ReactionKind())
