"""The fleet as the dashboard shows it, and what an organiser does to a kiosk there.

One query path feeds the fleet page: every kiosk with its site, its newest heartbeat
(kiosk_health) and whether it is silent now (kiosk_silence.is_silent). Fridges' form
kiosks are left out: no device holds their token (server/fridges.py).

Registering and rotating hand out a token once; `KioskSecrets` carries it, with its
kiosk.toml (the CLI's writer, server/services/provisioning.kiosk_toml), to the one
page that shows it. Nothing here logs a token.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import Session, col, select

from server import crud
from server.models import Kiosk, Site
from server.models_fleet import KioskHealth
from server.models_fridge import Fridge
from server.models_updates import Alert
from server.services.kiosk_silence import KIND as SILENT_KIND
from server.services.kiosk_silence import is_silent, silent_kiosks
from server.services.provisioning import kiosk_toml


@dataclass(frozen=True)
class FleetKiosk:
    """One row of the fleet list."""

    kiosk: Kiosk
    health: KioskHealth | None
    silent: bool

    @property
    def revoked(self) -> bool:
        return self.kiosk.revoked_ms is not None

    @property
    def backlog(self) -> int | None:
        """Events waiting on the kiosk (pending and in flight), from its heartbeat."""
        health = self.health
        if health is None or health.outbox_pending is None:
            return None
        return health.outbox_pending + (health.outbox_in_flight or 0)


@dataclass(frozen=True)
class FleetSite:
    """A site and its kiosks, by id."""

    site: Site
    kiosks: list[FleetKiosk] = field(default_factory=list)

    @property
    def silent(self) -> int:
        return sum(row.silent for row in self.kiosks)


def fleet(session: Session, *, now_ms: int, silent_minutes: int) -> list[FleetSite]:
    """Every site (by name) with its kiosks (by id), forms' kiosks left out. Three queries."""
    forms = set(session.exec(select(Fridge.form_kiosk_id)).all())
    health = {row.kiosk_id: row for row in session.exec(select(KioskHealth)).all()}
    sites = {
        site.id: FleetSite(site)
        for site in session.exec(select(Site).order_by(col(Site.name), col(Site.slug))).all()
    }
    for kiosk in session.exec(select(Kiosk).order_by(col(Kiosk.id))).all():
        if kiosk.id in forms or kiosk.site_id not in sites:
            continue
        silent = is_silent(kiosk, now_ms=now_ms, silent_minutes=silent_minutes)
        sites[kiosk.site_id].kiosks.append(FleetKiosk(kiosk, health.get(kiosk.id), silent))
    return list(sites.values())


def silent_count(session: Session, *, now_ms: int, silent_minutes: int) -> int:
    """How many kiosks are silent now, by the setting."""
    return len(silent_kiosks(session, now_ms=now_ms, silent_minutes=silent_minutes))


def open_silences(session: Session) -> int:
    """How many `kiosk_silent` alerts are open (raised by the job, not cleared yet)."""
    found = session.exec(
        select(func.count())
        .select_from(Alert)
        .where(Alert.kind == SILENT_KIND, col(Alert.cleared_ms).is_(None))
    ).one()
    return int(found)


def is_form_kiosk(session: Session, kiosk_id: str) -> bool:
    """True for the kiosk row a fridge's forms post as (no device holds its token)."""
    found = session.exec(select(Fridge.site_id).where(Fridge.form_kiosk_id == kiosk_id)).first()
    return found is not None


@dataclass(frozen=True)
class KioskSecrets:
    """A token just made, shown once: with the kiosk.toml that carries it."""

    kiosk: Kiosk
    token: str = field(repr=False)
    kiosk_toml: str = field(repr=False)


def register(
    session: Session, *, site_slug: str, kiosk_id: str, name: str, hub_url: str, now_ms: int
) -> KioskSecrets:
    """Add a kiosk to a site (InvalidInput, AlreadyExists, NotFound as crud says)."""
    kiosk, token = crud.create_kiosk(
        session=session, site_slug=site_slug, kiosk_id=kiosk_id, name=name, created_ms=now_ms
    )
    return KioskSecrets(kiosk, token, kiosk_toml(kiosk_id=kiosk.id, hub_url=hub_url, token=token))


def rotate(session: Session, *, kiosk_id: str, hub_url: str) -> KioskSecrets:
    """A new token for the kiosk; the old one stops working at once (crud)."""
    kiosk, token = crud.rotate_kiosk_token(session=session, kiosk_id=kiosk_id)
    return KioskSecrets(kiosk, token, kiosk_toml(kiosk_id=kiosk.id, hub_url=hub_url, token=token))


def kiosk_toml_for(session: Session, *, kiosk_id: str, token: str, hub_url: str) -> str | None:
    """The kiosk.toml for a token the organiser's page holds, or None when that token
    is not the kiosk's current one (rotated since, revoked, or made up)."""
    kiosk = crud.kiosk_by_token(session=session, token=token)
    if kiosk is None or kiosk.id != kiosk_id:
        return None
    return kiosk_toml(kiosk_id=kiosk.id, hub_url=hub_url, token=token)
