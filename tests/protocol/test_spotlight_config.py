"""The configuration's spotlights and replies between hubs and kiosks of different ages:
an older hub's body (no `spotlights`) reads as none, a newer hub's unknown fields are
ignored, and the limits are the protocol's on both sides."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from storywall.protocol.config import KioskConfig, Spotlight, WallNote
from storywall.protocol.limits import MAX_CONFIG_SPOTLIGHTS, MAX_REPLY_CHARS

BASE = {
    "kiosk_id": "gate",
    "kiosk_name": "Gate",
    "site": {"slug": "park", "name": "Park", "timezone": "UTC"},
}


def test_an_older_hub_sends_no_spotlights_and_notes_without_replies() -> None:
    config = KioskConfig.model_validate({**BASE, "notes": [{"id": "a", "text": "Hi"}]})
    assert config.spotlights == []
    assert config.notes == [WallNote(id="a", text="Hi", language="en", reply=None)]


def test_a_newer_hub_may_add_fields_and_kinds() -> None:
    pin = {"id": 1, "kind": "sculpture", "text": "?", "glitter": True}
    config = KioskConfig.model_validate({**BASE, "spotlights": [pin], "weather": "sunny"})
    assert config.spotlights == [Spotlight(id=1, kind="sculpture", text="?")]


def test_the_limits_hold_on_the_kiosk_side() -> None:
    with pytest.raises(ValidationError):
        WallNote(id="a", text="Hi", reply="x" * (MAX_REPLY_CHARS + 1))
    with pytest.raises(ValidationError):
        Spotlight(id=1, kind="doodle", media="not-a-hash")
    too_many = [{"id": n, "kind": "note", "text": "t"} for n in range(MAX_CONFIG_SPOTLIGHTS + 1)]
    with pytest.raises(ValidationError):
        KioskConfig.model_validate({**BASE, "spotlights": too_many})
