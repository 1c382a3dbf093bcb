"""Make a site a community fridge, change what it says, and read fridges back.

Keyword-only functions that commit, as in server/crud.py. A fridge brings its form
kiosk: the kiosk row its drop-off and check forms post as (models.Fridge).
"""

from __future__ import annotations

import secrets

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from server.clock import now_ms
from server.crud import apply_changes, get_site, validated
from server.errors import AlreadyExists, NotFound
from server.models import Kiosk, Site
from server.models_fridge import Fridge, FridgeCreate
from server.security import hash_token

FORM_KIOSK_NAME = "Drop-off and check forms"


def form_kiosk_id(site: Site) -> str:
    """The id of the kiosk row a fridge's forms post as: `form-<site id>`."""
    return f"form-{site.id}"


def make_fridge(
    *, session: Session, site_slug: str, created_ms: int | None = None, **details: object
) -> Fridge:
    """Make the site a fridge; AlreadyExists if it is one. `details`: FridgeBase fields."""
    rules = validated(FridgeCreate, "fridge", **details)
    site = get_site(session=session, slug=site_slug)
    assert site.id is not None
    if session.get(Fridge, site.id) is not None:
        raise AlreadyExists(f"site {site_slug!r} is already a fridge")
    when = now_ms() if created_ms is None else created_ms
    kiosk_id = form_kiosk_id(site)
    if session.get(Kiosk, kiosk_id) is not None:
        raise AlreadyExists(f"kiosk id {kiosk_id!r} is taken; rename that kiosk first")
    # No device holds this kiosk's token: it is the hash of bytes nobody keeps.
    form = Kiosk(
        id=kiosk_id,
        name=FORM_KIOSK_NAME,
        site_id=site.id,
        token_hash=hash_token(secrets.token_urlsafe(32)),
        created_ms=when,
    )
    fridge = Fridge.model_validate(
        rules, update={"site_id": site.id, "form_kiosk_id": kiosk_id, "created_ms": when}
    )
    session.add(form)
    session.flush()
    session.add(fridge)
    try:
        session.commit()
    except IntegrityError as error:  # a concurrent make won the race
        session.rollback()
        raise AlreadyExists(f"site {site_slug!r} is already a fridge") from error
    session.refresh(fridge)
    return fridge


def get_fridge(*, session: Session, site_slug: str) -> tuple[Site, Fridge]:
    """The site and its fridge; NotFound when there is no such site or it is no fridge."""
    site = get_site(session=session, slug=site_slug)
    fridge = session.get(Fridge, site.id)
    if fridge is None:
        raise NotFound(f"site {site_slug!r} is not a fridge")
    return site, fridge


def update_fridge(*, session: Session, site_slug: str, **changes: object) -> Fridge:
    """Change what an organiser says about a fridge; the whole fridge is checked again."""
    _site, fridge = get_fridge(session=session, site_slug=site_slug)
    return apply_changes(session, fridge, FridgeCreate, "fridge", changes)


def list_fridges(*, session: Session) -> list[tuple[Site, Fridge]]:
    """Every fridge with its site, by the site's slug."""
    rows = session.exec(
        select(Site, Fridge).where(col(Fridge.site_id) == col(Site.id)).order_by(col(Site.slug))
    ).all()
    return [(site, fridge) for site, fridge in rows]
