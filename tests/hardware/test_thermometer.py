"""DS18B20 thermometers: the w1 sysfs reader on fake /sys/bus/w1 trees, the mock, the factory."""

from __future__ import annotations

from pathlib import Path

import pytest

from hardware.buttons import HARDWARE_ENV
from hardware.errors import (
    BackendUnavailable,
    DeviceClosed,
    HardwareConfigError,
    HardwareError,
    SensorNotFound,
    SensorReadError,
    TemperatureOutOfRange,
    ThermometerError,
)
from hardware.thermometer import (
    MOCK_SENSOR_ID,
    MockThermometer,
    TemperatureReading,
    W1Thermometer,
    build_thermometer,
    default_thermometer_backend,
)
from tests.support.fake_sysfs import FakeW1Bus, w1_slave_text

SENSOR = "28-0316a2795cff"
OTHER = "28-3c01d607d1a2"


@pytest.fixture
def bus(tmp_path: Path) -> FakeW1Bus:
    return FakeW1Bus(tmp_path / "sys" / "bus" / "w1" / "devices")


def thermometer_on(bus: FakeW1Bus, attempts: int = 3) -> W1Thermometer:
    return W1Thermometer(bus.root, attempts=attempts, retry_delay_s=0.25, sleep=bus.tick)


def test_a_good_reading_carries_the_sensor_and_degrees(bus: FakeW1Bus) -> None:
    bus.add(SENSOR, w1_slave_text(3_562))
    with thermometer_on(bus) as thermometer:
        assert thermometer.sensors() == [SENSOR]
        assert thermometer.read() == TemperatureReading(SENSOR, 3.562)
        assert thermometer.read(SENSOR).celsius == 3.562
    assert bus.sleeps == []  # a good first read waits for nothing


def test_below_zero_is_a_reading(bus: FakeW1Bus) -> None:
    bus.add(SENSOR, w1_slave_text(-18_062))  # a freezer compartment
    with thermometer_on(bus) as thermometer:
        assert thermometer.read().celsius == -18.062


def test_a_crc_no_is_retried_and_the_next_good_read_counts(bus: FakeW1Bus) -> None:
    bus.add(SENSOR, w1_slave_text(4_000, crc_ok=False), w1_slave_text(4_125))
    with thermometer_on(bus) as thermometer:
        assert thermometer.read() == TemperatureReading(SENSOR, 4.125)
    assert bus.sleeps == [0.25]


def test_a_crc_that_always_fails_is_an_error_naming_the_sensor(bus: FakeW1Bus) -> None:
    bus.add(SENSOR, w1_slave_text(4_000, crc_ok=False))
    with thermometer_on(bus) as thermometer, pytest.raises(SensorReadError) as caught:
        thermometer.read()
    assert caught.value.sensor_id == SENSOR
    assert str(caught.value).startswith(f"{SENSOR}: no good reading in 3 attempts")
    assert caught.value.failures == ("CRC check failed (NO)",) * 3
    assert not isinstance(caught.value, TemperatureOutOfRange)
    assert bus.sleeps == [0.25, 0.25]  # bounded: three attempts, two pauses


def test_the_power_on_value_is_not_a_reading(bus: FakeW1Bus) -> None:
    bus.add(SENSOR, w1_slave_text(85_000), w1_slave_text(5_312))
    with thermometer_on(bus) as thermometer:
        assert thermometer.read().celsius == 5.312


def test_a_power_on_value_that_persists_is_an_error_not_85_degrees(bus: FakeW1Bus) -> None:
    # A fridge is never at 85 °C: a sensor that keeps answering 85000 keeps resetting.
    bus.add(SENSOR, w1_slave_text(85_000))
    with thermometer_on(bus) as thermometer, pytest.raises(SensorReadError, match="power-on"):
        thermometer.read()


@pytest.mark.parametrize("millidegrees", [125_062, 127_937, -55_062, -62_000])
def test_a_value_outside_the_sensors_range_is_refused(bus: FakeW1Bus, millidegrees: int) -> None:
    bus.add(SENSOR, w1_slave_text(millidegrees))
    with thermometer_on(bus) as thermometer, pytest.raises(TemperatureOutOfRange) as caught:
        thermometer.read()
    assert caught.value.sensor_id == SENSOR
    assert "-55..125 °C" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_the_ends_of_the_range_are_readings(bus: FakeW1Bus) -> None:
    bus.add(SENSOR, w1_slave_text(125_000))
    bus.add(OTHER, w1_slave_text(-55_000))
    with thermometer_on(bus) as thermometer:
        assert thermometer.read(SENSOR).celsius == 125.0
        assert thermometer.read(OTHER).celsius == -55.0


def test_one_corrupt_value_then_a_good_one(bus: FakeW1Bus) -> None:
    bus.add(SENSOR, w1_slave_text(130_000), w1_slave_text(2_937))
    with thermometer_on(bus) as thermometer:
        assert thermometer.read().celsius == 2.937


