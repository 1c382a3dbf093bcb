"""The caretaker rota: check times per fridge, their slots, taking and releasing one.

An organiser adds a schedule (`at` HH:MM on some weekdays, in the site's time zone);
`expand_slots` turns the active schedules into one slot per due time for the coming
ROTA_DAYS_AHEAD days. It runs when a schedule is added and every minute in the rota
job, and inserts only what is missing, so running it again changes nothing. A local
time that a clock change skips (01:30 on the spring-forward night) falls an hour
later; one that happens twice is the first.

When a check fulfils a slot, when a slot counts as missed and what clears that is
server/services/rota_checks.py. docs/fridges.md ("Caretaker rota") tells the rules.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, func, select

from server.errors import AlreadyExists, InvalidInput, NotFound
from server.models import Site
from server.models_rota import ROTA_SLOT_TABLE, WEEKDAYS, RotaSchedule, RotaSlot
from storywall.protocol.config import ClockTime
from storywall.protocol.limits import MAX_NICKNAME_CHARS

# Slots exist this many days ahead: far enough to plan a fortnight of turns.
ROTA_DAYS_AHEAD = 14
# A check counts for a slot from EARLY_MS before its time to MISSED_AFTER_MS after it;
# a slot not done by then is missed (flagged to the organisers once).
EARLY_MS = 2 * 3600 * 1000
MISSED_AFTER_MS = 2 * 3600 * 1000
# A fridge has at most this many check times: more is a typo, not a rota.
MAX_SCHEDULES = 12

SlotState = Literal["open", "taken", "done", "missed", "cancelled"]


class SlotView(BaseModel):
    """A slot as a page shows it: when (UTC ms and the site's local words) and its state."""

    id: int
    due_ms: int
    local_day: str
    local_time: str
    state: SlotState


class RotaSummary(BaseModel):
    """What a fridge's page says about its rota (no nickname: the page is public)."""

    next_slot: SlotView | None
    open_slots: int
    last_missed_ms: int | None


def parse_days(text: str) -> str:
    """`daily` or weekday names (`mon,thu`) as the canonical comma list; InvalidInput else."""
    words = [word.strip().lower()[:3] for word in text.split(",") if word.strip()]
    if text.strip().lower() in ("daily", "every day", "all"):
        words = list(WEEKDAYS)
    unknown = [word for word in words if word not in WEEKDAYS]
    if not words or unknown:
        raise InvalidInput(f"rota days: name weekdays ({','.join(WEEKDAYS)}) or daily")
    return ",".join(day for day in WEEKDAYS if day in words)


def describe_days(days: str) -> str:
    """A schedule's days in words: "every day", "on weekdays", "on Mon and Thu"."""
    names = days.split(",")
    if len(names) == len(WEEKDAYS):
        return "every day"
    if names == list(WEEKDAYS[:5]):
        return "on weekdays"
    words = [name.capitalize() for name in names]
    return "on " + (words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1])


def parse_at(text: str) -> str:
    """A 24-hour HH:MM check time; InvalidInput else."""
    try:
        clock = time.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"rota at: {text!r} is not a time like 10:00") from None
    if clock.second or clock.microsecond:
        raise InvalidInput("rota at: whole minutes only, like 10:00")
    at: ClockTime = clock.strftime("%H:%M")
    return at


def add_schedule(
    session: Session, *, site: Site, at: str, days: str, now_ms: int
) -> tuple[RotaSchedule, int]:
    """A new check time at the fridge and how many slots it made at once. Commits."""
    assert site.id is not None
    active = session.exec(
        select(func.count()).where(
            col(RotaSchedule.site_id) == site.id, col(RotaSchedule.removed_ms).is_(None)
        )
    ).one()
    if active >= MAX_SCHEDULES:
        raise InvalidInput(f"rota: a fridge has at most {MAX_SCHEDULES} check times")
    schedule = RotaSchedule(
        site_id=site.id, at=parse_at(at), days=parse_days(days), created_ms=now_ms
    )
    # The same time twice would make two slots that one check cannot both fulfil: the
    # second would always be missed and raise an alert.
    for held in list_schedules(session, site_id=site.id):
        shared = set(held.days.split(",")) & set(schedule.days.split(","))
        if held.at == schedule.at and shared:
            on = describe_days(",".join(day for day in WEEKDAYS if day in shared))
            raise InvalidInput(
                f"rota: check time {held.id} is already at {held.at} {on}; "
                f"rota-remove it first to change its days"
            )
    session.add(schedule)
    session.flush()
    made = expand_slots(session, site=site, now_ms=now_ms)
    session.commit()
    session.refresh(schedule)
    return schedule, made


