"""Quiet hours as a pure function of the configuration and the site's local time."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from kiosk.ui.quiet import is_quiet, site_time, site_zone
from storywall.protocol.config import QuietHours

NIGHT = QuietHours(start="21:00", end="07:00")
LUNCH = QuietHours(start="12:00", end="13:30")


@pytest.mark.parametrize(
    ("hours", "local", "quiet"),
    [
        (NIGHT, time(20, 59), False),
        (NIGHT, time(21, 0), True),  # the start is quiet
        (NIGHT, time(23, 59, 59), True),
        (NIGHT, time(0, 0), True),  # across midnight
        (NIGHT, time(6, 59), True),
        (NIGHT, time(7, 0), False),  # the end is not
        (LUNCH, time(11, 59), False),
        (LUNCH, time(12, 30), True),
        (LUNCH, time(13, 30), False),
        (QuietHours(start="08:00", end="08:00"), time(8, 0), False),  # empty span
        (None, time(3, 0), False),
    ],
)
def test_is_quiet(hours: QuietHours | None, local: time, quiet: bool) -> None:
    assert is_quiet(hours, local) is quiet


def test_site_time_is_the_sites_wall_clock() -> None:
    moment = datetime(2026, 7, 1, 20, 30, tzinfo=UTC)  # 21:30 in London (summer time)
    london = site_zone("Europe/London")
    assert site_time(london, moment) == time(21, 30)
    assert is_quiet(NIGHT, site_time(london, moment))
    new_york = site_zone("America/New_York")
    assert site_time(new_york, moment) == time(16, 30)  # the same moment, afternoon there
    assert not is_quiet(NIGHT, site_time(new_york, moment))


@pytest.mark.parametrize("name", ["", None, "Not/AZone", "../etc"])
def test_an_unknown_zone_means_the_kiosks_own_time(name: str | None) -> None:
    assert site_zone(name) is None
    assert isinstance(site_time(None), time)
