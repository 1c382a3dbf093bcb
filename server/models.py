"""The hub's tables. Times are integer epoch milliseconds (UTC) throughout.

Events are kept raw and immutable (apart from their placement in time, which is
derived and can be recomputed); tallies and the wall are derived from them.
"""

from __future__ import annotations

from typing import Any

from pydantic import model_validator
from sqlalchemy import JSON, BigInteger, Boolean, CheckConstraint, Index, String, Table, false
from sqlalchemy import text as sql_text
from sqlmodel import Field, SQLModel

# The Prompt family lives in server/models_prompts.py, beside where and when a prompt
# runs; its names stay importable from here.
from server.models_prompts import Prompt as Prompt
from server.models_prompts import PromptBase as PromptBase
from server.models_prompts import PromptCreate as PromptCreate
from server.models_prompts import PromptPublic as PromptPublic
from storywall.protocol.config import ClockTime
from storywall.protocol.fields import DisplayName, InfoLine, Languages, Slug, TimeZoneName
from storywall.protocol.limits import MAX_NAME_CHARS

PLACED_BY_KIOSK = "kiosk"
PLACED_BY_NTP = "ntp"
PLACED_BY_HUB = "hub"


# Each entity is a family, as in the FastAPI template: `XBase` holds the fields and
# their rules (annotated types from storywall/protocol/fields.py), `XCreate` is what
# an organiser submits (validating it applies every rule), `X` the table, `XPublic`
# what the public and the kiosks see.


class SiteBase(SQLModel):
    """What every site has."""

    slug: Slug = Field(sa_type=String(63), unique=True, index=True)
    name: DisplayName = Field(sa_type=String(MAX_NAME_CHARS))
    # IANA name (Europe/London): "today" is the calendar day in this zone.
    timezone: TimeZoneName = Field(sa_type=String(64))
    # What its kiosks offer, the first the default (prompt `text` is in that one).
    languages: Languages = Field(
        default=["en"], sa_type=JSON, sa_column_kwargs={"server_default": sql_text("'[\"en\"]'")}
    )
    # Local times the kiosks dim their screens: both set, or neither.
    quiet_start: ClockTime | None = Field(default=None, sa_type=String(5))
    quiet_end: ClockTime | None = Field(default=None, sa_type=String(5))
    # Who runs the site's kiosks, for their house-rules screen.
    operator: InfoLine = Field(
        default="", sa_type=String(MAX_NAME_CHARS), sa_column_kwargs={"server_default": ""}
    )
    contact: InfoLine = Field(
        default="", sa_type=String(MAX_NAME_CHARS), sa_column_kwargs={"server_default": ""}
    )

    @model_validator(mode="after")
    def _quiet_hours_whole(self) -> SiteBase:
        if (self.quiet_start is None) != (self.quiet_end is None):
            raise ValueError("quiet hours need both a start and an end")
        if self.quiet_start is not None and self.quiet_start == self.quiet_end:
            raise ValueError("quiet hours must start and end at different times")
        return self


class SiteCreate(SiteBase):
    """A new site as an organiser names it (and later changes it)."""


# When a person looks at a site's notes and doodles: before they are public (the
# default), or after (docs/moderation.md, "Pre- and post-moderation").
PRE_MODERATION, POST_MODERATION = "pre", "post"
MODERATION_MODES = (PRE_MODERATION, POST_MODERATION)


class Site(SiteBase, table=True):
    """A place with a wall: a park, a community fridge."""

    __tablename__ = "site"
    __table_args__ = (
        CheckConstraint("(quiet_start IS NULL) = (quiet_end IS NULL)", name="ck_site_quiet_hours"),
        CheckConstraint("moderation IN ('pre', 'post')", name="ck_site_moderation"),
    )

    id: int | None = Field(default=None, primary_key=True)
    created_ms: int = Field(sa_type=BigInteger)
    # An organiser's setting, not part of SiteBase: the public and the kiosks never
    # see it, and only server/services/moderation.py changes it.
    moderation: str = Field(
        default=PRE_MODERATION, sa_type=String(4), sa_column_kwargs={"server_default": "pre"}
    )


class SitePublic(SiteBase):
    """A site as the public sees it."""


class KioskBase(SQLModel):
    """What every kiosk has: its id (a slug, also in its events) and a human name."""

    id: Slug = Field(sa_type=String(63), primary_key=True)
    name: DisplayName = Field(sa_type=String(MAX_NAME_CHARS))


class KioskCreate(KioskBase):
    """A new kiosk as an organiser names it."""


