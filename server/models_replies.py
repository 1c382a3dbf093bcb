"""What organisers say back: replies to notes, spotlights, and "you said, we did" cards.

These are rows the hub writes on an organiser's word, not kiosk events. None copies a
note's words: each names the approved event it is about, and every public surface
joins on that event's moderation state being APPROVED, so a note hidden or rejected
later takes its reply and its spotlight off the wall, the feeds and the kiosks at once
(docs/replies.md).

`author_id` names the account that wrote the row (None: written from the command line
or a script). A note has at most one reply (`note_reply.event_id` is its key): editing rewrites it,
removing it stamps `removed_ms`, and `reply_audit` keeps every version and who wrote
it, so nothing said in public is lost from the record.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, Index, String, Table
from sqlmodel import Field, SQLModel

from storywall.protocol.limits import MAX_REPLY_CHARS

# Public words an organiser writes: a reply fits a kiosk's card (the protocol's limit).
MAX_CARD_TITLE_CHARS = 120
MAX_CARD_BODY_CHARS = 1000
# The most notes and prompts one card links to.
MAX_CARD_LINKS = 12

AUDIT_SUBJECTS = ("reply", "spotlight", "you_said")
AUDIT_ACTIONS = ("posted", "edited", "removed")


class NoteReply(SQLModel, table=True):
    """The organiser's public answer to one approved note.

    `created_ms` is when the note was first answered (what "time to a reply" measures);
    `updated_ms` the last edit; `removed_ms` set when it was taken down (a later reply
    to the same note clears it and keeps `created_ms`)."""

    __tablename__ = "note_reply"
    __table_args__ = (Index("ix_note_reply_site_updated", "site_id", "updated_ms"),)

    event_id: str = Field(sa_type=String(36), foreign_key="event.id", primary_key=True)
    site_id: int = Field(foreign_key="site.id")
    text: str = Field(sa_type=String(MAX_REPLY_CHARS))
    author_id: int | None = Field(default=None, foreign_key="account.id")
    created_ms: int = Field(sa_type=BigInteger)
    updated_ms: int = Field(sa_type=BigInteger)
    removed_ms: int | None = Field(default=None, sa_type=BigInteger)


class Spotlight(SQLModel, table=True):
    """An approved note or doodle pinned on its site's wall and shown in turn on the
    kiosks' attract screens from `starts_ms` until `ends_ms` (or until unpinned:
    `removed_ms`)."""

    __tablename__ = "spotlight"
    __table_args__ = (
        Index("ix_spotlight_site_ends", "site_id", "ends_ms"),
        Index("ix_spotlight_event", "event_id"),
        CheckConstraint("ends_ms > starts_ms", name="ck_spotlight_ends"),
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(sa_type=String(36), foreign_key="event.id")
    site_id: int = Field(foreign_key="site.id")
    starts_ms: int = Field(sa_type=BigInteger)
    ends_ms: int = Field(sa_type=BigInteger)
    author_id: int | None = Field(default=None, foreign_key="account.id")
    created_ms: int = Field(sa_type=BigInteger)
    removed_ms: int | None = Field(default=None, sa_type=BigInteger)


class YouSaid(SQLModel, table=True):
    """A "you said, we did" card: what changed because people asked for it.

    `site_id` None is a card for the whole network (every site's wall shows it)."""

    __tablename__ = "you_said"
    __table_args__ = (Index("ix_you_said_site_created", "site_id", "created_ms"),)

    id: int | None = Field(default=None, primary_key=True)
    site_id: int | None = Field(default=None, foreign_key="site.id")
    title: str = Field(sa_type=String(MAX_CARD_TITLE_CHARS))
    body: str = Field(sa_type=String(MAX_CARD_BODY_CHARS))
    author_id: int | None = Field(default=None, foreign_key="account.id")
    created_ms: int = Field(sa_type=BigInteger)
    updated_ms: int = Field(sa_type=BigInteger)
    removed_ms: int | None = Field(default=None, sa_type=BigInteger)


class YouSaidLink(SQLModel, table=True):
    """One note (an event) or one prompt's results a card points to: exactly one of the two."""

    __tablename__ = "you_said_link"
    __table_args__ = (
        Index("ix_you_said_link_card", "card_id"),
        CheckConstraint(
            "(event_id IS NULL) <> (prompt_id IS NULL)", name="ck_you_said_link_one_target"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    card_id: int = Field(foreign_key="you_said.id")
    event_id: str | None = Field(default=None, sa_type=String(36), foreign_key="event.id")
    prompt_id: int | None = Field(default=None, foreign_key="prompt.id")


class ReplyAudit(SQLModel, table=True):
    """Append-only record of every reply, spotlight and card change: who, when, and the
    words as they stood (a removed reply's last words stay here)."""

    __tablename__ = "reply_audit"
    __table_args__ = (
        Index("ix_reply_audit_subject", "subject", "subject_id"),
        CheckConstraint(
            "subject IN ('reply', 'spotlight', 'you_said')", name="ck_reply_audit_subject"
        ),
        CheckConstraint("action IN ('posted', 'edited', 'removed')", name="ck_reply_audit_action"),
    )

    id: int | None = Field(default=None, primary_key=True)
    subject: str = Field(sa_type=String(16))
    # The note's event id for a reply, the spotlight's or card's id otherwise.
    subject_id: str = Field(sa_type=String(36))
    action: str = Field(sa_type=String(8))
    text: str = Field(default="", sa_type=String(MAX_CARD_BODY_CHARS + MAX_CARD_TITLE_CHARS + 2))
    author_id: int | None = Field(default=None, foreign_key="account.id")
    at_ms: int = Field(sa_type=BigInteger)


NOTE_REPLY_TABLE: Table = SQLModel.metadata.tables["note_reply"]
SPOTLIGHT_TABLE: Table = SQLModel.metadata.tables["spotlight"]
YOU_SAID_TABLE: Table = SQLModel.metadata.tables["you_said"]
YOU_SAID_LINK_TABLE: Table = SQLModel.metadata.tables["you_said_link"]
REPLY_AUDIT_TABLE: Table = SQLModel.metadata.tables["reply_audit"]
