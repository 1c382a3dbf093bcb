"""Store a kiosk's pushed batch: one result per event, one transaction per batch.

The hot path of the hub. Per batch it does a fixed number of queries whatever its
size: one SELECT for ids already held, one for the prompts the reactions name,
one for the boots' time anchors, then a Core bulk INSERT (an executemany), plus
one UPDATE per boot whose time anchor improved.

Per event it validates once (`parse_event_with_payload` hands back the typed
payload too), serialises a reaction's payload once per distinct payload in the
batch (a batch repeats a handful of emoji), and builds the answer with a single
validation of the whole result list: `make bench` (bench/fig_hub_ingest.py)
measures this path against plain sqlite3.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from pydantic import BaseModel
from sqlalchemy import bindparam, insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from server import timeline
from server.errors import RetryLater
from server.models import EVENT_TABLE, Kiosk, Prompt
from storywall.protocol import (
    EventType,
    PushRequest,
    PushResponse,
    PushResult,
    ReactionPayload,
    ResultStatus,
)
from storywall.protocol.events import Event as WireEvent
from storywall.protocol.events import parse_event_with_payload

# A concurrent push of the same events makes our INSERT collide; each retry sees
# the other push's rows and calls them duplicates, so two attempts nearly always do.
MAX_ATTEMPTS = 4

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_MS = timedelta(milliseconds=1)

REASON_WRONG_KIOSK = "kiosk_id: does not match the token's kiosk"
REASON_FOREIGN_ID = "id: already used by another kiosk's event"
REASON_UNKNOWN_PROMPT = "payload.prompt_id: not a prompt of this kiosk's site"
REASON_UNKNOWN_EMOJI = "payload.emoji: not one of this prompt's emoji"


def epoch_ms(moment: datetime) -> int:
    """Integer epoch milliseconds of an aware datetime (exact, also before 1970)."""
    return (moment - _EPOCH) // _ONE_MS


class _Candidate(NamedTuple):
    """An event that passed validation on its own, waiting for the database checks.

    A NamedTuple: built once per event, and a frozen dataclass's __init__ costs
    several times more."""

    position: int  # in the request (`index` is a tuple method)
    event: WireEvent
    id: str
    # The payload as stored: its model's JSON-mode dump, serialised by json.dumps.
    payload_json: str
    reaction: ReactionPayload | None


def _rejected(index: int, event_id: str | None, reason: str) -> PushResult:
    return PushResult(index=index, id=event_id, status=ResultStatus.REJECTED, reason=reason)


def _prepare(request: PushRequest, kiosk: Kiosk) -> tuple[dict[int, PushResult], list[_Candidate]]:
    """Parse every event once; results for those refused on their own, the rest to check."""
    final: dict[int, PushResult] = {}
    candidates: list[_Candidate] = []
    kiosk_id = kiosk.id
    # (prompt_id, emoji, source) -> stored JSON: a reaction's payload is those fields.
    reaction_json: dict[tuple[int, str, str], str] = {}
    for index, raw in enumerate(request.events):
        parsed = parse_event_with_payload(raw)
        if isinstance(parsed, str):
            final[index] = _rejected(index, None, parsed)
            continue
        event, typed = parsed
        event_id = str(event.id)
        if event.kiosk_id != kiosk_id:
            final[index] = _rejected(index, event_id, REASON_WRONG_KIOSK)
            continue
        if isinstance(typed, ReactionPayload):
            reaction: ReactionPayload | None = typed
            key = (typed.prompt_id, typed.emoji, typed.source)
            payload_json = reaction_json.get(key)
            if payload_json is None:
                payload_json = reaction_json[key] = _payload_json(typed)
        else:
            reaction = None
            payload_json = _payload_json(typed)
        candidates.append(_Candidate(index, event, event_id, payload_json, reaction))
    return final, candidates


def _payload_json(typed: BaseModel) -> str:
    # Store the payload as its model reads it: normalised, and plain JSON only.
    return json.dumps(typed.model_dump(mode="json"))


def _held_by(session: Session, ids: list[str]) -> dict[str, str]:
    """event id -> kiosk id, for the ids already stored."""
    if not ids:
        return {}
    rows = session.connection().execute(_HELD_BY, {"ids": ids})
    return {event_id: kiosk_id for event_id, kiosk_id in rows}


# One expanding parameter: the ids reach the driver as they are, with no per-id
# SQL expression object (a batch has up to 500 of them).
_HELD_BY = select(EVENT_TABLE.c.id, EVENT_TABLE.c.kiosk_id).where(
    EVENT_TABLE.c.id.in_(bindparam("ids", expanding=True))
)


def _prompt_emoji(session: Session, site_id: int, prompt_ids: set[int]) -> dict[int, list[str]]:
    """prompt id -> its emoji, for the named prompts that belong to the site."""
    if not prompt_ids:
        return {}
    rows = session.exec(
        select(Prompt.id, Prompt.emoji).where(
            Prompt.site_id == site_id, col(Prompt.id).in_(sorted(prompt_ids))
        )
    ).all()
    return {prompt_id: list(emoji) for prompt_id, emoji in rows if prompt_id is not None}


def _attempt(
    session: Session,
    kiosk: Kiosk,
    request: PushRequest,
    final: dict[int, PushResult],
    candidates: list[_Candidate],
    received_ms: int,
) -> PushResponse:
    """Classify the candidates against the database and write the accepted ones."""
    # Accepted and duplicate answers stay plain dicts until the one validation below.
    results: dict[int, PushResult | dict[str, Any]] = dict(final)
    held = _held_by(session, [candidate.id for candidate in candidates])
    prompt_ids = {c.reaction.prompt_id for c in candidates if c.reaction is not None}
    prompts = _prompt_emoji(session, kiosk.site_id, prompt_ids)

    accepted: list[_Candidate] = []
    duplicates = 0
    seen: set[str] = set()
    for candidate in candidates:
        index, event_id = candidate.position, candidate.id
        holder = held.get(event_id)
        if holder is not None and holder != kiosk.id:
            results[index] = _rejected(index, event_id, REASON_FOREIGN_ID)
            continue
        if holder is not None or event_id in seen:
            results[index] = _held(index, event_id, ResultStatus.DUPLICATE)
            duplicates += 1
            continue
        reaction = candidate.reaction
        if reaction is not None:
            emoji = prompts.get(reaction.prompt_id)
            if emoji is None:
                results[index] = _rejected(index, event_id, REASON_UNKNOWN_PROMPT)
                continue
            if reaction.emoji not in emoji:
                results[index] = _rejected(index, event_id, REASON_UNKNOWN_EMOJI)
                continue
        seen.add(event_id)
        accepted.append(candidate)
        results[index] = _held(index, event_id, ResultStatus.ACCEPTED)

    _store(session, kiosk, request, accepted, received_ms)
    total = len(request.events)
    # One validation of the whole answer: far cheaper than a model per result.
    return PushResponse.model_validate(
        {
            "results": [results[index] for index in range(total)],
            "accepted": len(accepted),
            "duplicate": duplicates,
            "rejected": total - len(accepted) - duplicates,
        }
    )


def _held(index: int, event_id: str, status: ResultStatus) -> dict[str, Any]:
    """An accepted or duplicate answer, as the dict PushResponse validates."""
    return {"index": index, "id": event_id, "status": status, "reason": None}


def _store(
    session: Session,
    kiosk: Kiosk,
    request: PushRequest,
    accepted: list[_Candidate],
    received_ms: int,
) -> None:
    """Record the push's time anchors, re-place improved boots, bulk-insert the events."""
    ntp_offsets: dict[str, int] = {}
    earliest_seq: dict[str, int] = {}
    for candidate in accepted:
        event = candidate.event
        if not (event.type is EventType.HEARTBEAT and event.clock_synced):
            continue
        if event.boot_id not in earliest_seq or event.seq < earliest_seq[event.boot_id]:
            earliest_seq[event.boot_id] = event.seq
            ntp_offsets[event.boot_id] = epoch_ms(event.wall_time) - event.mono_ms
    anchors = timeline.record_anchors(
        session,
        kiosk_id=kiosk.id,
        boot_ids={candidate.event.boot_id for candidate in accepted},
        ntp_offsets=ntp_offsets,
        hub_bound=(request.boot_id, received_ms - request.sent_mono_ms),
        now_ms=received_ms,
    )
    # Before the insert, so the UPDATE only touches events stored by earlier pushes.
    for boot_id in sorted(anchors.changed):
        timeline.replace_stored(
            session, kiosk_id=kiosk.id, boot_id=boot_id, anchor=anchors.best[boot_id]
        )
    if not accepted:
        return
    kiosk_id, site_id = kiosk.id, kiosk.site_id
    best = anchors.best
    rows: list[tuple[Any, ...]] = []
    for candidate in accepted:
        event = candidate.event
        wall_ms = epoch_ms(event.wall_time)
        placed_ms, placed_by = timeline.place(
            clock_synced=event.clock_synced,
            wall_ms=wall_ms,
            mono_ms=event.mono_ms,
            anchor=best.get(event.boot_id),
        )
        reaction = candidate.reaction
        # In INSERT_COLUMNS order.
        rows.append(
            (
                candidate.id,
                kiosk_id,
                site_id,
                event.boot_id,
                event.seq,
                event.mono_ms,
                wall_ms,
                event.clock_synced,
                event.type.value,
                event.v,
                candidate.payload_json,
                received_ms,
                placed_ms,
                placed_by,
                None if reaction is None else reaction.prompt_id,
                None if reaction is None else reaction.emoji,
            )
        )
    _bulk_insert(session, rows)


