"""Photos, kept as a display JPEG and a thumbnail, by the hash of the upload.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

- photo: one row per photo the hub took (from a kiosk's camera or the drop-off form),
  keyed by the SHA-256 of the uploaded bytes, which events name; the SHA-256 of its
  display JPEG and of its thumbnail (both in the media store; the upload itself is
  never kept, it carries EXIF with GPS), the display's size, the upload's size, the
  kiosk it came through and when.

Existing hubs have no photos: nothing to fill.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "photo",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("display_sha256", sa.String(length=64), nullable=False),
        sa.Column("thumb_sha256", sa.String(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("bytes", sa.Integer(), nullable=False),
        sa.Column("kiosk_id", sa.String(length=63), nullable=False),
        sa.Column("stored_ms", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["kiosk_id"], ["kiosk.id"]),
        sa.PrimaryKeyConstraint("sha256"),
    )


def downgrade() -> None:
    # The rows go with the table; their display and thumbnail files stay in the media
    # folder (content-addressed, harmless) until a later upgrade names them again.
    op.drop_table("photo")
