"""A kiosk drop-off in the core: the photo on disk (as .jpg) before the event, bad input
refused with nothing kept, and PNG doodles beside JPEG photos in one media folder."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from hardware.camera import DEFAULT_MAX_BYTES, MockCamera
from kiosk.clock import KioskClock
from kiosk.config_store import ConfigStore
from kiosk.core import KioskCore
from kiosk.errors import InvalidContribution
from kiosk.media_store import MediaStore
from kiosk.outbox import Outbox
from storywall.protocol.media import sha256_hex


@pytest.fixture
def core(outbox: Outbox, kiosk_clock: KioskClock, config_store: ConfigStore) -> KioskCore:
    return KioskCore(outbox, kiosk_clock, config_store)


def jpeg() -> bytes:
    with MockCamera(seed=3) as camera:
        return camera.capture()


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "blue").save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_photo_is_on_disk_before_the_event(core: KioskCore, outbox: Outbox) -> None:
    photo = jpeg()
    sha = sha256_hex(photo)
    seen: list[bool] = []
    record = outbox.record

    def record_and_look(*args: object, **kwargs: object) -> object:
        seen.append(core.media.read(sha) == photo)
        return record(*args, **kwargs)  # type: ignore[arg-type]

    outbox.record = record_and_look  # type: ignore[method-assign]
    event = core.record_dropoff({"produce": 4, "bread": 0}, photo=photo, level=1)
    assert seen == [True]
    assert core.media.path(sha) == outbox.path.parent / "media" / f"{sha}.jpg"
    assert event.type == "dropoff"
    assert event.payload.model_dump(exclude_defaults=True) == {
        "via": "kiosk",
        "items": {"produce": 4},  # a category left at 0 is not named
        "rules_confirmed": True,
        "photo": sha,
        "level": 1,
    }


def test_a_drop_off_without_a_photo(core: KioskCore) -> None:
    event = core.record_dropoff({"other": 2})
    assert event.payload.photo is None  # type: ignore[attr-defined]
    assert core.media.held() == set()


@pytest.mark.parametrize(
    ("items", "photo", "level", "message"),
    [
        ({}, None, None, "items"),
        ({"produce": 0}, None, None, "items"),
        ({"produce": 201}, None, None, "200"),
        ({"prepared": 1}, None, None, "prepared_on"),
        ({"caviar": 1}, None, None, "items"),
        ({"produce": 1}, None, 4, "level"),
        ({"produce": 1}, b"\x89PNG\r\n\x1a\n....", None, "not a JPEG"),
        ({"produce": 1}, b"\xff\xd8\xff" + b"\0" * DEFAULT_MAX_BYTES, None, "over"),
    ],
)
def test_a_bad_drop_off_is_refused_and_nothing_is_kept(
    core: KioskCore,
    outbox: Outbox,
    items: dict[str, int],
    photo: bytes | None,
    level: int | None,
    message: str,
) -> None:
    with pytest.raises(InvalidContribution) as caught:
        core.record_dropoff(items, photo=photo or jpeg(), level=level)
    assert message in str(caught.value)
    assert outbox.counts().pending == 0
    assert core.media.held() == set()


def test_doodles_stay_png_and_photos_jpeg_in_one_folder(tmp_path: Path) -> None:
    store = MediaStore(tmp_path / "media")
    doodle, photo = store.put(png()), store.put(jpeg())
    assert store.put(png()) == doodle  # idempotent
    assert {p.name for p in store.folder.iterdir()} == {f"{doodle}.png", f"{photo}.jpg"}
    assert store.content_type(doodle) == "image/png"
    assert store.content_type(photo) == "image/jpeg"
    assert store.held() == {doodle, photo}
    with pytest.raises(ValueError, match="PNG or a JPEG"):
        store.put(b"GIF89a")
    assert store.sweep({doodle}) == 1
    assert store.held() == {doodle}
    assert store.remove([doodle, photo]) == 1


def test_the_outbox_names_the_media_of_doodles_and_drop_offs(
    core: KioskCore, outbox: Outbox
) -> None:
    core.record_doodle(png(), width=40, height=30)
    photo = jpeg()
    core.record_dropoff({"bread": 1}, photo=photo)
    core.record_dropoff({"bread": 2})  # no photo: names nothing
    doodle, shelves = sha256_hex(png()), sha256_hex(photo)
    assert outbox.media_refs(("pending",)) == {doodle, shelves}
    assert outbox.media_refs(("acked",)) == set()
    # Each type's lookup uses its own partial index, not a scan of every event.
    with outbox._transaction(write=False) as tx:
        plan = " ".join(
            str(row[-1])
            for row in tx.execute(
                "EXPLAIN QUERY PLAN SELECT json_extract(payload, '$.photo') FROM outbox"
                " INDEXED BY outbox_dropoff_photo WHERE type = 'dropoff' AND state = 'pending'"
            )
        )
    assert "outbox_dropoff_photo" in plan
    assert outbox.reject_media(shelves, "media: refused") == 1
    [rejected] = outbox.rejected()
    assert rejected.event.type == "dropoff" and rejected.reason == "media: refused"
    assert outbox.media_refs(("pending",)) == {doodle}