INSERT_COLUMNS = (
    "id",
    "kiosk_id",
    "site_id",
    "boot_id",
    "seq",
    "mono_ms",
    "wall_ms",
    "clock_synced",
    "type",
    "v",
    "payload",
    "received_ms",
    "placed_ms",
    "placed_by",
    "prompt_id",
    "choice",
)


def _bulk_insert(session: Session, rows: list[tuple[Any, ...]]) -> None:
    """One executemany of the Core INSERT, compiled for this database's dialect.

    Rows go to the driver as they are (payload already serialised): that skips
    SQLAlchemy's per-row parameter processing, which on a 500-event batch cost
    more than SQLite's own work. Works for positional (SQLite) and named
    (psycopg) parameter styles alike.
    """
    connection = session.connection()
    compiled = insert(EVENT_TABLE).compile(
        dialect=connection.dialect, column_keys=list(INSERT_COLUMNS)
    )
    if compiled.positiontup is None:
        named = [dict(zip(INSERT_COLUMNS, row, strict=True)) for row in rows]
        connection.exec_driver_sql(compiled.string, named)
        return
    order = [INSERT_COLUMNS.index(name) for name in compiled.positiontup]
    if order != list(range(len(INSERT_COLUMNS))):
        rows = [tuple(row[i] for i in order) for row in rows]
    connection.exec_driver_sql(compiled.string, rows)


def ingest_batch(
    session: Session, *, kiosk: Kiosk, request: PushRequest, received_ms: int
) -> PushResponse:
    """Store a push from `kiosk` and answer per event; commits once, or raises.

    Raises RetryLater when concurrent pushes kept colliding; nothing is then stored.
    """
    final, candidates = _prepare(request, kiosk)
    for _attempt_number in range(MAX_ATTEMPTS):
        try:
            response = _attempt(session, kiosk, request, final, candidates, received_ms)
            session.commit()
        except IntegrityError:
            # Another push stored some of these ids (or anchors) first: start over,
            # and the next SELECT sees them as duplicates.
            session.rollback()
            continue
        return response
    raise RetryLater("concurrent pushes of the same events; retry the batch")