class Kiosk(KioskBase, table=True):
    """A device at a site, known by its slug and authenticated by a hashed token."""

    __tablename__ = "kiosk"

    site_id: int = Field(foreign_key="site.id", index=True)
    # SHA-256 hex of the token; the plaintext is shown once and never stored.
    token_hash: str = Field(sa_type=String(64), unique=True, index=True)
    revoked_ms: int | None = Field(default=None, sa_type=BigInteger)
    created_ms: int = Field(sa_type=BigInteger)
    last_seen_ms: int | None = Field(default=None, sa_type=BigInteger)
    # Some of its events name media the hub lacks (or may): only then does a push
    # answer look up missing_media, so a reaction-only push costs no extra query.
    media_missing: bool = Field(
        default=False, sa_type=Boolean, sa_column_kwargs={"server_default": false()}
    )


class Event(SQLModel, table=True):
    """One immutable event as a kiosk sent it, plus columns the hub derives from it."""

    __tablename__ = "event"
    __table_args__ = (
        # Tallies: the current prompt's reactions of a site, by day. `choice` and `play`
        # last so the tally queries are answered from the index alone.
        Index("ix_event_site_prompt_placed", "site_id", "prompt_id", "placed_ms", "choice", "play"),
        # The public's approved notes and doodles: a site's events of one type, newest
        # first, so the walk stops after the few it shows instead of reading the site.
        Index("ix_event_site_type_received", "site_id", "type", "received_ms"),
        # The charts' rollup recounts a site's events of one local day (models_charts.py).
        Index("ix_event_site_placed", "site_id", "placed_ms"),
        Index("ix_event_kiosk_boot", "kiosk_id", "boot_id"),
        Index("ix_event_kiosk_seq", "kiosk_id", "seq"),
        CheckConstraint("placed_by IN ('kiosk', 'ntp', 'hub')", name="ck_event_placed_by"),
    )

    id: str = Field(sa_type=String(36), primary_key=True)
    kiosk_id: str = Field(sa_type=String(63), foreign_key="kiosk.id")
    site_id: int = Field(foreign_key="site.id")
    boot_id: str = Field(sa_type=String(64))
    seq: int = Field(sa_type=BigInteger)
    mono_ms: int = Field(sa_type=BigInteger)
    wall_ms: int = Field(sa_type=BigInteger)
    clock_synced: bool
    type: str = Field(sa_type=String(32))
    v: int
    payload: dict[str, Any] = Field(sa_type=JSON)
    received_ms: int = Field(sa_type=BigInteger)
    # When the hub believes the event happened; NULL while it cannot tell (undated).
    placed_ms: int | None = Field(default=None, sa_type=BigInteger)
    placed_by: str | None = Field(default=None, sa_type=String(8))
    # Derived from a reaction's payload so tallies need no JSON functions.
    prompt_id: int | None = Field(default=None, foreign_key="prompt.id")
    choice: str | None = Field(default=None, sa_type=String(16))
    # A press the kiosk saw as button mashing: kept, counted as play, in no tally.
    play: bool = Field(default=False, sa_type=Boolean, sa_column_kwargs={"server_default": false()})


class BootAnchor(SQLModel, table=True):
    """What the hub knows about one kiosk boot's clock: real time = mono_ms + offset_ms.

    `ntp` comes from a heartbeat with a synchronised clock (exact); `hub` is the
    smallest upper bound from the hub's own clock at receipt of a push.
    """

    __tablename__ = "boot_anchor"
    __table_args__ = (CheckConstraint("source IN ('ntp', 'hub')", name="ck_boot_anchor_source"),)

    kiosk_id: str = Field(sa_type=String(63), foreign_key="kiosk.id", primary_key=True)
    boot_id: str = Field(sa_type=String(64), primary_key=True)
    source: str = Field(sa_type=String(8), primary_key=True)
    offset_ms: int = Field(sa_type=BigInteger)
    updated_ms: int = Field(sa_type=BigInteger)


# Where a moderated event stands; every service reads and writes these names.
# HIDDEN: approved once, then taken down by a person (public nowhere, like REJECTED).
HELD, APPROVED, REJECTED, HIDDEN = "held", "approved", "rejected", "hidden"
MODERATION_STATES = (HELD, APPROVED, REJECTED, HIDDEN)
_STATE_CHECK = "state IN ('held', 'approved', 'rejected', 'hidden')"


class Moderation(SQLModel, table=True):
    """Where one moderated event stands: held on arrival, then approved or rejected
    (and an approved one may be hidden later).

    Written in the ingest transaction for every event of a `moderated` kind, so
    nothing a passer-by made is public before a person has looked at it."""

    __tablename__ = "moderation"
    __table_args__ = (
        Index("ix_moderation_state", "state"),
        CheckConstraint(_STATE_CHECK, name="ck_moderation_state"),
    )

    event_id: str = Field(sa_type=String(36), foreign_key="event.id", primary_key=True)
    state: str = Field(sa_type=String(8))
    reason: str | None = Field(default=None, sa_type=String(MAX_NAME_CHARS))
    decided_ms: int | None = Field(default=None, sa_type=BigInteger)
    decided_by: str | None = Field(default=None, sa_type=String(MAX_NAME_CHARS))