def list_schedules(session: Session, *, site_id: int) -> list[RotaSchedule]:
    """The fridge's active check times, by time of day."""
    return list(
        session.exec(
            select(RotaSchedule)
            .where(col(RotaSchedule.site_id) == site_id, col(RotaSchedule.removed_ms).is_(None))
            .order_by(col(RotaSchedule.at), col(RotaSchedule.id))
        ).all()
    )


def remove_schedule(session: Session, *, site_id: int, schedule_id: int, now_ms: int) -> int:
    """Stop a check time; its slots still to come are cancelled (their count). Commits."""
    schedule = session.get(RotaSchedule, schedule_id)
    if schedule is None or schedule.site_id != site_id or schedule.removed_ms is not None:
        raise NotFound(f"rota: this fridge has no check time {schedule_id}")
    schedule.removed_ms = now_ms
    session.add(schedule)
    result = session.connection().execute(
        update(ROTA_SLOT_TABLE)
        .where(
            ROTA_SLOT_TABLE.c.schedule_id == schedule_id,
            ROTA_SLOT_TABLE.c.due_ms > now_ms,
            ROTA_SLOT_TABLE.c.done_ms.is_(None),
            ROTA_SLOT_TABLE.c.cancelled_ms.is_(None),
        )
        .values(cancelled_ms=now_ms)
    )
    session.commit()
    return int(result.rowcount)


def due_times(schedule: RotaSchedule, zone: ZoneInfo, now_ms: int) -> list[int]:
    """The schedule's due times (UTC ms) from today (local) to ROTA_DAYS_AHEAD days on,
    none before the schedule existed."""
    today = datetime.fromtimestamp(now_ms / 1000, tz=zone).date()
    at = time.fromisoformat(schedule.at)
    days = schedule.days.split(",")
    times = []
    for offset in range(ROTA_DAYS_AHEAD + 1):
        day = today + timedelta(days=offset)
        if WEEKDAYS[day.weekday()] not in days:
            continue
        local = datetime.combine(day, at, tzinfo=zone)
        # Through UTC and back: a skipped local time becomes a real one.
        due_ms = int(local.astimezone(UTC).timestamp() * 1000)
        if due_ms >= schedule.created_ms:
            times.append(due_ms)
    return times


def expand_slots(session: Session, *, site: Site, now_ms: int) -> int:
    """Insert the missing slots of the site's active schedules; how many. No commit."""
    assert site.id is not None
    zone = ZoneInfo(site.timezone)
    rows = [
        {"site_id": site.id, "schedule_id": schedule.id, "due_ms": due_ms}
        for schedule in list_schedules(session, site_id=site.id)
        for due_ms in due_times(schedule, zone, now_ms)
    ]
    if not rows:
        return 0
    connection = session.connection()
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    # RETURNING counts what was inserted on both engines (rowcount may be -1).
    statement = (
        insert(ROTA_SLOT_TABLE)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["schedule_id", "due_ms"])
        .returning(ROTA_SLOT_TABLE.c.id)
    )
    return len(connection.execute(statement).all())


def slot_state(slot: RotaSlot, now_ms: int) -> SlotState:
    """Where a slot stands at `now_ms`."""
    if slot.cancelled_ms is not None:
        return "cancelled"
    if slot.done_ms is not None:
        return "done"
    if slot.missed_ms is not None or now_ms > slot.due_ms + MISSED_AFTER_MS:
        return "missed"
    return "taken" if slot.claim is not None else "open"


def view(slot: RotaSlot, zone: ZoneInfo, now_ms: int) -> SlotView:
    """The slot in the site's local words ("Tue 2 Dec", "10:00")."""
    assert slot.id is not None
    local = datetime.fromtimestamp(slot.due_ms / 1000, tz=zone)
    return SlotView(
        id=slot.id,
        due_ms=slot.due_ms,
        local_day=f"{local:%a} {local.day} {local:%b}",
        local_time=f"{local:%H:%M}",
        state=slot_state(slot, now_ms),
    )


def slots_between(session: Session, *, site_id: int, start_ms: int, end_ms: int) -> list[RotaSlot]:
    """The site's slots due in [start_ms, end_ms), not cancelled, by due time."""
    return list(
        session.exec(
            select(RotaSlot)
            .where(
                col(RotaSlot.site_id) == site_id,
                col(RotaSlot.due_ms) >= start_ms,
                col(RotaSlot.due_ms) < end_ms,
                col(RotaSlot.cancelled_ms).is_(None),
            )
            .order_by(col(RotaSlot.due_ms), col(RotaSlot.id))
        ).all()
    )


