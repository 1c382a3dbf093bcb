"""KioskClock reads OS state from paths, so these tests use files in tmp_path."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from kiosk.clock import KioskClock, read_boot_id
from tests.kiosk.conftest import BOOT_ID, ManualTime


def test_boot_id_comes_from_the_file(kiosk_clock: KioskClock) -> None:
    assert kiosk_clock.boot_id == BOOT_ID


def test_missing_boot_id_file_gives_a_random_id_per_process(tmp_path: Path) -> None:
    one = KioskClock(boot_id_path=tmp_path / "nope")
    two = KioskClock(boot_id_path=tmp_path / "nope")
    assert one.boot_id != two.boot_id
    assert len(one.boot_id) == 36


def test_a_garbled_boot_id_is_not_trusted(tmp_path: Path) -> None:
    path = tmp_path / "boot_id"
    path.write_text("not a boot id!\n")
    assert read_boot_id(path) is None
    assert KioskClock(boot_id_path=path).boot_id != "not a boot id!"


def test_mono_ms_is_the_monotonic_clock_in_ms(
    kiosk_clock: KioskClock, manual_time: ManualTime
) -> None:
    assert kiosk_clock.mono_ms() == 1_234_500
    manual_time.advance(0.25)
    assert kiosk_clock.mono_ms() == 1_234_750


def test_wall_time_is_aware_utc(tmp_path: Path) -> None:
    paris = timezone(timedelta(hours=2))
    clock = KioskClock(
        boot_id_path=tmp_path / "x", wall=lambda: datetime(2026, 5, 1, 11, 0, tzinfo=paris)
    )
    assert clock.wall_time() == datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
    assert clock.wall_time().tzinfo is UTC
    naive = KioskClock(boot_id_path=tmp_path / "x", wall=lambda: datetime(2026, 5, 1, 9, 0))
    assert naive.wall_time().tzinfo is UTC


def test_default_clock_works_here() -> None:
    clock = KioskClock()
    assert clock.mono_ms() >= 0
    assert clock.wall_time().tzinfo is UTC
    assert "boot_id" in repr(clock)


def test_synced_follows_the_timesync_flag(kiosk_clock: KioskClock, sync_flag: Path) -> None:
    assert not kiosk_clock.synced()
    sync_flag.parent.mkdir(parents=True)
    sync_flag.touch()
    assert kiosk_clock.synced()


def test_assume_synced(tmp_path: Path) -> None:
    clock = KioskClock(sync_flag_path=tmp_path / "absent", assume_synced=True)
    assert clock.synced()
