"""What the public is told about a fridge's food safety right now.

A fridge is "too warm" exactly while a `too_warm` alert of its site is open
(cleared_ms NULL); the food-safety job raises it when an excursion is found and
clears it on recovery, so pages, kiosk configs and feeds read the alert table and
never the rule.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from server.models_updates import Alert

TOO_WARM_WARNING = "too warm: please do not drop off chilled food"


def current_warning(session: Session, site_id: int) -> str | None:
    """The public warning for a fridge, or None when it is at a safe temperature."""
    open_alert = session.exec(
        select(Alert.id)
        .where(
            Alert.site_id == site_id,
            Alert.kind == "too_warm",
            col(Alert.cleared_ms).is_(None),
        )
        .limit(1)
    ).first()
    return None if open_alert is None else TOO_WARM_WARNING


def too_warm_sites(session: Session) -> set[int]:
    """The sites with an open too-warm alert (for lists of every fridge, in one query)."""
    rows = session.exec(
        select(Alert.site_id).where(Alert.kind == "too_warm", col(Alert.cleared_ms).is_(None))
    ).all()
    return set(rows)
