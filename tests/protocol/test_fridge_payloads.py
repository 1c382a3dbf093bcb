"""The fridge's telemetry on the wire: what a `temperature` and a `door` payload may say.

Each payload is checked as the hub checks it, from JSON text (strict mode), and each
refusal is expected to name the field and say what is wrong."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from storywall.protocol import (
    DoorPayload,
    Payload,
    TemperaturePayload,
    event_models,
    payload_model,
)
from storywall.protocol.wire import first_error

SENSOR = "28-0316a2795cff"
WEEK_S = 7 * 24 * 3600
NOT_A_NUMBER = "celsius: Input should be a valid number"


def _reason(model: type[Payload], raw: str) -> str:
    with pytest.raises(ValidationError) as caught:
        model.model_validate_json(raw)
    return first_error(caught.value)


def test_both_types_are_registered_with_their_payloads() -> None:
    assert event_models()["temperature"].__name__ == "TemperatureEvent"
    assert payload_model("temperature") is TemperaturePayload
    assert payload_model("door") is DoorPayload


@pytest.mark.parametrize(
    ("raw", "written"),
    [
        ({"sensor_id": SENSOR, "celsius": 4.062}, {"sensor_id": SENSOR, "celsius": 4.062}),
        ({"sensor_id": SENSOR, "celsius": -55}, {"sensor_id": SENSOR, "celsius": -55.0}),
        ({"sensor_id": SENSOR, "celsius": 125.0}, {"sensor_id": SENSOR, "celsius": 125.0}),
        ({"sensor_id": SENSOR, "celsius": 0.0}, {"sensor_id": SENSOR, "celsius": 0.0}),
        ({"sensor_id": SENSOR, "fault": "not_found"}, {"sensor_id": SENSOR, "fault": "not_found"}),
        (
            {"sensor_id": SENSOR, "fault": "read_error"},
            {"sensor_id": SENSOR, "fault": "read_error"},
        ),
        (
            {"sensor_id": SENSOR, "fault": "out_of_range", "celsius": None},
            {"sensor_id": SENSOR, "fault": "out_of_range"},
        ),
    ],
)
def test_a_reading_or_a_fault_is_taken_and_written_without_the_other(
    raw: dict[str, Any], written: dict[str, Any]
) -> None:
    payload = TemperaturePayload.model_validate_json(json.dumps(raw))
    assert json.loads(payload.model_dump_json()) == written
    # What is written reads back to the same payload.
    assert TemperaturePayload.model_validate_json(payload.model_dump_json()) == payload


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ('{"celsius": 4.0}', "sensor_id: Field required"),
        ('{"sensor_id": "28-0316A2795CFF", "celsius": 4.0}', "sensor_id: String should match"),
        ('{"sensor_id": "10-0316a2795cff", "celsius": 4.0}', "sensor_id: String should match"),
        ('{"sensor_id": "28-0316a2795cf", "celsius": 4.0}', "sensor_id: String should match"),
        ('{"sensor_id": "28-0316a2795cff0", "celsius": 4.0}', "sensor_id: String should match"),
        ('{"sensor_id": "../../etc/passwd", "celsius": 4.0}', "sensor_id: String should match"),
        ('{"sensor_id": 28, "celsius": 4.0}', "sensor_id: Input should be a valid string"),
        (f'{{"sensor_id": "{SENSOR}"}}', "exactly one of celsius (a reading) and fault"),
        (
            f'{{"sensor_id": "{SENSOR}", "celsius": 4.0, "fault": "read_error"}}',
            "exactly one of celsius (a reading) and fault",
        ),
        (f'{{"sensor_id": "{SENSOR}", "celsius": NaN}}', "celsius: Input should be a finite"),
        (f'{{"sensor_id": "{SENSOR}", "celsius": Infinity}}', "celsius: Input should be a finite"),
        (f'{{"sensor_id": "{SENSOR}", "celsius": -Infinity}}', "celsius: Input should be a finite"),
        (f'{{"sensor_id": "{SENSOR}", "celsius": 125.001}}', "celsius: Input should be less"),
        (f'{{"sensor_id": "{SENSOR}", "celsius": -55.5}}', "celsius: Input should be greater"),
        (f'{{"sensor_id": "{SENSOR}", "celsius": 1e300}}', "celsius: Input should be less"),
        (f'{{"sensor_id": "{SENSOR}", "celsius": 4.0625}}', "celsius: Value error, at most 3"),
        (
            f'{{"sensor_id": "{SENSOR}", "celsius": "4.0"}}',
            NOT_A_NUMBER,
        ),
        (
            f'{{"sensor_id": "{SENSOR}", "celsius": true}}',
            NOT_A_NUMBER,
        ),
        (f'{{"sensor_id": "{SENSOR}", "fault": "unplugged"}}', "fault: Input should be"),
        (f'{{"sensor_id": "{SENSOR}", "fault": true}}', "fault: Input should be"),
        (
            f'{{"sensor_id": "{SENSOR}", "celsius": 4.0, "humidity": 50}}',
            "humidity: Extra inputs are not permitted",
        ),
    ],
)
def test_a_bad_temperature_is_refused_saying_why(raw: str, reason: str) -> None:
    assert reason in _reason(TemperaturePayload, raw)


@pytest.mark.parametrize(
    ("raw", "written"),
    [
        ({"state": "opened"}, {"state": "opened"}),
        ({"state": "opened", "open_for_s": None}, {"state": "opened"}),
        ({"state": "closed", "open_for_s": 12.4}, {"state": "closed", "open_for_s": 12.4}),
        ({"state": "closed", "open_for_s": 0}, {"state": "closed", "open_for_s": 0.0}),
        ({"state": "closed", "open_for_s": WEEK_S}, {"state": "closed", "open_for_s": WEEK_S}),
    ],
)
def test_a_door_opening_or_closing_is_taken(raw: dict[str, Any], written: dict[str, Any]) -> None:
    payload = DoorPayload.model_validate_json(json.dumps(raw))
    assert json.loads(payload.model_dump_json()) == written
    assert DoorPayload.model_validate_json(payload.model_dump_json()) == payload


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("{}", "state: Field required"),
        ('{"state": "closed"}', "a closed door carries open_for_s"),
        ('{"state": "closed", "open_for_s": null}', "a closed door carries open_for_s"),
        ('{"state": "opened", "open_for_s": 3.0}', "an opened door carries no open_for_s"),
        ('{"state": "opened", "open_for_s": 0}', "an opened door carries no open_for_s"),
        ('{"state": "closed", "open_for_s": -0.5}', "open_for_s: Input should be greater"),
        (f'{{"state": "closed", "open_for_s": {WEEK_S + 1}}}', "open_for_s: Input should be less"),
        ('{"state": "closed", "open_for_s": 1e308}', "open_for_s: Input should be less"),
        ('{"state": "closed", "open_for_s": NaN}', "open_for_s: Input should be a finite"),
        ('{"state": "closed", "open_for_s": Infinity}', "open_for_s: Input should be a finite"),
        ('{"state": "closed", "open_for_s": "12"}', "open_for_s: Input should be a valid number"),
        ('{"state": "closed", "open_for_s": false}', "open_for_s: Input should be a valid number"),
        ('{"state": "ajar"}', "state: Input should be 'opened' or 'closed'"),
        ('{"state": "OPENED"}', "state: Input should be 'opened' or 'closed'"),
        ('{"state": true}', "state: Input should be 'opened' or 'closed'"),
        ('{"opened": true}', "state: Field required"),
        ('{"state": "opened", "duration_ms": 5}', "duration_ms: Extra inputs are not permitted"),
    ],
)
def test_a_bad_door_event_is_refused_saying_why(raw: str, reason: str) -> None:
    assert reason in _reason(DoorPayload, raw)