class ModerationLog(SQLModel, table=True):
    """Append-only audit of moderation: the hold on arrival and every decision."""

    __tablename__ = "moderation_log"
    __table_args__ = (
        Index("ix_moderation_log_event", "event_id"),
        CheckConstraint(_STATE_CHECK, name="ck_moderation_log_state"),
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(sa_type=String(36), foreign_key="event.id")
    state: str = Field(sa_type=String(8))
    reason: str | None = Field(default=None, sa_type=String(MAX_NAME_CHARS))
    decided_ms: int = Field(sa_type=BigInteger)
    decided_by: str | None = Field(default=None, sa_type=String(MAX_NAME_CHARS))


class MediaRef(SQLModel, table=True):
    """A media hash an event refers to (a doodle's PNG), written with the event.

    `present` is whether the hub holds the bytes: set at ingest from `media`, and by
    the upload; the push answer's missing_media reads the rows where it is false."""

    __tablename__ = "media_ref"
    __table_args__ = (
        Index("ix_media_ref_kiosk_present", "kiosk_id", "present"),
        Index("ix_media_ref_sha256", "sha256"),
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(sa_type=String(36), foreign_key="event.id")
    kiosk_id: str = Field(sa_type=String(63), foreign_key="kiosk.id")
    sha256: str = Field(sa_type=String(64))
    present: bool = Field(sa_type=Boolean)


class Media(SQLModel, table=True):
    """Bytes the hub holds in its media store, by SHA-256 (server/media/)."""

    __tablename__ = "media"

    sha256: str = Field(sa_type=String(64), primary_key=True)
    content_type: str = Field(sa_type=String(32))
    bytes: int
    kiosk_id: str = Field(sa_type=String(63), foreign_key="kiosk.id")
    stored_ms: int = Field(sa_type=BigInteger)


class Photo(SQLModel, table=True):
    """A photo the hub took, by the SHA-256 of the uploaded bytes (what events name).

    The uploaded bytes themselves are never kept (they carry the phone's EXIF, GPS
    included): only the display JPEG and the thumbnail made from them, each in the
    media store under its own SHA-256 (server/services/photos.py). `width` and
    `height` are the display's, upright; `bytes` the upload's size."""

    __tablename__ = "photo"

    sha256: str = Field(sa_type=String(64), primary_key=True)
    display_sha256: str = Field(sa_type=String(64))
    thumb_sha256: str = Field(sa_type=String(64))
    width: int
    height: int
    bytes: int
    kiosk_id: str = Field(sa_type=String(63), foreign_key="kiosk.id")
    stored_ms: int = Field(sa_type=BigInteger)


class Provision(SQLModel, table=True):
    """A one-time link that hands a kiosk its kiosk.toml with a new token.

    Only the code's SHA-256 is kept, as for kiosk tokens. A link is usable while
    `used_ms` and `cancelled_ms` are empty and `expires_ms` is ahead; issuing a new
    link for a kiosk, or revoking the kiosk, cancels its unused ones."""

    __tablename__ = "provision"
    __table_args__ = (
        Index("ix_provision_kiosk", "kiosk_id"),
        CheckConstraint("expires_ms > created_ms", name="ck_provision_expires"),
    )

    code_hash: str = Field(sa_type=String(64), primary_key=True)
    kiosk_id: str = Field(sa_type=String(63), foreign_key="kiosk.id")
    created_ms: int = Field(sa_type=BigInteger)
    expires_ms: int = Field(sa_type=BigInteger)
    used_ms: int | None = Field(default=None, sa_type=BigInteger)
    cancelled_ms: int | None = Field(default=None, sa_type=BigInteger)


# The Core table, for bulk inserts and set-based updates that skip the ORM.
EVENT_TABLE: Table = SQLModel.metadata.tables["event"]
BOOT_ANCHOR_TABLE: Table = SQLModel.metadata.tables["boot_anchor"]
MODERATION_TABLE: Table = SQLModel.metadata.tables["moderation"]
MODERATION_LOG_TABLE: Table = SQLModel.metadata.tables["moderation_log"]
MEDIA_REF_TABLE: Table = SQLModel.metadata.tables["media_ref"]
MEDIA_TABLE: Table = SQLModel.metadata.tables["media"]
PHOTO_TABLE: Table = SQLModel.metadata.tables["photo"]
KIOSK_TABLE: Table = SQLModel.metadata.tables["kiosk"]
SITE_TABLE: Table = SQLModel.metadata.tables["site"]
PROVISION_TABLE: Table = SQLModel.metadata.tables["provision"]
