"""The outbound queue: what the hub must deliver to a publisher, until it is delivered.

One row per (publisher, thing): a news update for the webhook or the Mastodon account,
an alert digest for the caretakers' webhook or mailbox. The row is written in the same
transaction that decides the thing exists (a job's run), and a delivery job sends it
later, outside any transaction, with retries (server/publish/). So a request never
waits on a publisher, a restart loses nothing, and a row leased by a process that died
is taken again once its lease runs out.
"""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, CheckConstraint, Index, String, Table, UniqueConstraint
from sqlmodel import Field, SQLModel

# Who a row goes to: publishers of news updates, then channels of alert digests.
UPDATE_PUBLISHERS = ("webhook", "mastodon")
ALERT_CHANNELS = ("alert_webhook", "alert_email")
PUBLISHERS = UPDATE_PUBLISHERS + ALERT_CHANNELS
MAX_ERROR_CHARS = 200
_PUBLISHER_CHECK = "publisher IN (" + ", ".join(f"'{name}'" for name in PUBLISHERS) + ")"


class OutboundItem(SQLModel, table=True):
    """One delivery owed to one publisher, with its retry state.

    Pending while neither `delivered_ms` nor `failed_ms` is set; due once `next_try_ms`
    has come and no live lease holds it. `payload` is what is sent, fixed when the row
    is written, so a retry three days later sends the same thing."""

    __tablename__ = "outbound_item"
    __table_args__ = (
        # Each update (or digest) is enqueued once per publisher, however often the
        # enqueueing job runs or how many processes run it.
        UniqueConstraint("publisher", "key", name="uq_outbound_item_publisher_key"),
        Index("ix_outbound_item_due", "delivered_ms", "failed_ms", "next_try_ms"),
        Index("ix_outbound_item_update", "update_id", "publisher"),
        Index("ix_outbound_item_publisher_created", "publisher", "created_ms"),
        CheckConstraint(_PUBLISHER_CHECK, name="ck_outbound_item_publisher"),
    )

    id: int | None = Field(default=None, primary_key=True)
    publisher: str = Field(sa_type=String(16))
    # "update:<update key>" or "digest:<ms>"; also what the Idempotency-Key is made of.
    key: str = Field(sa_type=String(160))
    update_id: int | None = Field(default=None, foreign_key="fridge_update.id")
    payload: dict[str, object] = Field(sa_type=JSON)
    created_ms: int = Field(sa_type=BigInteger)
    attempts: int = Field(default=0)
    next_try_ms: int = Field(sa_type=BigInteger)
    delivered_ms: int | None = Field(default=None, sa_type=BigInteger)
    # Set when the hub gave up (too old, or refused for good); the row stays, visible.
    failed_ms: int | None = Field(default=None, sa_type=BigInteger)
    # Short, and never a secret: "HTTP 503", "timed out", "connection refused".
    last_error: str | None = Field(default=None, sa_type=String(MAX_ERROR_CHARS))
    # Which process is sending it now, and until when that claim holds.
    lease_holder: str | None = Field(default=None, sa_type=String(63))
    lease_until_ms: int | None = Field(default=None, sa_type=BigInteger)


OUTBOUND_TABLE: Table = SQLModel.metadata.tables["outbound_item"]
