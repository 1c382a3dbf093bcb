"""The moderator's automatic flags (server/arrivals/flags.py): one table beside the
moderation rows of server/models.py."""

from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, String, Table, UniqueConstraint
from sqlmodel import Field, SQLModel

from storywall.protocol.limits import MAX_NAME_CHARS

# What an automatic flag says about an arrival (server/arrivals/flags.py).
FLAG_KINDS = ("profanity", "burst", "duplicate", "short", "language")
_FLAG_CHECK = "kind IN ('profanity', 'burst', 'duplicate', 'short', 'language')"


class ModerationFlag(SQLModel, table=True):
    """A hint for the moderator, computed once when a moderated event arrives.

    A flag decides nothing by itself: it is shown in the queue, and it keeps an item
    held at a post-moderated site (docs/moderation.md, "Flags")."""

    __tablename__ = "moderation_flag"
    __table_args__ = (
        UniqueConstraint("event_id", "kind", name="uq_moderation_flag_event_kind"),
        CheckConstraint(_FLAG_CHECK, name="ck_moderation_flag_kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(sa_type=String(36), foreign_key="event.id")
    kind: str = Field(sa_type=String(16))
    # A few words for the moderator: the language guessed, the note it repeats.
    detail: str = Field(default="", sa_type=String(MAX_NAME_CHARS))
    created_ms: int = Field(sa_type=BigInteger)


MODERATION_FLAG_TABLE: Table = SQLModel.metadata.tables["moderation_flag"]
