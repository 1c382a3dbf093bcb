"""The `temperature` event: one sampling of a fridge's DS18B20 thermometer.

A sampling that failed is an event too (`fault` instead of `celsius`): a sensor that
is unplugged or keeps failing its checks must reach the hub, which flags it, rather
than leave a gap that looks like a quiet fridge.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from storywall.protocol.events import Event, Payload, register_event_type
from storywall.protocol.fields import SensorId
from storywall.protocol.limits import CELSIUS_DECIMALS, DS18B20_MAX_CELSIUS, DS18B20_MIN_CELSIUS

# Why a sampling gave no temperature, one per error of hardware/thermometer.py:
# SensorNotFound, SensorReadError (CRC, power-on 85 °C, unreadable), TemperatureOutOfRange.
SensorFault = Literal["not_found", "read_error", "out_of_range"]


def _as_the_sensor_gives_it(celsius: float) -> float:
    # The sensor reports millidegrees; more decimals are noise someone added.
    if round(celsius, CELSIUS_DECIMALS) != celsius:
        raise ValueError(f"at most {CELSIUS_DECIMALS} decimals (the sensor reports millidegrees)")
    return celsius


Celsius = Annotated[
    float,
    Field(ge=DS18B20_MIN_CELSIUS, le=DS18B20_MAX_CELSIUS, allow_inf_nan=False),
    AfterValidator(_as_the_sensor_gives_it),
]


class TemperaturePayload(Payload):
    """Which sensor was sampled, and exactly one of its reading and why there is none."""

    sensor_id: SensorId
    celsius: Celsius | None = None
    fault: SensorFault | None = None

    @model_validator(mode="after")
    def _one_outcome(self) -> TemperaturePayload:
        if (self.celsius is None) == (self.fault is None):
            raise ValueError("a temperature carries exactly one of celsius (a reading) and fault")
        return self


@register_event_type
class TemperatureEvent(Event):
    """A temperature sampling as it travels: the envelope with a TemperaturePayload."""

    type: Literal["temperature"]
    payload: TemperaturePayload
