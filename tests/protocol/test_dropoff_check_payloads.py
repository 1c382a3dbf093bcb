"""The drop-off and check payloads: what a volunteer may say, checked the same on the
kiosk and the hub, with a reason naming the field for everything else."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from storywall.protocol import CheckPayload, DropoffPayload
from storywall.protocol.fridge import ALLERGENS, CONDITIONS, FOOD_CATEGORIES

GOOD: dict[str, Any] = {"via": "form", "items": {"produce": 6}, "rules_confirmed": True}


def _dropoff(**more: Any) -> DropoffPayload:
    return DropoffPayload.model_validate_json(json.dumps({**GOOD, **more}))


def test_the_vocabulary_is_the_fridge_maps_and_the_law_s() -> None:
    assert CONDITIONS == ("good", "dirty", "out_of_order", "not_at_location", "ghost")
    assert len(ALLERGENS) == 14 and len(set(ALLERGENS)) == 14
    assert FOOD_CATEGORIES == ("produce", "bread", "dairy", "prepared", "packaged", "other")


def test_a_full_dropoff_reads_back_as_written() -> None:
    full = _dropoff(
        items={"prepared": 2, "bread": 1},
        prepared_on="2026-12-01",
        best_before="2026-12-04",
        allergens=["gluten", "milk"],
        photo="ab" * 32,
        level=2,
        condition="good",
        nickname="  Sam  ",
    )
    assert full.prepared_on == date(2026, 12, 1)
    assert full.nickname == "Sam"
    assert full.items_in_order() == [("bread", 1), ("prepared", 2)]
    assert DropoffPayload.model_validate_json(full.model_dump_json()) == full


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"items": {}}, "items"),
        ({"items": {"produce": 0}}, "items.produce"),
        ({"items": {"produce": 201}}, "items.produce"),
        ({"items": {"produce": "6"}}, "items.produce"),
        ({"items": {"wine": 1}}, "items.wine"),
        ({"rules_confirmed": False}, "rules_confirmed"),
        ({"items": {"prepared": 1}}, "prepared_on"),
        ({"best_before": "1900-01-01"}, "best_before"),
        ({"best_before": "2026-13-01"}, "best_before"),
        ({"allergens": ["nuts"]}, "allergens.0"),
        ({"allergens": ["milk", "milk"]}, "allergen"),
        ({"photo": "AB" * 32}, "photo"),
        ({"level": 4}, "level"),
        ({"condition": "broken"}, "condition"),
        ({"nickname": "x" * 41}, "nickname"),
        ({"nickname": "   "}, "nickname"),
        ({"via": "email"}, "via"),
        ({"comment": "hi"}, "comment"),
    ],
)
def test_a_wrong_dropoff_is_refused_naming_the_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        _dropoff(**change)
    assert field in str(refused.value)


def test_a_check_needs_a_task_and_its_reading_with_its_task() -> None:
    good = CheckPayload.model_validate_json(
        '{"via": "kiosk", "done": ["temperature_read"], "celsius_read": 4.5, "slot_id": 3}'
    )
    assert (good.celsius_read, good.slot_id) == (4.5, 3)
    for wrong, field in (
        ('{"via": "kiosk", "done": []}', "done"),
        ('{"via": "kiosk", "done": ["mopped"]}', "done.0"),
        ('{"via": "kiosk", "done": ["shelves_wiped", "shelves_wiped"]}', "once"),
        ('{"via": "kiosk", "done": ["shelves_wiped"], "celsius_read": 4}', "temperature_read"),
        ('{"via": "kiosk", "done": ["temperature_read"], "celsius_read": 90}', "celsius_read"),
    ):
        with pytest.raises(ValidationError) as refused:
            CheckPayload.model_validate_json(wrong)
        assert field in str(refused.value)