def upcoming(session: Session, *, site: Site, now_ms: int) -> list[SlotView]:
    """Slots still to be done (not yet past their grace), soonest first."""
    assert site.id is not None
    zone = ZoneInfo(site.timezone)
    end = now_ms + (ROTA_DAYS_AHEAD + 1) * 86_400_000
    slots = slots_between(session, site_id=site.id, start_ms=now_ms - MISSED_AFTER_MS, end_ms=end)
    return [
        view(slot, zone, now_ms) for slot in slots if slot.done_ms is None or slot.due_ms > now_ms
    ]


def recent(session: Session, *, site: Site, now_ms: int, days: int = 7) -> list[SlotView]:
    """The last `days` days' slots that are settled (checked, or past their grace),
    newest first: whether the fridge was checked, never by whom."""
    assert site.id is not None
    zone = ZoneInfo(site.timezone)
    slots = slots_between(
        session, site_id=site.id, start_ms=now_ms - days * 86_400_000, end_ms=now_ms + 1
    )
    views = [view(slot, zone, now_ms) for slot in slots]
    settled = [
        v for v in views if v.state == "missed" or (v.state == "done" and v.due_ms <= now_ms)
    ]
    return settled[::-1]


def takeable(slot: RotaSlot, now_ms: int) -> bool:
    """A volunteer may take it: open, and not yet past its time."""
    return slot_state(slot, now_ms) == "open" and slot.due_ms + MISSED_AFTER_MS > now_ms


def take_slot(
    session: Session, *, site_id: int, slot_id: int, nickname: str, now_ms: int
) -> RotaSlot:
    """Give the slot to `nickname`; AlreadyExists when someone was quicker. Commits.

    One conditional UPDATE, so two volunteers taking it at once cannot both win."""
    nickname = " ".join(nickname.split())
    if not 1 <= len(nickname) <= MAX_NICKNAME_CHARS:
        raise InvalidInput(f"nickname: 1 to {MAX_NICKNAME_CHARS} characters")
    slot = session.get(RotaSlot, slot_id)
    if slot is None or slot.site_id != site_id or slot.cancelled_ms is not None:
        raise NotFound("this slot is not on the rota")
    if not takeable(slot, now_ms):
        raise AlreadyExists("this slot is no longer open")
    claim = secrets.token_hex(16)
    result = session.connection().execute(
        update(ROTA_SLOT_TABLE)
        .where(ROTA_SLOT_TABLE.c.id == slot_id, ROTA_SLOT_TABLE.c.claim.is_(None))
        .values(nickname=nickname, claim=claim, taken_ms=now_ms)
    )
    session.commit()
    if result.rowcount != 1:
        raise AlreadyExists("someone has just taken this slot")
    session.refresh(slot)
    return slot


def release_slot(session: Session, *, slot_id: int, claim: str, now_ms: int) -> bool:
    """Give a taken slot back (only its taker's claim can); True when it was released.
    A slot already done stays done. Commits."""
    result = session.connection().execute(
        update(ROTA_SLOT_TABLE)
        .where(
            ROTA_SLOT_TABLE.c.id == slot_id,
            ROTA_SLOT_TABLE.c.claim == claim,
            ROTA_SLOT_TABLE.c.done_ms.is_(None),
            ROTA_SLOT_TABLE.c.due_ms + MISSED_AFTER_MS > now_ms,
        )
        .values(nickname=None, claim=None, taken_ms=None)
    )
    session.commit()
    return bool(result.rowcount)


def rota_summary(session: Session, site_id: int, now_ms: int) -> RotaSummary:
    """The next slot still to do, how many upcoming slots nobody has taken, and when a
    slot was last missed (for the fridge's public page)."""
    site = session.get(Site, site_id)
    if site is None:
        raise NotFound(f"no site {site_id}")
    slots = [slot for slot in upcoming(session, site=site, now_ms=now_ms) if slot.due_ms > now_ms]
    pending = [slot for slot in slots if slot.state in ("open", "taken")]
    last_missed = session.exec(
        select(func.max(RotaSlot.due_ms)).where(
            col(RotaSlot.site_id) == site_id,
            col(RotaSlot.missed_ms).is_not(None),
            col(RotaSlot.done_ms).is_(None),
        )
    ).one()
    return RotaSummary(
        next_slot=pending[0] if pending else None,
        open_slots=sum(1 for slot in pending if slot.state == "open"),
        last_missed_ms=last_missed,
    )
