"""Public transparency updates about fridges, and the alerts caretakers receive.

Both are written by whoever notices the thing (a drop-off's follow-up, the food-safety
job, the rota job) through server/updates.py and alerts.py, each keyed so
that noticing the same thing twice writes it once. Publishing them (feeds, webhooks,
posts, e-mail digests) reads these tables; nothing else decides what is news.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Index, String, Table
from sqlmodel import Field, SQLModel

from storywall.protocol.limits import MAX_NAME_CHARS

# What an update or alert is about; the code and docs/fridges.md list each one.
UPDATE_KINDS = (
    "dropoff",
    "status",
    "too_warm",
    "recovered",
    "door_open",
    "sensor",
    "check",
    "daily",
)
MAX_UPDATE_BODY_CHARS = 1000
_KIND_CHECK = "kind IN (" + ", ".join(f"'{kind}'" for kind in UPDATE_KINDS) + ")"


class FridgeUpdate(SQLModel, table=True):
    """One public update about a fridge ("Elm Street fridge restocked: 6 produce").

    `news` is False for what happened long before the hub heard of it (a kiosk back
    from a week offline): it is history on the fridge's page and in its feeds, and
    is not pushed to publishers. `photo` names a drop-off's photo, shown only while
    that photo is public (moderation)."""

    __tablename__ = "fridge_update"
    __table_args__ = (
        Index("ix_fridge_update_site_occurred", "site_id", "occurred_ms"),
        Index("ix_fridge_update_occurred", "occurred_ms"),
        CheckConstraint(_KIND_CHECK, name="ck_fridge_update_kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    site_id: int = Field(foreign_key="site.id")
    kind: str = Field(sa_type=String(16))
    # Says what it is about, so the same thing noticed twice is written once
    # ("dropoff:<event id>", "too_warm:<site>:<start ms>").
    key: str = Field(sa_type=String(128), unique=True)
    occurred_ms: int = Field(sa_type=BigInteger)
    created_ms: int = Field(sa_type=BigInteger)
    title: str = Field(sa_type=String(MAX_NAME_CHARS))
    body: str = Field(default="", sa_type=String(MAX_UPDATE_BODY_CHARS))
    event_id: str | None = Field(default=None, sa_type=String(36), foreign_key="event.id")
    photo: str | None = Field(default=None, sa_type=String(64))
    news: bool = Field(default=True, sa_type=Boolean)


class Alert(SQLModel, table=True):
    """Something caretakers or organisers must act on (too warm, a door left open, a
    silent sensor, a missed rota slot), open until it is cleared. Alert digests
    (server/publish/) tell the configured channels about new and cleared alerts."""

    __tablename__ = "alert"
    __table_args__ = (
        Index("ix_alert_site_open", "site_id", "cleared_ms"),
        CheckConstraint(
            "kind IN ('too_warm', 'door_open', 'sensor', 'missed_slot', 'kiosk_silent')",
            name="ck_alert_kind",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    site_id: int = Field(foreign_key="site.id")
    kind: str = Field(sa_type=String(16))
    # What it is about, so raising it again while open changes nothing.
    key: str = Field(sa_type=String(128), unique=True)
    message: str = Field(sa_type=String(MAX_NAME_CHARS))
    raised_ms: int = Field(sa_type=BigInteger)
    cleared_ms: int | None = Field(default=None, sa_type=BigInteger)
    # When a digest last told the channels about it (raised, then cleared).
    told_raised_ms: int | None = Field(default=None, sa_type=BigInteger)
    told_cleared_ms: int | None = Field(default=None, sa_type=BigInteger)


FRIDGE_UPDATE_TABLE: Table = SQLModel.metadata.tables["fridge_update"]
ALERT_TABLE: Table = SQLModel.metadata.tables["alert"]
ALERT_KINDS = ("too_warm", "door_open", "sensor", "missed_slot", "kiosk_silent")
