"""`storywall admin rota-*`: a fridge's cleaning rota, for its organisers.

Organisers see who took each slot (the nickname); nobody else does.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from sqlmodel import Session

    from server.core.config import Settings
    from server.models_rota import RotaSchedule

STATE_WORDS = {
    "open": "open",
    "taken": "taken",
    "done": "checked",
    "missed": "MISSED",
    "cancelled": "cancelled",
}


def describe_schedule(schedule: RotaSchedule) -> str:
    """One line: `check time 3: daily at 10:00`."""
    every = "daily" if schedule.days.count(",") == 6 else schedule.days
    return f"check time {schedule.id}: {every} at {schedule.at}"


def manage(session: Session, args: argparse.Namespace, settings: Settings, public_url: str) -> None:
    """Run one rota action on the hub's database."""
    from server.clock import now_ms
    from server.fridges import get_fridge
    from server.services import rota

    site, _fridge = get_fridge(session=session, site_slug=args.fridge)
    assert site.id is not None
    now = now_ms()
    if args.action == "rota-add":
        schedule, made = rota.add_schedule(session, site=site, at=args.at, days=args.days,
                                           now_ms=now)  # fmt: skip
        print(f"rota {site.slug}: {describe_schedule(schedule)} ({site.timezone}); "
              f"{made} slots made")  # fmt: skip
    elif args.action == "rota-remove":
        cancelled = rota.remove_schedule(
            session, site_id=site.id, schedule_id=args.schedule_id, now_ms=now
        )
        print(f"rota {site.slug}: check time {args.schedule_id} removed; "
              f"{cancelled} coming slots cancelled")  # fmt: skip
    elif args.action == "rota-list":
        _list(session, site.id, site.timezone, now)
    elif args.action == "rota-link":
        from server.services.rota_links import check_token, take_token

        until = now + args.valid_days * 86_400_000
        take = take_token(settings.secret_key, site_id=site.id, until_ms=until)
        check = check_token(settings.secret_key, site_id=site.id)
        base = public_url.rstrip("/")
        print(f"take slots (share with volunteers, {args.valid_days} days): "
              f"{base}/rota/take/{take}")  # fmt: skip
        print(f"check form (for the fridge's QR code): {base}/c/{check}")


def _list(session: Session, site_id: int, timezone: str, now: int) -> None:
    from server.services import rota

    schedules = rota.list_schedules(session, site_id=site_id)
    if not schedules:
        print("no check times")
        return
    for schedule in schedules:
        print(describe_schedule(schedule))
    zone = ZoneInfo(timezone)
    end = now + (rota.ROTA_DAYS_AHEAD + 1) * 86_400_000
    start = now - 7 * 86_400_000
    for slot in rota.slots_between(session, site_id=site_id, start_ms=start, end_ms=end):
        local = datetime.fromtimestamp(slot.due_ms / 1000, tz=zone)
        state = STATE_WORDS[rota.slot_state(slot, now)]
        who = f" by {slot.nickname}" if slot.nickname else ""
        print(f"  slot {slot.id}: {local:%a %Y-%m-%d %H:%M} {state}{who}")
