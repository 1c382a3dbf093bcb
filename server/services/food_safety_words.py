"""What the food-safety job says about an episode: the update's title (also the
alert's message) and body, in the fridge site's timezone on a 24-hour clock.

Only temperatures, times and durations: nothing about who was there."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from server.models import Site
from server.models_fridge import Fridge
from server.services.food_safety import Episode


def fridge_name(site: Site) -> str:
    """A site's name as a fridge's: "Elm Street" gives "Elm Street fridge";
    "Harbour Fridge" stays as it is."""
    name = site.name.strip()
    return name if name.lower().endswith("fridge") else f"{name} fridge"


def local_time(site: Site, ms: int) -> str:
    """A time as the public reads it: the site's timezone, 24-hour clock, with the date."""
    local = datetime.fromtimestamp(ms / 1000, tz=UTC).astimezone(ZoneInfo(site.timezone))
    return local.strftime("%H:%M on %d %b %Y")


def episode_words(site: Site, fridge: Fridge, episode: Episode) -> tuple[str, str]:
    """The title (also the alert's message) and body of an episode's update."""
    name, since = fridge_name(site), local_time(site, episode.start_ms)
    if episode.kind == "too_warm":
        peak = "" if episode.peak_c is None else f", highest {episode.peak_c:.1f} °C"
        return (
            f"{name} too warm: please do not drop off chilled food",
            f"Above {fridge.warm_above_c:.1f} °C from {since}{peak}.",
        )
    if episode.kind == "door_open":
        if episode.open_for_s is not None:
            minutes = round(episode.open_for_s / 60)
            return f"{name} door left open", f"Open for {minutes} min from {since}."
        return f"{name} door left open", f"Open since {since}."
    what = {
        "fault": "reporting faults",
        "impossible": "reporting impossible temperatures",
        "silent": "not reporting",
    }[episode.cause or "silent"]
    return f"{name} thermometer {what}", f"No valid reading since {since}."


def recovery_words(site: Site, fridge: Fridge, end_ms: int) -> tuple[str, str]:
    """The title and body of a too-warm excursion's "recovered" update."""
    return (
        f"{fridge_name(site)} back to safe temperature",
        f"At or below {fridge.warm_above_c:.1f} °C since {local_time(site, end_ms)}.",
    )