def test_an_all_zero_scratchpad_is_a_failed_read_not_zero_degrees(bus: FakeW1Bus) -> None:
    # The data line held low: the CRC of zeros is zero, so the kernel says YES.
    zeros = "00 00 00 00 00 00 00 00 00"
    bus.add(SENSOR, f"{zeros} : crc=00 YES\n{zeros} t=0\n", w1_slave_text(3_000))
    with thermometer_on(bus) as thermometer:
        assert thermometer.read().celsius == 3.0
    bus.add(OTHER, f"{zeros} : crc=00 YES\n{zeros} t=0\n")
    with thermometer_on(bus) as thermometer, pytest.raises(SensorReadError, match="all-zero"):
        thermometer.read(OTHER)


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "\n",
        "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n",  # the value line never came
        "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=\n",
        "72 01 4b 46 7f ff 0e 10 57 : crc=57 MAYBE\n72 01 4b 46 7f ff 0e 10 57 t=23125\n",
        "72 01 4b : crc=57 YES\n72 01 4b t=23125\n",
        "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=23.1\n",
        "\x00\xff binary noise \x80",
        "t=23125\n",
    ],
)
def test_garbage_in_the_file_is_a_read_error(bus: FakeW1Bus, garbage: str) -> None:
    bus.add(SENSOR, garbage)
    with thermometer_on(bus, attempts=2) as thermometer, pytest.raises(SensorReadError) as caught:
        thermometer.read(SENSOR)
    assert caught.value.failures[0].startswith("unreadable w1_slave")
    assert len(caught.value.failures) == 2


def test_garbage_once_then_a_good_reading(bus: FakeW1Bus) -> None:
    bus.add(SENSOR, "72 01 4b 46 7f", w1_slave_text(4_500))
    with thermometer_on(bus) as thermometer:
        assert thermometer.read().celsius == 4.5


def test_two_sensors_are_listed_by_id_and_read_one_by_one(bus: FakeW1Bus) -> None:
    bus.add(SENSOR, w1_slave_text(3_500))
    bus.add(OTHER, w1_slave_text(-17_250))
    (bus.root / "00-400000000000").mkdir()  # a glitch on the bus the kernel half-found
    with thermometer_on(bus) as thermometer:
        assert thermometer.sensors() == [SENSOR, OTHER]
        assert [thermometer.read(sensor) for sensor in thermometer.sensors()] == [
            TemperatureReading(SENSOR, 3.5),
            TemperatureReading(OTHER, -17.25),
        ]
        with pytest.raises(HardwareConfigError, match="2 sensors"):
            thermometer.read()  # which one? the caller must say


def test_a_missing_sensor_is_not_found_at_once(bus: FakeW1Bus) -> None:
    with thermometer_on(bus) as thermometer:
        assert thermometer.sensors() == []
        with pytest.raises(SensorNotFound, match="no DS18B20"):
            thermometer.read()
        with pytest.raises(SensorNotFound) as caught:
            thermometer.read(SENSOR)
    assert caught.value.sensor_id == SENSOR
    assert "w1_slave is missing" in str(caught.value)
    assert bus.sleeps == []  # no retries for a sensor that is not there


def test_a_sensor_that_vanishes_is_not_found(bus: FakeW1Bus) -> None:
    bus.add(SENSOR, w1_slave_text(4_000))
    bus.add(OTHER, w1_slave_text(5_000))
    with thermometer_on(bus) as thermometer:
        assert thermometer.read(SENSOR).celsius == 4.0
        bus.remove(SENSOR)
        assert thermometer.sensors() == [OTHER]
        with pytest.raises(SensorNotFound, match=SENSOR):
            thermometer.read(SENSOR)
        assert thermometer.read().celsius == 5.0  # the one left is "the" sensor


def test_a_bus_that_goes_away_lists_no_sensors(bus: FakeW1Bus) -> None:
    bus.add(SENSOR, w1_slave_text(4_000))
    with thermometer_on(bus) as thermometer:
        bus.remove(SENSOR)
        (bus.root / "w1_bus_master1").rmdir()
        bus.root.rmdir()  # the w1 modules unloaded
        assert thermometer.sensors() == []
        with pytest.raises(SensorNotFound):
            thermometer.read(SENSOR)


def test_an_unreadable_file_is_retried_then_an_error(bus: FakeW1Bus) -> None:
    device = bus.add(SENSOR, w1_slave_text(4_000))
    (device / "w1_slave").unlink()
    (device / "w1_slave").mkdir()  # reading it fails with an OSError other than missing
    with thermometer_on(bus) as thermometer, pytest.raises(SensorReadError, match="cannot read"):
        thermometer.read(SENSOR)


def test_no_bus_at_all_is_backend_unavailable(tmp_path: Path) -> None:
    with pytest.raises(BackendUnavailable, match="w1-gpio"):
        W1Thermometer(tmp_path / "no-such-bus")
    with pytest.raises(BackendUnavailable):
        build_thermometer("w1", devices=tmp_path / "no-such-bus")


@pytest.mark.parametrize("bad_id", ["../../etc", "10-000000000001", "28-0316A2795CFF", "28-1"])
def test_a_sensor_id_must_be_a_ds18b20s(bus: FakeW1Bus, bad_id: str) -> None:
    with thermometer_on(bus) as thermometer, pytest.raises(HardwareConfigError):
        thermometer.read(bad_id)


