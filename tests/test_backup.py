"""`storywall admin backup` and `restore` on SQLite: the round trip, and every refusal.

Each refusal leaves the hub it was aimed at exactly as it was: same rows, same media,
no staging folder left behind.
"""

from __future__ import annotations

import io
import json
import os
import stat
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from server.core.migrate import head, upgrade
from server.media import MAX_STORED_BYTES
from tests.migrations.legacy import make_sqlite
from tests.support.backup_data import (
    Filled,
    Hub,
    fill,
    media_files,
    storywall,
    table_rows,
)
from tests.support.hub_process import HubProcess

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Hub, Filled, Path]:
    """A filled hub and a backup of it (made once: the tests only read them)."""
    folder = tmp_path_factory.mktemp("source")
    hub = Hub(folder / "hub")
    filled = fill(hub)
    archive = folder / "backups" / "hub.tar"
    archive.parent.mkdir()
    done = storywall(hub, "admin", "backup", str(archive))
    assert f"backup {archive}:" in done.stdout
    return hub, filled, archive


def _snapshot(hub: Hub) -> tuple[object, dict[str, bytes], list[str]]:
    rows = table_rows(hub.url) if (hub.data_dir / "hub.sqlite3").exists() else None
    listing = sorted(p.name for p in hub.data_dir.iterdir()) if hub.data_dir.exists() else []
    return rows, media_files(hub.data_dir), listing


@pytest.mark.parametrize("state", ["no data folder yet", "after db upgrade"])
def test_round_trip_restores_every_row_and_media_byte(
    source: tuple[Hub, Filled, Path], tmp_path: Path, state: str
) -> None:
    hub, filled, archive = source
    target = Hub(tmp_path / "restored")
    if state == "after db upgrade":  # what deploy/install-hub.sh leaves
        storywall(target, "admin", "db", "upgrade")

    done = storywall(target, "admin", "restore", str(archive))

    assert "restored" in done.stdout and "replaced" not in done.stdout
    assert table_rows(target.url) == table_rows(hub.url)
    assert media_files(target.data_dir) == media_files(hub.data_dir)
    assert (
        media_files(target.data_dir)[f"{filled.doodle_sha256[:2]}/{filled.doodle_sha256}"]
        == filled.doodle_bytes
    )
    engine = create_engine(target.url)
    with engine.connect() as connection:
        decisions = connection.execute(
            text("SELECT state, decided_by FROM moderation_log WHERE event_id = :id ORDER BY id"),
            {"id": filled.note_id},
        ).all()
    engine.dispose()
    # Held when it arrived, then approved at the command line: both in the restored log.
    assert decisions[0][0] == "held"
    assert tuple(decisions[-1]) == ("approved", "sam")
    assert not [p for p in target.data_dir.iterdir() if p.name.startswith(".")]


def test_the_restored_hub_serves_what_the_old_one_did(
    source: tuple[Hub, Filled, Path], tmp_path: Path
) -> None:
    import warnings

    from server.app import create_app
    from tests.server.factories import note, push

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    _, filled, archive = source
    target = Hub(tmp_path / "restored")
    storywall(target, "admin", "restore", str(archive))
    app = create_app(target.settings())
    try:
        with TestClient(app) as client:
            picture = client.get(f"/media/{filled.doodle_sha256}.png")
            wall = client.get("/wall.json", params={"site": "riverside"})
            again = push(client, filled.token, [note(kiosk_id="gate", text="Back!", seq=99)])
    finally:
        app.state.engine.dispose()
    assert picture.status_code == 200 and picture.content == filled.doodle_bytes
    assert "Lovely ducks today" in wall.text and "rude words" not in wall.text
    assert again.json()["accepted"] == 1  # the kiosk's token came back with the hub


