"""`storywall admin add-fridge / set-fridge / list-fridges`: community fridges on the hub.

A fridge is a site with a fridge row (server/fridges.py). add-fridge makes an existing
site one, or creates the site first when given --name; nothing is stored unless every
value is good, so a refused add leaves no half-made site behind.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from cli.errors import StorywallError
from cli.fridge_args import fridge_values

# /fridges/feed.json is the all-fridges feed, so no fridge's JSON may live there.
RESERVED_SLUG = "feed"

if TYPE_CHECKING:
    from sqlmodel import Session

    from server.models import Site
    from server.models_fridge import Fridge
    from server.services.fridge_status import FridgeStatus


def add_fridge(session: Session, args: argparse.Namespace) -> None:
    """Make the site a fridge, creating the site first when it does not exist."""
    from server import crud
    from server.crud import validated
    from server.errors import NotFound
    from server.fridges import make_fridge
    from server.models_fridge import FridgeCreate

    if args.slug == RESERVED_SLUG:
        raise StorywallError(
            "add-fridge: 'feed' names the fridges' feeds (/fridges/feed.atom); choose another slug"
        )
    details = fridge_values(args)
    validated(FridgeCreate, "fridge", **details)  # before any site is created
    try:
        site = crud.get_site(session=session, slug=args.slug)
    except NotFound:
        if not args.name:
            raise StorywallError(
                f"add-fridge: there is no site {args.slug!r}; give --name "
                "(and --timezone) to create it with its fridge"
            ) from None
        site = crud.create_site(
            session=session,
            slug=args.slug,
            name=args.name,
            timezone=args.timezone or "Europe/London",
        )
    else:
        if args.name or args.timezone:
            raise StorywallError(
                f"add-fridge: site {args.slug!r} exists; make it a fridge with add-fridge "
                "without --name/--timezone (change its name or time zone with update-site, "
                "and the fridge's details with set-fridge)"
            )
    fridge = make_fridge(session=session, site_slug=site.slug, **details)
    print(describe_fridge(site, fridge))


def set_fridge(session: Session, args: argparse.Namespace) -> None:
    """Change what the organisers say about a fridge."""
    from server.fridges import get_fridge, update_fridge

    changes = fridge_values(args)
    if not changes:
        raise StorywallError("set-fridge: name something to change (see --help)")
    fridge = update_fridge(session=session, site_slug=args.slug, **changes)
    site, _fridge = get_fridge(session=session, site_slug=args.slug)
    print(describe_fridge(site, fridge))


def list_fridges(session: Session) -> None:
    """Every fridge: where, its settings, its rules and its status now."""
    from server.fridges import list_fridges as fridges
    from server.services.fridge_status import fridge_statuses

    pairs = fridges(session=session)
    statuses = fridge_statuses(session, [fridge.site_id for _site, fridge in pairs])
    for site, fridge in pairs:
        print(describe_fridge(site, fridge))
        print(f"  now: {describe_status(statuses[fridge.site_id])}")
        print(f"  accepts: {'; '.join(fridge.accepts) or '(nothing listed)'}")
        print(f"  refuses: {'; '.join(fridge.refuses) or '(nothing listed)'}")
    if not pairs:
        print("no fridges yet: storywall admin add-fridge SLUG --name NAME")


def describe_fridge(site: Site, fridge: Fridge) -> str:
    """One line: the fridge, where it is, and its photo and food-safety settings."""
    where = fridge.address or "(no address)"
    if fridge.latitude is not None and fridge.longitude is not None:
        where += f" at {fridge.latitude:.6f},{fridge.longitude:.6f}"
    if fridge.opening_notes:
        where += f"; {fridge.opening_notes}"
    photos = "photos held for moderation" if fridge.moderate_photos else "photos published at once"
    safety = (
        f"too warm above {fridge.warm_above_c:g} °C for {fridge.warm_for_min} min, "
        f"recovered after {fridge.recover_for_min} min; door limit "
        f"{fridge.door_open_limit_min} min; sensor silent after {fridge.silent_after_min} min"
    )
    return f"fridge {site.slug}: {site.name} ({site.timezone}); {where}; {photos}; {safety}"


def describe_status(status: FridgeStatus) -> str:
    """The fridge's public status in one line."""
    from server.services.fridge_status import CONDITION_WORDS, LEVEL_WORDS

    parts = []
    if status.too_warm:
        parts.append("TOO WARM")
    if status.condition is not None:
        parts.append(f"condition {CONDITION_WORDS.get(status.condition.value, '?')}")
    if status.level is not None:
        parts.append(f"level {status.level.value} ({LEVEL_WORDS.get(status.level.value, '?')})")
    if status.open_alerts:
        parts.append(f"open alerts: {', '.join(status.open_alerts)}")
    return "; ".join(parts) or "nothing reported yet"
