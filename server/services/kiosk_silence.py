"""Silent kiosks: flagged on the dashboard and raised as `kiosk_silent` alerts.

A kiosk is silent when the hub has not heard from it (any request with its token:
server/api/deps.py keeps `last_seen_ms`) for longer than `kiosk_silent_minutes`.
Only kiosks that are expected to talk count: not a revoked one, not one that has
never been heard from (registered, not installed yet: the fleet list says "never
seen" instead of an alert that would stay open for days), and not a fridge's form
kiosk (the row its drop-off and check forms post as; no device holds its token).

Each silence is its own alert, keyed by the kiosk and the moment it was last heard
from: the job raises the keys of the kiosks silent now and clears every other open
`kiosk_silent` alert, so a kiosk heard from again (a new last-seen moment), revoked
or removed has its alert cleared at the next run. Alert digests list both.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from server.alerts import clear_alert, raise_alert
from server.core.writers import write_lock
from server.models import Kiosk
from server.models_fridge import Fridge
from server.models_updates import Alert

KIND = "kiosk_silent"
MINUTE_MS = 60_000


def alert_key(kiosk_id: str, last_seen_ms: int) -> str:
    """One alert per kiosk per silence."""
    return f"{KIND}:{kiosk_id}:{last_seen_ms}"


def is_silent(kiosk: Kiosk, *, now_ms: int, silent_minutes: int) -> bool:
    """True when an active kiosk has not been heard from for longer than the limit."""
    return (
        kiosk.revoked_ms is None
        and kiosk.last_seen_ms is not None
        and now_ms - kiosk.last_seen_ms > silent_minutes * MINUTE_MS
    )


def silent_kiosks(session: Session, *, now_ms: int, silent_minutes: int) -> list[Kiosk]:
    """Every kiosk silent now (forms' kiosks aside), by id."""
    forms = select(Fridge.form_kiosk_id)
    return list(
        session.exec(
            select(Kiosk)
            .where(
                col(Kiosk.revoked_ms).is_(None),
                col(Kiosk.last_seen_ms).is_not(None),
                col(Kiosk.last_seen_ms) < now_ms - silent_minutes * MINUTE_MS,
                col(Kiosk.id).not_in(forms),
            )
            .order_by(col(Kiosk.id))
        ).all()
    )


def _message(kiosk: Kiosk, last_seen_ms: int) -> str:
    when = datetime.fromtimestamp(last_seen_ms / 1000, tz=UTC)
    return f"Kiosk {kiosk.name} ({kiosk.id}) is silent: last heard from {when:%a %d %b %H:%M} UTC"


def check_silence(engine: Engine, *, now_ms: int, silent_minutes: int) -> tuple[int, int]:
    """Raise an alert for each kiosk silent now and clear the rest; (raised, cleared)."""
    with write_lock(engine), Session(engine) as session:
        silent = silent_kiosks(session, now_ms=now_ms, silent_minutes=silent_minutes)
        wanted: dict[str, Kiosk] = {}
        for kiosk in silent:
            assert kiosk.last_seen_ms is not None
            wanted[alert_key(kiosk.id, kiosk.last_seen_ms)] = kiosk
        open_keys = set(
            session.exec(
                select(Alert.key).where(Alert.kind == KIND, col(Alert.cleared_ms).is_(None))
            ).all()
        )
        raised = 0
        for key, kiosk in wanted.items():
            if key in open_keys:
                continue
            assert kiosk.last_seen_ms is not None
            raised += raise_alert(
                session,
                site_id=kiosk.site_id,
                kind=KIND,
                key=key,
                message=_message(kiosk, kiosk.last_seen_ms),
                now_ms=now_ms,
            )
        cleared = sum(
            clear_alert(session, key=key, now_ms=now_ms) for key in sorted(open_keys - set(wanted))
        )
        session.commit()
    return raised, cleared