def test_one_attempt_means_no_retry(bus: FakeW1Bus) -> None:
    bus.add(SENSOR, w1_slave_text(4_000, crc_ok=False), w1_slave_text(4_000))
    with (
        thermometer_on(bus, attempts=1) as thermometer,
        pytest.raises(SensorReadError, match="in 1 attempt:"),
    ):
        thermometer.read()
    assert bus.sleeps == []
    with pytest.raises(HardwareConfigError):
        W1Thermometer(bus.root, attempts=0)
    with pytest.raises(HardwareConfigError):
        W1Thermometer(bus.root, retry_delay_s=-1)


def test_close_is_idempotent_and_repr_says_where(bus: FakeW1Bus) -> None:
    bus.add(SENSOR, w1_slave_text(4_000))
    thermometer = thermometer_on(bus)
    assert repr(thermometer) == f"<W1Thermometer devices='{bus.root}' attempts=3>"
    thermometer.close()
    thermometer.close()
    assert thermometer.closed
    assert repr(thermometer) == "<W1Thermometer closed>"
    with pytest.raises(DeviceClosed):
        thermometer.read()
    with pytest.raises(DeviceClosed):
        thermometer.sensors()


def test_every_thermometer_error_is_a_hardware_error() -> None:
    for error in (SensorNotFound, SensorReadError, TemperatureOutOfRange):
        assert issubclass(error, ThermometerError)
        assert issubclass(error, HardwareError)


# The mock: same interface, same checks.


def test_the_mock_reads_what_it_is_set_to() -> None:
    with MockThermometer() as thermometer:
        assert thermometer.sensors() == [MOCK_SENSOR_ID]
        assert thermometer.read() == TemperatureReading(MOCK_SENSOR_ID, 4.0)
        thermometer.set_temperature(7.25)
        assert thermometer.read(MOCK_SENSOR_ID).celsius == 7.25
        assert repr(thermometer) == f"<MockThermometer sensors={{'{MOCK_SENSOR_ID}': 7.25}}>"
    assert repr(thermometer) == "<MockThermometer closed>"
    thermometer.close()
    with pytest.raises(DeviceClosed):
        thermometer.read()


def test_a_mock_script_plays_then_the_set_temperature_returns() -> None:
    pauses: list[float] = []
    with MockThermometer(3.0, retry_delay_s=0.5, sleep=pauses.append) as thermometer:
        thermometer.script([4.0, None, 5.5, 85.0, 6.0])
        assert [thermometer.read().celsius for _ in range(4)] == [4.0, 5.5, 6.0, 3.0]
    assert pauses == [0.5, 0.5]  # after the failed read and the power-on value


def test_the_mock_refuses_what_the_sensor_would() -> None:
    with MockThermometer() as thermometer:
        thermometer.set_temperature(85.0)
        with pytest.raises(SensorReadError, match="power-on"):
            thermometer.read()
        thermometer.set_temperature(130.0)
        with pytest.raises(TemperatureOutOfRange):
            thermometer.read()
        thermometer.script([None, None, None])
        with pytest.raises(SensorReadError, match="CRC"):
            thermometer.read()


def test_mock_sensors_can_be_unplugged_and_plugged() -> None:
    with MockThermometer(sensor_ids=[SENSOR, OTHER]) as thermometer:
        thermometer.set_temperature(-18.0, OTHER)
        assert thermometer.read(OTHER).celsius == -18.0
        with pytest.raises(HardwareConfigError):
            thermometer.set_temperature(5.0)  # two sensors: name one
        thermometer.unplug(SENSOR)
        with pytest.raises(SensorNotFound, match=SENSOR):
            thermometer.read(SENSOR)
        assert thermometer.sensors() == [OTHER]
        thermometer.plug(SENSOR, 6.0)
        assert thermometer.read(SENSOR).celsius == 6.0
    with pytest.raises(HardwareConfigError):
        MockThermometer(sensor_ids=["kitchen"])


# The factory and the environment switch.


def test_the_factory_builds_each_backend(bus: FakeW1Bus) -> None:
    bus.add(SENSOR, w1_slave_text(2_500))
    with build_thermometer("w1", devices=bus.root) as thermometer:
        assert isinstance(thermometer, W1Thermometer)
        assert thermometer.read().celsius == 2.5
    with build_thermometer("mock") as thermometer:
        assert isinstance(thermometer, MockThermometer)
        assert thermometer.read().celsius == 4.0
    with pytest.raises(HardwareConfigError, match="'w1' or 'mock'"):
        build_thermometer("serial")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("env", "backend"),
    [({}, "w1"), ({HARDWARE_ENV: "gpio"}, "w1"), ({HARDWARE_ENV: "mock"}, "mock")],
)
def test_the_backend_follows_the_hardware_switch(env: dict[str, str], backend: str) -> None:
    assert default_thermometer_backend(env) == backend


def test_no_backend_means_the_environments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(HARDWARE_ENV, "mock")
    with build_thermometer() as thermometer:
        assert isinstance(thermometer, MockThermometer)
