"""KioskCore answers each prompt kind, flags mashing as play, keeps tallies, records
notes and doodles (the doodle's PNG on disk before its event)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from kiosk.clock import KioskClock
from kiosk.config_store import ConfigStore
from kiosk.core import KioskCore, RecordedPress
from kiosk.errors import InvalidContribution
from kiosk.outbox import Outbox
from storywall.protocol import KioskConfig
from storywall.protocol.media import sha256_hex
from tests.kiosk.test_core import Timer


def config(prompt: dict[str, object], **extra: object) -> KioskConfig:
    return KioskConfig.model_validate(
        {
            "kiosk_id": "riverside-1",
            "kiosk_name": "Riverside gate",
            "site": {"slug": "riverside", "name": "Riverside Park", "timezone": "Europe/London"},
            "prompt": {"id": 7, "text": "How was the park today?", **prompt},
            **extra,
        }
    )


EMOJI = config({"emoji": ["😀", "😐", "😢", "🌳"], "tallies": {"😀": 10, "🌳": 2}})
POLL = config({"kind": "poll", "emoji": [], "options": ["Swings", "Slide", "Pond"]})
SLIDER = config({"kind": "slider", "emoji": ["😢", "🙁", "😐", "🙂", "😀"]})


@pytest.fixture
def timer() -> Timer:
    return Timer()


@pytest.fixture
def recorded() -> list[RecordedPress]:
    return []


@pytest.fixture
def core(
    outbox: Outbox,
    kiosk_clock: KioskClock,
    config_store: ConfigStore,
    timer: Timer,
    recorded: list[RecordedPress],
) -> KioskCore:
    config_store.save(EMOJI, '"v1"')
    return KioskCore(outbox, kiosk_clock, config_store, timer=timer, on_recorded=recorded.append)


def calm_presses(core: KioskCore, timer: Timer, indexes: list[int]) -> None:
    for index in indexes:
        timer.now += 10  # far apart: opinion, not play
        assert core.record_press(index) is not None


def test_a_poll_is_answered_with_the_option_index(
    core: KioskCore, config_store: ConfigStore, outbox: Outbox, recorded: list[RecordedPress]
) -> None:
    config_store.save(POLL, '"v2"')
    event = core.record_press(2, "touch")
    assert event is not None
    assert event.payload.model_dump() == {"prompt_id": 7, "option": 2, "source": "touch"}
    assert core.record_press(3) is None  # a three-option poll has no fourth
    assert recorded == [RecordedPress(2, "touch", False, event)]


def test_a_slider_is_answered_with_the_step_emoji(
    core: KioskCore, config_store: ConfigStore
) -> None:
    config_store.save(SLIDER, '"v3"')
    event = core.record_press(4)
    assert event is not None and event.payload.model_dump()["emoji"] == "😀"


def test_mashing_is_recorded_as_play_and_never_dropped(
    core: KioskCore, outbox: Outbox, timer: Timer, recorded: list[RecordedPress]
) -> None:
    for index in (0, 1, 2, 3, 0, 1):
        core.submit_button_press(index)
        timer.now += 0.1  # 100 ms apart: a child at the buttons
    core.drain()
    assert [press.play for press in recorded] == [False] + [True] * 5
    events = outbox.take_batch()
    assert len(events) == 6
    assert [event.payload.model_dump().get("play", False) for event in events] == [
        press.play for press in recorded
    ]


def test_the_play_rules_come_from_the_configuration(
    core: KioskCore, config_store: ConfigStore, timer: Timer, recorded: list[RecordedPress]
) -> None:
    relaxed = config({"emoji": ["😀", "😢"]}, play={"min_interval_ms": 0, "burst_presses": 100})
    config_store.save(relaxed, '"v4"')
    for _ in range(5):
        core.record_press(0)
        timer.now += 0.05
    assert [press.play for press in recorded] == [False] * 5


def test_tallies_are_the_hubs_plus_this_kiosks_opinion_presses(
    core: KioskCore, config_store: ConfigStore, timer: Timer
) -> None:
    assert core.tallies() == {"😀": 10, "😐": 0, "😢": 0, "🌳": 2}
    calm_presses(core, timer, [0, 3, 3])
    core.record_press(1)  # right after the last: play, left out
    assert core.tallies() == {"😀": 11, "😐": 0, "😢": 0, "🌳": 4}
    assert core.answered_today() == 15
    # A new pull already counts what the hub received: the local count starts again.
    config_store.save(config({"emoji": ["😀", "😐", "😢", "🌳"], "tallies": {"😀": 11}}), '"v5"')
    assert core.tallies() == {"😀": 11, "😐": 0, "😢": 0, "🌳": 0}
    calm_presses(core, timer, [2])
    assert core.answered_today() == 12


def test_poll_tallies_use_option_keys(
    core: KioskCore, config_store: ConfigStore, timer: Timer
) -> None:
    config_store.save(POLL, '"v2"')
    calm_presses(core, timer, [1, 1])
    assert core.tallies() == {"#0": 0, "#1": 2, "#2": 0}


def test_no_prompt_no_tallies(outbox: Outbox, kiosk_clock: KioskClock, tmp_path: Path) -> None:
    core = KioskCore(outbox, kiosk_clock, ConfigStore(tmp_path / "none.json"))
    assert core.tallies() == {} and core.answered_today() == 0


def test_a_note_is_recorded_with_its_language_template_and_prompt(
    core: KioskCore, outbox: Outbox
) -> None:
    event = core.record_note(
        "  Gracias por los columpios  ", language="es", template="gratitude", prompt_id=7
    )
    [stored] = outbox.take_batch()
    assert stored.id == event.id and stored.type == "note"
    assert stored.payload.model_dump() == {
        "text": "Gracias por los columpios",
        "language": "es",
        "prompt_id": 7,
        "template": "gratitude",
    }


@pytest.mark.parametrize(
    ("text", "language", "message"),
    [
        ("   ", "en", "text"),
        ("x" * 281, "en", "text"),
        ("hello", "English", "language"),
    ],
)
def test_a_bad_note_is_refused_with_one_line_and_nothing_recorded(
    core: KioskCore, outbox: Outbox, text: str, language: str, message: str
) -> None:
    with pytest.raises(InvalidContribution) as caught:
        core.record_note(text, language=language)
    assert str(caught.value).startswith(f"note not recorded: {message}")
    assert "\n" not in str(caught.value)
    assert outbox.counts().pending == 0


def png(width: int = 40, height: int = 30, colour: str = "red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_doodle_is_on_disk_before_its_event(
    core: KioskCore, outbox: Outbox, tmp_path: Path
) -> None:
    data = png()
    sha = sha256_hex(data)
    seen: list[bool] = []
    record = outbox.record

    def record_and_look(*args: object, **kwargs: object) -> object:
        # When the event is written, its file is already there, complete.
        seen.append(core.media.read(sha) == data)
        return record(*args, **kwargs)  # type: ignore[arg-type]

    outbox.record = record_and_look  # type: ignore[method-assign]
    event = core.record_doodle(data, width=40, height=30, prompt_id=7)
    assert seen == [True]
    assert core.media.path(sha) == outbox.path.parent / "media" / f"{sha}.png"
    assert event.payload.model_dump() == {
        "media": sha,
        "width": 40,
        "height": 30,
        "bytes": len(data),
        "prompt_id": 7,
    }
    assert not [p for p in core.media.folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(
    ("data", "size", "message"),
    [
        (b"GIF89a....", (10, 10), "not a PNG"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * (256 * 1024), (10, 10), "more than"),
        (None, (0, 10), "width"),
        (None, (10, 5000), "height"),
    ],
)
def test_a_bad_doodle_is_refused_and_nothing_is_kept(
    core: KioskCore,
    outbox: Outbox,
    data: bytes | None,
    size: tuple[int, int],
    message: str,
) -> None:
    with pytest.raises(InvalidContribution) as caught:
        core.record_doodle(data or png(), width=size[0], height=size[1])
    assert message in str(caught.value)
    assert outbox.counts().pending == 0
    assert core.media.held() == set()
