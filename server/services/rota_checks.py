"""Which check fulfils which rota slot, and which slots were missed.

Derived from the check events the hub holds (DESIGN.md: the raw events are the
truth), whichever way they came: the check form, or a fridge kiosk's push.

- A check event that names a slot of its own fridge (`slot_id`) fulfils that slot,
  whenever it was made: the caretaker came, if late.
- Any other check fulfils the earliest slot not yet done whose window holds the time
  the hub placed it at: from EARLY_MS before the slot's time to MISSED_AFTER_MS after.
- Each check fulfils at most one slot (rota_slot.done_event_id is unique).
- A slot not done MISSED_AFTER_MS after its time is flagged once: an alert
  `missed_slot:<slot id>` for the organisers. The flag is cleared when the slot is
  fulfilled after all (a kiosk back online with a check placed in the window) or
  when any later check at the fridge shows it has been checked since.
- Slots due more than MATCH_BACK_MS ago are history: nothing changes them any more.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from server.alerts import clear_alert, raise_alert
from server.core.writers import write_lock
from server.models import Event, Site
from server.models_fridge import Fridge
from server.models_rota import ROTA_SLOT_TABLE, RotaSlot
from server.services.rota import EARLY_MS, MISSED_AFTER_MS, expand_slots

# A kiosk may come back after a week offline with checks it held.
MATCH_BACK_MS = 8 * 86_400_000


def alert_key(slot_id: int) -> str:
    """The missed-slot alert's key: one alert per slot, ever."""
    return f"missed_slot:{slot_id}"


def _check_events(session: Session, site_id: int, since_ms: int) -> list[Event]:
    return list(
        session.exec(
            select(Event)
            .where(
                col(Event.site_id) == site_id,
                col(Event.type) == "check",
                col(Event.received_ms) >= since_ms,
            )
            .order_by(col(Event.placed_ms), col(Event.id))
        ).all()
    )


def match_checks(session: Session, *, site_id: int, now_ms: int) -> int:
    """Mark the slots the site's checks fulfil, clearing missed flags; how many. No commit."""
    slots = list(
        session.exec(
            select(RotaSlot)
            .where(
                col(RotaSlot.site_id) == site_id,
                col(RotaSlot.cancelled_ms).is_(None),
                col(RotaSlot.due_ms) >= now_ms - MATCH_BACK_MS,
                col(RotaSlot.due_ms) <= now_ms + EARLY_MS,
            )
            .order_by(col(RotaSlot.due_ms), col(RotaSlot.id))
        ).all()
    )
    events = _check_events(session, site_id, now_ms - MATCH_BACK_MS)
    if not events:
        return 0
    used = set(
        session.exec(
            select(RotaSlot.done_event_id).where(
                col(RotaSlot.done_event_id).in_([event.id for event in events])
            )
        ).all()
    )
    fulfilled = 0
    for event in events:
        if event.id in used:
            continue
        slot = _named_slot(session, event, site_id) or _slot_for(
            event, [slot for slot in slots if slot.done_ms is None]
        )
        if slot is None:
            continue
        done_ms = event.placed_ms if event.placed_ms is not None else event.received_ms
        # Conditional, so a concurrent match (the form's and the job's) cannot undo
        # another: the first to fulfil the slot keeps it.
        result = session.connection().execute(
            update(ROTA_SLOT_TABLE)
            .where(ROTA_SLOT_TABLE.c.id == slot.id, ROTA_SLOT_TABLE.c.done_ms.is_(None))
            .values(done_event_id=event.id, done_ms=done_ms)
        )
        session.refresh(slot)
        if result.rowcount:
            used.add(event.id)
            fulfilled += 1
    for slot in slots:
        if slot.missed_ms is None or slot.cleared_ms is not None:
            continue
        checked_since = slot.done_ms is not None or any(
            event.placed_ms is not None and event.placed_ms > slot.due_ms for event in events
        )
        if checked_since:
            assert slot.id is not None
            clear_alert(session, key=alert_key(slot.id), now_ms=now_ms)
            slot.cleared_ms = now_ms
            session.add(slot)
    session.flush()
    return fulfilled


def _named_slot(session: Session, event: Event, site_id: int) -> RotaSlot | None:
    """The slot a check names, when it is this fridge's, on the rota and not yet done."""
    named = event.payload.get("slot_id")
    slot = session.get(RotaSlot, named) if isinstance(named, int) else None
    if slot is None or slot.site_id != site_id or slot.cancelled_ms is not None:
        return None
    return slot if slot.done_ms is None else None


def _slot_for(event: Event, open_slots: list[RotaSlot]) -> RotaSlot | None:
    """The earliest open slot whose window holds the time the check was placed at."""
    if event.placed_ms is None:  # not yet placed in time: matched once it is
        return None
    for slot in open_slots:
        if slot.due_ms - EARLY_MS <= event.placed_ms <= slot.due_ms + MISSED_AFTER_MS:
            return slot
    return None


def flag_missed(session: Session, *, site: Site, now_ms: int) -> int:
    """Raise one alert per slot past its grace and not done; how many. No commit."""
    assert site.id is not None
    slots = session.exec(
        select(RotaSlot).where(
            col(RotaSlot.site_id) == site.id,
            col(RotaSlot.cancelled_ms).is_(None),
            col(RotaSlot.done_ms).is_(None),
            col(RotaSlot.missed_ms).is_(None),
            col(RotaSlot.due_ms) >= now_ms - MATCH_BACK_MS,
            col(RotaSlot.due_ms) < now_ms - MISSED_AFTER_MS,
        )
    ).all()
    zone = ZoneInfo(site.timezone)
    for slot in slots:
        assert slot.id is not None
        local = datetime.fromtimestamp(slot.due_ms / 1000, tz=zone)
        # Organisers only: the nickname says whom to ask.
        who = f"taken by {slot.nickname}" if slot.nickname else "nobody had taken it"
        raise_alert(
            session,
            site_id=site.id,
            kind="missed_slot",
            key=alert_key(slot.id),
            message=f"{site.name}: no check for the {local:%H:%M} slot on "
            f"{local:%a} {local.day} {local:%b} ({who})",
            now_ms=now_ms,
        )
        slot.missed_ms = now_ms
        session.add(slot)
    session.flush()
    return len(slots)


def run_rota(engine: Engine, now_ms: int) -> None:
    """The rota job's work for every fridge: make slots, match checks, flag misses.
    One transaction per fridge, so one broken fridge does not hold up the others."""
    with Session(engine) as session:
        site_ids = list(session.exec(select(Fridge.site_id)).all())
    for site_id in site_ids:
        with write_lock(engine), Session(engine) as session:
            site = session.get(Site, site_id)
            if site is None:
                continue
            expand_slots(session, site=site, now_ms=now_ms)
            match_checks(session, site_id=site_id, now_ms=now_ms)
            flag_missed(session, site=site, now_ms=now_ms)
            session.commit()
