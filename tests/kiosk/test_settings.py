"""Settings from TOML: defaults, relative paths, and errors that name file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.errors import KioskError, SettingsError
from kiosk.settings import load_settings

EXAMPLE = Path(__file__).resolve().parents[2] / "firmware_config" / "kiosk.example.toml"

MINIMAL = """
[kiosk]
id = "riverside-1"
hub_url = "https://hub.example.org/"
token = "sw_k_secret"
data_dir = "data"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text)
    return path


def test_minimal_file_gets_the_defaults(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, MINIMAL), env={})
    assert settings.kiosk_id == "riverside-1"
    assert settings.hub_url == "https://hub.example.org"
    assert settings.token == "sw_k_secret"
    assert settings.data_dir == tmp_path / "data"
    assert settings.hardware_backend == "gpio"
    assert settings.button_pins == (5, 6, 13, 19)
    assert settings.led_pins == (12, 16, 20, 21)
    assert settings.display_mode == "auto"
    assert settings.screen_size == (800, 480)
    assert settings.assume_clock_synced is False
    assert settings.heartbeat_interval_s == 300
    assert "sw_k_secret" not in repr(settings)


def test_full_file(tmp_path: Path) -> None:
    (tmp_path / "token").write_text("sw_k_from_file\n")
    settings = load_settings(
        write(
            tmp_path,
            """
[kiosk]
id = "fridge-2"
hub_url = "http://127.0.0.1:8000"
token_file = "token"
data_dir = "/var/lib/sw"
heartbeat_interval_s = 60
assume_clock_synced = true

[hardware]
backend = "mock"
buttons = [5, 6, "GPIO13"]
leds = []
debounce_ms = 100

[display]
mode = "headless"
width = 720
height = 1280

[sync]
idle_interval_s = 5
""",
        ),
        env={"STORYWALL_HARDWARE": "gpio"},  # the file's backend wins
    )
    assert settings.token == "sw_k_from_file"
    assert settings.data_dir == Path("/var/lib/sw")
    assert settings.hardware_backend == "mock"
    assert settings.button_pins == (5, 6, "GPIO13")
    assert settings.led_pins == (None, None, None)
    assert settings.display_mode == "headless"
    assert settings.screen_size == (720, 1280)
    assert settings.assume_clock_synced is True
    assert settings.sync_idle_interval_s == 5


@pytest.mark.parametrize(
    ("env", "backend"), [({}, "gpio"), ({"STORYWALL_HARDWARE": "mock"}, "mock")]
)
def test_without_a_backend_in_the_file_the_environment_chooses(
    tmp_path: Path, env: dict[str, str], backend: str
) -> None:
    assert load_settings(write(tmp_path, MINIMAL), env=env).hardware_backend == backend


def test_a_bad_backend_in_the_environment_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match=r"hardware\.backend: not set, and STORYWALL_HARDWARE="):
        load_settings(write(tmp_path, MINIMAL), env={"STORYWALL_HARDWARE": "lgpio"})