def test_the_backup_is_private_and_written_whole(source: tuple[Hub, Filled, Path]) -> None:
    hub, _, archive = source
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600  # token hashes are inside
    assert [p.name for p in archive.parent.iterdir()] == ["hub.tar"]  # no temporary file left
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert names[0] == "manifest.json"
    assert names[1] == "database/hub.sqlite3"
    assert manifest["engine"] == "sqlite" and manifest["revision"] == head()
    # 3 held (note, note, doodle), then 3 decided.
    assert manifest["counts"]["event"] == 23 and manifest["counts"]["moderation_log"] == 6
    assert manifest["counts"]["site"] == 2 and manifest["counts"]["kiosk"] == 2
    assert manifest["media"] == {"files": 1, "bytes": len(media_files(hub.data_dir)[names[2][6:]])}
    for key in ("format_version", "storywall_version", "created"):
        assert manifest[key]


def test_restore_refuses_a_hub_that_holds_data_unless_forced(
    source: tuple[Hub, Filled, Path], tmp_path: Path
) -> None:
    _, _, archive = source
    target = Hub(tmp_path / "other")
    storywall(target, "admin", "db", "upgrade")
    storywall(target, "admin", "add-site", "elsewhere", "--name", "Elsewhere")
    before = _snapshot(target)

    refused = storywall(target, "admin", "restore", str(archive), check=False)

    assert refused.returncode == 2
    assert str(target.data_dir / "hub.sqlite3") in refused.stderr
    assert "already holds data" in refused.stderr and "1 site rows" in refused.stderr
    assert "--force" in refused.stderr
    assert _snapshot(target) == before

    forced = storywall(target, "admin", "restore", str(archive), "--force")
    assert "replaced: the database at" in forced.stdout
    assert table_rows(target.url) == table_rows(source[0].url)


def test_restore_refuses_while_a_hub_runs_on_the_database(
    source: tuple[Hub, Filled, Path], tmp_path: Path
) -> None:
    _, _, archive = source
    target = Hub(tmp_path / "busy")
    storywall(target, "admin", "db", "upgrade")
    before = _snapshot(target)
    with HubProcess(target.data_dir / "hub.sqlite3"):
        refused = storywall(target, "admin", "restore", str(archive), "--force", check=False)
    assert refused.returncode == 2 and "in use by another process" in refused.stderr
    assert "stop the hub first" in refused.stderr
    assert _snapshot(target)[0] == before[0]
    storywall(target, "admin", "restore", str(archive))  # stopped: now it may


def test_restore_after_a_hub_was_killed_leaves_none_of_its_journal(
    source: tuple[Hub, Filled, Path], tmp_path: Path
) -> None:
    hub, _, archive = source
    target = Hub(tmp_path / "crashed")
    fill(target, reactions=3)
    process = HubProcess(target.data_dir / "hub.sqlite3")
    process.start()
    storywall(target, "admin", "add-site", "late", "--name", "Written last")
    process.kill()  # SIGKILL: its WAL and shared-memory files stay behind
    assert (target.data_dir / "hub.sqlite3-wal").exists()
    storywall(target, "admin", "restore", str(archive), "--force")
    assert table_rows(target.url) == table_rows(hub.url)
    assert not (target.data_dir / "hub.sqlite3-journal").exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root: restores as root into a user's folder")
def test_root_may_not_restore_into_the_hub_users_folder(
    source: tuple[Hub, Filled, Path], tmp_path: Path
) -> None:
    _, _, archive = source
    target = Hub(tmp_path / "owned")
    storywall(target, "admin", "db", "upgrade")
    nobody = 65534
    os.chown(target.data_dir, nobody, nobody)
    before = _snapshot(target)
    refused = storywall(target, "admin", "restore", str(archive), check=False)
    assert refused.returncode == 2 and "belongs to user id 65534" in refused.stderr
    assert "storywall-admin restore" in refused.stderr
    assert _snapshot(target) == before


