"""Each fridge's daily summary: one "daily" update per local day (docs/fridges.md).

After a fridge's local midnight the job (server/jobs/daily_summary.py) writes the day
that ended: restocks (drop-offs, and items by category), the average and highest
temperature read by its thermometer, door openings and cleaning checks. The day is the
calendar day in the fridge site's timezone, so a day across a change to or from summer
time is 23 or 25 hours long.

A day on which the hub holds no event at all from the fridge (no telemetry, no
drop-off, no check) gets no summary: there is nothing to say, and a silent sensor is
the food-safety rule's to flag. A day with telemetry but no drop-off is worth saying
("no restocks"), since a fridge that people see empty is a call for help.

The key names the site and the date, so a run repeated, or two workers, write it once.
A summary says what the hub knew when it was written; readings that arrive after it
(a kiosk back from days offline) do not rewrite it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, func, select
from sqlmodel import Session

from server.events.fridge_reports import items_words
from server.fridges import list_fridges
from server.models import EVENT_TABLE, Site
from server.models_updates import FRIDGE_UPDATE_TABLE
from server.updates import record_update
from storywall.protocol.fridge import FOOD_CATEGORIES

# How many past days a run fills in when the hub was down across midnights; a
# fridge's summaries are never written for days before it became a fridge.
CATCH_UP_DAYS = 7
# A summary written more than this long after its day ended is history, not news.
DAILY_NEWS_WINDOW_MS = 24 * 60 * 60 * 1000

_EVENT = EVENT_TABLE.c


@dataclass(frozen=True)
class DaySummary:
    """What one fridge's local day held."""

    day: date
    start_ms: int
    end_ms: int
    events: int
    dropoffs: int
    items: dict[str, int]
    checks: int
    readings: int
    average_c: float | None
    maximum_c: float | None
    door_openings: int
    # Door events of any state: none means no door sensor spoke, so openings go unsaid.
    door_events: int


def local_day_bounds(day: date, timezone: str) -> tuple[int, int]:
    """Epoch ms of the local midnight starting `day` and of the one ending it."""
    zone = ZoneInfo(timezone)
    start = datetime.combine(day, time(), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=zone)
    return int(start.timestamp() * 1000), int(end.timestamp() * 1000)


def local_date(ms: int, timezone: str) -> date:
    """The calendar day at the fridge at epoch ms."""
    return datetime.fromtimestamp(ms / 1000, tz=UTC).astimezone(ZoneInfo(timezone)).date()


def daily_key(site_id: int, day: date) -> str:
    """The daily update's key: "daily:<site id>:<date>"."""
    return f"daily:{site_id}:{day.isoformat()}"


def summarise_day(session: Session, site: Site, day: date) -> DaySummary | None:
    """Read one fridge's local day: four queries, whatever the day held; None (after
    one query) when the hub holds no event of the fridge placed in that day."""
    assert site.id is not None
    start_ms, end_ms = local_day_bounds(day, site.timezone)
    in_day = (
        _EVENT.site_id == site.id,
        _EVENT.placed_ms >= start_ms,
        _EVENT.placed_ms < end_ms,
    )
    connection = session.connection()
    by_type: dict[str, int] = {
        str(type_name): int(count)
        for type_name, count in connection.execute(
            select(_EVENT.type, func.count()).where(*in_day).group_by(_EVENT.type)
        )
    }
    if not by_type:
        return None
    items: Counter[str] = Counter()
    for (payload,) in connection.execute(
        select(_EVENT.payload).where(*in_day, _EVENT.type == "dropoff")
    ):
        for name, count in payload.get("items", {}).items():
            items[name] += int(count)
    celsius = _EVENT.payload["celsius"].as_float()
    readings, average_c, maximum_c = connection.execute(
        select(func.count(celsius), func.avg(celsius), func.max(celsius)).where(
            *in_day, _EVENT.type == "temperature", celsius.is_not(None)
        )
    ).one()
    openings = connection.execute(
        select(func.count()).where(
            *in_day, _EVENT.type == "door", _EVENT.payload["state"].as_string() == "opened"
        )
    ).scalar_one()
    return DaySummary(
        day=day,
        start_ms=start_ms,
        end_ms=end_ms,
        events=sum(by_type.values()),
        dropoffs=by_type.get("dropoff", 0),
        items={name: items[name] for name in FOOD_CATEGORIES if items[name]},
        checks=by_type.get("check", 0),
        readings=int(readings),
        average_c=None if average_c is None else float(average_c),
        maximum_c=None if maximum_c is None else float(maximum_c),
        door_openings=int(openings),
        door_events=by_type.get("door", 0),
    )


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def describe_day(name: str, summary: DaySummary) -> tuple[str, str]:
    """The update's title and body ("Harbour Fridge on Fri 20 Jun 2025: 3 restocks")."""
    when = summary.day.strftime("%a %d %b %Y")
    restocks = (
        _plural(summary.dropoffs, "restock", "restocks") if summary.dropoffs else "no restocks"
    )
    title = f"{name} on {when}: {restocks}"
    lines: list[str] = []
    if summary.items:
        ordered = [(category, summary.items[category]) for category in summary.items]
        lines.append(f"{restocks.capitalize()}: {items_words(ordered)}.")
    else:
        lines.append(f"{restocks.capitalize()}.")
    if summary.readings and summary.average_c is not None and summary.maximum_c is not None:
        lines.append(
            f"Temperature: average {summary.average_c:.1f} °C, highest {summary.maximum_c:.1f} °C"
            f" ({_plural(summary.readings, 'reading', 'readings')})."
        )
    else:
        lines.append("No temperature readings.")
    if summary.door_events:
        lines.append(f"Door opened {_plural(summary.door_openings, 'time', 'times')}.")
    if summary.checks:
        lines.append(f"{_plural(summary.checks, 'cleaning check', 'cleaning checks')}.")
    return title, " ".join(lines)


def write_daily_summaries(engine: Engine, now_ms: int) -> int:
    """Write every fridge's summaries of the local days that ended and have none yet
    (at most CATCH_UP_DAYS back); how many were written. Commits per fridge."""
    written = 0
    with Session(engine, expire_on_commit=False) as session:
        fridges = list_fridges(session=session)
        for site, fridge in fridges:
            assert site.id is not None
            today = local_date(now_ms, site.timezone)
            first = max(
                local_date(fridge.created_ms, site.timezone), today - timedelta(CATCH_UP_DAYS)
            )
            days = [first + timedelta(n) for n in range((today - first).days)]
            if not days:
                continue
            keys = {daily_key(site.id, day): day for day in days}
            held = set(
                session.connection()
                .execute(
                    select(FRIDGE_UPDATE_TABLE.c.key).where(
                        FRIDGE_UPDATE_TABLE.c.key.in_(sorted(keys))
                    )
                )
                .scalars()
            )
            for key, day in keys.items():
                if key in held:
                    continue
                summary = summarise_day(session, site, day)
                if summary is None:
                    continue
                title, body = describe_day(site.name, summary)
                written += record_update(
                    session,
                    site_id=site.id,
                    kind="daily",
                    key=key,
                    occurred_ms=summary.end_ms,
                    now_ms=now_ms,
                    title=title,
                    body=body,
                    news=now_ms - summary.end_ms <= DAILY_NEWS_WINDOW_MS,
                )
            session.commit()
    return written
