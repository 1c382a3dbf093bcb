"""Revision 0007: the photo table (photos kept as a display JPEG and a thumbnail).

A 0006 hub with sites, kiosks and events upgrades with all of them untouched and no
photos; the table holds one row per upload hash and refuses a photo from an unknown
kiosk; and the revision goes back down to 0006 (and up again) with the kiosks kept.
On SQLite, and on PostgreSQL when it is configured.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from server.core.db import make_engine, sqlite_file
from server.core.migrate import alembic_config, current, upgrade
from tests.migrations.legacy import dump_rows, make_postgres, make_sqlite

INSERT_PHOTO = (
    "INSERT INTO photo (sha256, display_sha256, thumb_sha256, width, height, bytes,"
    " kiosk_id, stored_ms) VALUES (:sha, :display, :thumb, 1280, 960, 3500000, :kiosk, 1)"
)


def _make_0006(url: str, tmp_path: Path) -> None:
    """A hub as 0.1.0 left it, with its 290 events, upgraded to 0006 only."""
    path = sqlite_file(url)
    if path is not None:
        make_sqlite(path)
    else:
        make_postgres(url, dump_rows(tmp_path))
    upgrade(url, "0006")
    assert current(url).revision == "0006"


def _kiosks(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, site_id, token_hash FROM kiosk ORDER BY id"))
        return [tuple(row) for row in rows]


def _photo(sha: str, kiosk: object) -> dict[str, object]:
    return {"sha": sha * 64, "display": "d" * 64, "thumb": "e" * 64, "kiosk": kiosk}


def test_0006_data_upgrades_with_no_photos(empty_url: str, tmp_path: Path) -> None:
    _make_0006(empty_url, tmp_path)
    engine = make_engine(empty_url)
    try:
        kiosks = _kiosks(engine)
        upgrade(empty_url, "0007")
        assert current(empty_url).revision == "0007"
        assert _kiosks(engine) == kiosks
        with engine.connect() as connection:
            events = connection.execute(text("SELECT count(*) FROM event")).scalar_one()
            photos = connection.execute(text("SELECT count(*) FROM photo")).scalar_one()
        columns = {column["name"] for column in inspect(engine).get_columns("photo")}
    finally:
        engine.dispose()
    assert kiosks
    assert (events, photos) == (290, 0)
    assert columns == {
        "sha256", "display_sha256", "thumb_sha256", "width", "height", "bytes", "kiosk_id",
        "stored_ms",
    }  # fmt: skip


def test_0007_keeps_one_row_per_upload_and_refuses_an_unknown_kiosk(
    empty_url: str, tmp_path: Path
) -> None:
    _make_0006(empty_url, tmp_path)
    upgrade(empty_url, "0007")
    engine = make_engine(empty_url)  # the hub's engine: foreign keys on, on SQLite too
    try:
        kiosk = _kiosks(engine)[0][0]
        with engine.begin() as connection:
            connection.execute(text(INSERT_PHOTO), _photo("a", kiosk))
        for wrong in (_photo("a", kiosk), _photo("b", "no-such-kiosk")):
            with pytest.raises(IntegrityError), engine.begin() as connection:
                connection.execute(text(INSERT_PHOTO), wrong)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM photo")).scalar_one() == 1
    finally:
        engine.dispose()


def test_0007_goes_down_to_0006_and_up_again(empty_url: str, tmp_path: Path) -> None:
    _make_0006(empty_url, tmp_path)
    upgrade(empty_url, "0007")
    engine = make_engine(empty_url)
    try:
        kiosks = _kiosks(engine)
        with engine.begin() as connection:
            connection.execute(text(INSERT_PHOTO), _photo("c", kiosks[0][0]))
        # No `db downgrade` command exists (docs/decisions.md); the revision's own
        # downgrade() is run as Alembic would.
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0006")
        assert current(empty_url).revision == "0006"
        assert "photo" not in inspect(engine).get_table_names()
        assert _kiosks(engine) == kiosks
        upgrade(empty_url, "0007")
        assert current(empty_url).revision == "0007"
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM photo")).scalar_one() == 0
    finally:
        engine.dispose()