def test_an_older_backup_is_migrated_to_head(tmp_path: Path) -> None:
    old = Hub(tmp_path / "old")
    old.data_dir.mkdir()
    make_sqlite(old.data_dir / "hub.sqlite3")  # storywall 0.1.0's database, 290 events
    upgrade(old.url, "0002")
    archive = tmp_path / "old.tar"
    storywall(old, "admin", "backup", str(archive))
    target = Hub(tmp_path / "new")

    done = storywall(target, "admin", "restore", str(archive))

    assert f"migrated from revision 0002 to {head()}" in done.stdout
    assert head() in storywall(target, "admin", "db", "current").stdout
    assert len(table_rows(target.url)["event"]) == 290


# -- tars that are not whole Storywall backups ---------------------------------------


def _rebuild(
    archive: Path,
    out: Path,
    *,
    manifest: Callable[[dict[str, object]], None] | None = None,
    member: Callable[[tarfile.TarInfo, bytes], tuple[tarfile.TarInfo, bytes] | None] | None = None,
    extra: list[tuple[tarfile.TarInfo, bytes]] = (),  # type: ignore[assignment]
) -> Path:
    """A copy of `archive` with its manifest or members changed."""
    with tarfile.open(archive) as source, tarfile.open(out, "w") as tar:
        for info in source.getmembers():
            data = source.extractfile(info).read()  # type: ignore[union-attr]
            if info.name == "manifest.json" and manifest is not None:
                content = json.loads(data)
                manifest(content)
                data = json.dumps(content).encode()
                info.size = len(data)
            elif member is not None:
                changed = member(info, data)
                if changed is None:
                    continue
                info, data = changed
            tar.addfile(info, io.BytesIO(data))
        for info, data in extra:
            tar.addfile(info, io.BytesIO(data))
    return out


def _file(name: str, data: bytes = b"x") -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    return info, data


def _flip_database_byte(info: tarfile.TarInfo, data: bytes) -> tuple[tarfile.TarInfo, bytes]:
    if info.name.startswith("database/"):
        middle = len(data) // 2
        data = data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]
    return info, data


def _symlink(info: tarfile.TarInfo, data: bytes) -> tuple[tarfile.TarInfo, bytes]:
    if info.name.startswith("media/"):
        info.type = tarfile.SYMTYPE
        info.linkname = "/etc/passwd"
        info.size = 0
        return info, b""
    return info, data