def test_the_example_file_is_valid(tmp_path: Path) -> None:
    text = EXAMPLE.read_text().replace("/etc/storywall/kiosk-token", str(tmp_path / "t"))
    (tmp_path / "t").write_text("sw_k_x")
    settings = load_settings(write(tmp_path, text))
    assert settings.kiosk_id == "riverside-1"


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        ("[kiosk]\nid = 'a'\n", "kiosk.hub_url", "required"),
        (MINIMAL.replace("riverside-1", "Riverside 1"), "kiosk.id", "pattern"),
        (MINIMAL.replace("https://hub.example.org/", "hub.example.org"), "kiosk.hub_url", "URL"),
        (MINIMAL + "colour = 'red'\n", "kiosk.colour", "Extra"),
        (MINIMAL + "heartbeat_interval_s = '300'\n", "kiosk.heartbeat_interval_s", "number"),
        (MINIMAL + "heartbeat_interval_s = 0\n", "kiosk.heartbeat_interval_s", "greater"),
        (MINIMAL + "token_file = 'x'\n", "kiosk.token", "exactly one"),
        (MINIMAL.replace('token = "sw_k_secret"', ""), "kiosk.token", "exactly one"),
        (MINIMAL.replace('token = "sw_k_secret"', 'token_file = "nope"'), "kiosk.token_file", ""),
        (MINIMAL + "[hardware]\nbackend = 'serial'\n", "hardware.backend", "gpio"),
        (MINIMAL + "[hardware]\nleds = [1, 2]\n", "hardware.leds", "4 buttons need 4"),
        (
            MINIMAL + "[hardware]\nbuttons = [5, 6]\nleds = [6, 7]\n",
            "hardware.leds",
            "by hardware.buttons",
        ),
        (MINIMAL + "[hardware]\nbuttons = [5, 5]\nleds = []\n", "hardware.buttons", "named twice"),
        (MINIMAL + "[hardware]\nbuttons = []\nleds = []\n", "hardware.buttons", "at least"),
        (MINIMAL + "[display]\nmode = 'tv'\n", "display.mode", "fullscreen"),
        (MINIMAL + "[display]\nwidth = -1\n", "display.width", "greater"),
        (MINIMAL + "[[display]]\n", "display", ""),
    ],
)
def test_bad_settings_name_the_key(tmp_path: Path, text: str, key: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    assert caught.value.key == key
    assert caught.value.path == path
    assert str(caught.value).startswith(f"{path}: {key}: ")
    assert message in str(caught.value)
    assert isinstance(caught.value, KioskError)


def test_an_empty_token_file(tmp_path: Path) -> None:
    (tmp_path / "token").write_text("\n")
    path = write(tmp_path, MINIMAL.replace('token = "sw_k_secret"', 'token_file = "token"'))
    with pytest.raises(SettingsError, match="empty"):
        load_settings(path)


def test_missing_file_and_bad_toml(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="cannot read"):
        load_settings(tmp_path / "absent.toml")
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings(write(tmp_path, "[kiosk\n"))


def test_the_experience_settings_and_their_defaults(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, MINIMAL), env={})
    assert settings.language is None  # the site's first language
    assert settings.idle_timeout_s == 45 and settings.sound is False
    assert settings.shutdown_pin is None
    assert settings.shutdown_command == ("systemctl", "poweroff")
    assert settings.paused_interval_s == 600
    chosen = load_settings(
        write(
            tmp_path,
            MINIMAL.replace('data_dir = "data"', 'data_dir = "data"\nlanguage = "es"')
            + "[hardware]\nshutdown_pin = 26\nshutdown_command = ['/sbin/poweroff', '-f']\n"
            + "[display]\nidle_timeout_s = 90\nsound = true\n"
            + "[sync]\npaused_interval_s = 1800\n",
        ),
        env={},
    )
    assert chosen.language == "es" and chosen.shutdown_pin == 26
    assert chosen.shutdown_command == ("/sbin/poweroff", "-f")
    assert chosen.idle_timeout_s == 90 and chosen.sound is True
    assert chosen.paused_interval_s == 1800


@pytest.mark.parametrize(
    ("extra", "key", "message"),
    [
        ("[kiosk.x]\n", "kiosk.x", "Extra inputs"),
        ("[hardware]\nshutdown_pin = 5\n", "hardware.shutdown_pin", "pin 5 is already used"),
        ("[hardware]\nshutdown_command = 'systemctl poweroff'\n", "hardware.shutdown_command", ""),
        ("[hardware]\nshutdown_command = []\n", "hardware.shutdown_command", ""),
        ("[display]\nidle_timeout_s = 1\n", "display.idle_timeout_s", ""),
        ("[display]\nsound = 'yes'\n", "display.sound", ""),
        ("[sync]\npaused_interval_s = 0\n", "sync.paused_interval_s", ""),
    ],
)
def test_bad_experience_settings_name_the_key(
    tmp_path: Path, extra: str, key: str, message: str
) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(write(tmp_path, MINIMAL + extra), env={})
    assert caught.value.key == key and message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_language_must_be_a_language_code(tmp_path: Path) -> None:
    text = MINIMAL.replace('data_dir = "data"', 'data_dir = "data"\nlanguage = "Spanish"')
    with pytest.raises(SettingsError) as caught:
        load_settings(write(tmp_path, text), env={})
    assert caught.value.key == "kiosk.language"


