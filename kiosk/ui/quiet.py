"""Quiet hours: when the screen dims and the attract screen stops moving.

A pure function of the configuration's QuietHours and the site's local time, so it is tested
without a clock. The site's time comes from its IANA zone; a kiosk that does not know the zone
(a bad name, no tz database) uses its own local time rather than never being quiet.
"""

from __future__ import annotations

from datetime import datetime, time, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from storywall.protocol.config import QuietHours


def _parse(clock: str) -> time:
    hours, minutes = clock.split(":")
    return time(int(hours), int(minutes))


def is_quiet(quiet: QuietHours | None, local: time) -> bool:
    """Whether `local` (site time) falls in the quiet hours: start inclusive, end exclusive.
    A start after the end spans midnight; start == end means no quiet hours at all."""
    if quiet is None:
        return False
    start, end = _parse(quiet.start), _parse(quiet.end)
    now = local.replace(second=0, microsecond=0, tzinfo=None)
    if start == end:
        return False
    if start < end:
        return start <= now < end
    return now >= start or now < end


def site_zone(name: str | None) -> tzinfo | None:
    """The site's zone, or None (the kiosk's local time) when it cannot be found."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def site_time(zone: tzinfo | None, now: datetime | None = None) -> time:
    """The wall-clock time at the site now (or at `now`, an aware datetime)."""
    moment = now if now is not None else datetime.now().astimezone()
    local = moment.astimezone(zone) if zone is not None else moment.astimezone()
    return local.time()