def _bad_tars(archive: Path, folder: Path) -> dict[str, tuple[Path, str]]:
    """name -> (tar, what the refusal says)."""
    not_tar = folder / "not.tar"
    not_tar.write_bytes(b"hello, I am a text file\n" * 100)
    plain = folder / "plain.tar"
    with tarfile.open(plain, "w") as tar:
        info, data = _file("notes.txt", b"just some notes")
        tar.addfile(info, io.BytesIO(data))
    truncated = folder / "truncated.tar"
    whole = archive.read_bytes()
    truncated.write_bytes(whole[: len(whole) // 2])
    return {
        "not a tar": (not_tar, "is not a tar file"),
        "no manifest": (plain, "does not start with a Storywall manifest.json"),
        "another manifest": (
            _rebuild(archive, folder / "other.tar", manifest=lambda m: m.update(format="zip")),
            "not a Storywall backup manifest",
        ),
        "newer format": (
            _rebuild(archive, folder / "format.tar", manifest=lambda m: m.update(format_version=2)),
            "made by a newer storywall",
        ),
        "newer revision": (
            _rebuild(archive, folder / "rev.tar", manifest=lambda m: m.update(revision="9999")),
            "newer than this storywall knows",
        ),
        "truncated": (truncated, "truncated"),
        "altered database": (
            _rebuild(archive, folder / "flip.tar", member=_flip_database_byte),
            "does not match the manifest's checksum",
        ),
        "wrong size": (
            _rebuild(
                archive,
                folder / "size.tar",
                manifest=lambda m: m["database"].update(bytes=1234),  # type: ignore[index,union-attr]
            ),
            "the manifest says 1234",
        ),
        "dot-dot member": (
            _rebuild(archive, folder / "dotdot.tar", extra=[_file("media/../../evil")]),
            "outside the backup",
        ),
        "absolute member": (
            _rebuild(archive, folder / "absolute.tar", extra=[_file(str(folder / "evil"))]),
            "outside the backup",
        ),
        "symlink member": (
            _rebuild(archive, folder / "link.tar", member=_symlink),
            "is not a plain file",
        ),
        "media missing": (
            _rebuild(
                archive,
                folder / "nomedia.tar",
                member=lambda i, d: None if i.name.startswith("media/") else (i, d),
            ),
            "holds 0 media files",
        ),
        "oversized media": (
            _rebuild(
                archive,
                folder / "big.tar",
                extra=[_file("media/ab/" + "ab" * 32, b"\0" * (MAX_STORED_BYTES + 1))],
            ),
            "over the hub's limit",
        ),
        "stranger member": (
            _rebuild(archive, folder / "stranger.tar", extra=[_file("media/readme.txt")]),
            "never holds",
        ),
    }


@pytest.mark.parametrize(
    "target_state", ["no data folder yet", "empty hub", "hub with data, --force"]
)
def test_restore_refuses_what_is_not_a_whole_backup_and_changes_nothing(
    source: tuple[Hub, Filled, Path], tmp_path: Path, target_state: str
) -> None:
    _, _, archive = source
    target = Hub(tmp_path / "target")
    if target_state != "no data folder yet":
        storywall(target, "admin", "db", "upgrade")
    force = []
    if target_state == "hub with data, --force":
        storywall(target, "admin", "add-site", "mine", "--name", "Mine")
        force = ["--force"]
    before = _snapshot(target)
    bad = tmp_path / "bad"
    bad.mkdir()
    wrong = {}
    for name, (tar, says) in _bad_tars(archive, bad).items():
        refused = storywall(target, "admin", "restore", str(tar), *force, check=False)
        if refused.returncode != 2 or says not in refused.stderr or "Traceback" in refused.stderr:
            wrong[name] = refused.stderr
        elif _snapshot(target) != before:
            wrong[name] = "the hub changed"
    assert not wrong
    assert not (tmp_path / "evil").exists() and not (target.data_dir.parent / "evil").exists()
    assert target.data_dir.exists() == (target_state != "no data folder yet")


def test_backup_says_when_there_is_no_hub(tmp_path: Path) -> None:
    refused = storywall(
        Hub(tmp_path / "none"), "admin", "backup", str(tmp_path / "x.tar"), check=False
    )
    assert refused.returncode == 2 and "no hub database at" in refused.stderr
    assert not (tmp_path / "x.tar").exists()
    missing = storywall(
        Hub(tmp_path / "none"), "admin", "backup", str(tmp_path / "no" / "x.tar"), check=False
    )
    assert "is not a folder; create it first" in missing.stderr


def test_a_backup_replaces_an_older_file_of_the_same_name(
    source: tuple[Hub, Filled, Path], tmp_path: Path
) -> None:
    hub, _, _ = source
    out = tmp_path / "nightly.tar"
    out.write_bytes(b"yesterday's")
    storywall(hub, "admin", "backup", str(out))
    with tarfile.open(out) as tar:
        assert tar.getnames()[0] == "manifest.json"
    engine = create_engine(hub.url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM event")).scalar_one() == 23
    engine.dispose()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "postgresql+psycopg://hub:s3cr%40t@db.example:5433/walls",
            {"PGHOST": "db.example", "PGPORT": "5433", "PGUSER": "hub",
             "PGPASSWORD": "s3cr@t", "PGDATABASE": "walls"},
        ),
        (  # Debian's local socket with peer authentication: no password at all
            "postgresql+psycopg://storywall@/storywall?host=/var/run/postgresql&sslmode=disable",
            {"PGHOST": "/var/run/postgresql", "PGUSER": "storywall", "PGDATABASE": "storywall",
             "PGSSLMODE": "disable"},
        ),
    ],
)  # fmt: skip
def test_pg_tools_get_the_connection_from_the_environment(
    url: str, expected: dict[str, str]
) -> None:
    from server.backup.postgres import libpq_environment

    assert libpq_environment(url) == expected