def test_a_fridge_section_off_by_default_and_following_the_hardware(tmp_path: Path) -> None:
    assert load_settings(write(tmp_path, MINIMAL), env={}).fridge is None
    text = MINIMAL + "[fridge]\nenabled = true\n"
    on_a_pi = load_settings(write(tmp_path, text), env={}).fridge
    assert on_a_pi is not None
    assert (on_a_pi.thermometer, on_a_pi.camera) == ("w1", "picamera2")
    assert on_a_pi.w1_devices == Path("/sys/bus/w1/devices")
    assert (on_a_pi.door_pin, on_a_pi.dropoff_button_pin, on_a_pi.sensors) == (17, None, ())
    assert on_a_pi.sample_interval_s == 60
    laptop = load_settings(write(tmp_path, text), env={"STORYWALL_HARDWARE": "mock"}).fridge
    assert laptop is not None and (laptop.thermometer, laptop.camera) == ("mock", "mock")


def test_a_full_fridge_section(tmp_path: Path) -> None:
    text = MINIMAL + (
        "[fridge]\nenabled = true\nthermometer = 'mock'\nw1_devices = 'fake-w1'\n"
        "sensors = ['28-0316a2795cff']\nsample_interval_s = 30\ndoor = false\n"
        "door_pin = 5\ncamera = 'mock'\ndropoff_button_pin = 'GPIO22'\n"
    )
    fridge = load_settings(write(tmp_path, text), env={}).fridge
    assert fridge is not None
    assert fridge.w1_devices == tmp_path / "fake-w1"  # relative to the file
    assert fridge.sensors == ("28-0316a2795cff",)
    # No door switch: its pin is not claimed, so a button may sit on it.
    assert fridge.door_pin is None
    assert fridge.dropoff_button_pin == "GPIO22"


@pytest.mark.parametrize(
    ("extra", "key", "message"),
    [
        (
            "[fridge]\nenabled = true\ndoor_pin = 26\n[hardware]\nshutdown_pin = 26\n",
            "fridge.door_pin",
            "already used by hardware.shutdown_pin",
        ),
        (
            "[fridge]\nenabled = true\ndoor_pin = 'GPIO5'\n",
            "fridge.door_pin",
            "already used by hardware.buttons",
        ),
        (
            "[fridge]\nenabled = true\ndropoff_button_pin = 'BCM17'\n",
            "fridge.dropoff_button_pin",
            "already used by fridge.door_pin",
        ),
        (
            "[fridge]\nenabled = true\ndropoff_button_pin = 12\n",
            "fridge.dropoff_button_pin",
            "already used by hardware.leds",
        ),
        (
            "[fridge]\nenabled = true\ndropoff_button_pin = 4\n",
            "fridge.dropoff_button_pin",
            "1-wire",
        ),
        ("[hardware]\nbuttons = [4, 5, 6, 13]\n", "hardware.buttons", "GPIO 4"),
        ("[fridge]\nthermometer = 'i2c'\n", "fridge.thermometer", "'w1' or 'mock'"),
        ("[fridge]\ncamera = 'usb'\n", "fridge.camera", "'picamera2' or 'mock'"),
        ("[fridge]\nsensors = ['28-XYZ']\n", "fridge.sensors.0", "pattern"),
        ("[fridge]\nsample_interval_s = 1\n", "fridge.sample_interval_s", "greater"),
        ("[fridge]\nenabled = 'yes'\n", "fridge.enabled", "boolean"),
        ("[fridge]\ncolour = 'red'\n", "fridge.colour", "Extra"),
    ],
)
def test_bad_fridge_settings_name_the_key(
    tmp_path: Path, extra: str, key: str, message: str
) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(write(tmp_path, MINIMAL + extra), env={})
    assert caught.value.key == key
    assert message in str(caught.value), str(caught.value)


def test_a_disabled_fridge_claims_no_pins(tmp_path: Path) -> None:
    text = MINIMAL + "[hardware]\nshutdown_pin = 17\n[fridge]\ndropoff_button_pin = 26\n"
    settings = load_settings(write(tmp_path, text), env={})
    assert settings.shutdown_pin == 17 and settings.fridge is None
