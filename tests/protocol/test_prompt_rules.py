"""The protocol's prompt rules, which kiosk and hub both apply: emoji are emoji, and a
prompt's answers fit its kind."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from storywall.protocol import PromptConfig
from storywall.protocol.fields import is_emoji

ASSETS = Path(__file__).resolve().parents[2] / "assets"
# Every emoji the project ships artwork for, or uses in its demo, tests and tools.
USED = ["😀", "🙂", "😐", "😢", "🌳", "🍎", "🥖", "👍", "👎", "🐦", "🦆", "🐕", "🍞", "😞", "🙁"]
MORE = [
    "❤️",
    "☀️",
    "1️⃣",
    "#️⃣",
    "🇬🇧",
    "🏴󠁧󠁢󠁷󠁬󠁳󠁿",
    "👩‍🚒",
    "👍🏽",
    "👨‍👩‍👧",
    "⭐",
    "✅",
    "🟢",
    "🫶",
    "↔️",
    "©️",
    "🦔",
]
NOT_EMOJI = [
    "yes",
    "no",
    "A",
    "7",
    "#",
    "x",
    "<i>",
    "' OR 1=1 --",
    "é",
    "😀a",
    "🏽",
    "\u200d😀",
    "😀\u200d",
]


def _bundled() -> list[str]:
    names = sorted(path.stem for path in (ASSETS / "emoji").glob("*.png"))
    assert names, "no emoji artwork found"
    return ["".join(chr(int(part, 16)) for part in name.split("-")) for name in names]


@pytest.mark.parametrize("emoji", [*_bundled(), *USED, *MORE])
def test_emoji_are_emoji(emoji: str) -> None:
    assert is_emoji(emoji)


@pytest.mark.parametrize("text", NOT_EMOJI)
def test_words_letters_and_digits_are_not(text: str) -> None:
    assert not is_emoji(text)


def test_a_pulled_prompt_with_a_word_for_an_emoji_is_refused() -> None:
    with pytest.raises(ValidationError, match="'yes' is not an emoji"):
        PromptConfig(id=1, text="Hi?", emoji=["yes", "😀"])


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "poll", "emoji": ["😀", "😢"], "options": ["A", "B"]}, "not emoji"),
        ({"kind": "slider", "emoji": ["😀", "😢"]}, "exactly 5"),
        ({"kind": "emoji", "emoji": ["😀", "😢"], "options": ["A", "B"]}, "only a poll"),
    ],
)
def test_answers_fit_the_kind(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        PromptConfig.model_validate({"id": 1, "text": "Hi?", **fields})


def test_locked_defaults_to_open_both_ways() -> None:
    """An older hub sends no `locked`: the prompt takes answers. An older kiosk reading a
    newer hub's prompt ignores the field (and fields it does not know at all)."""
    older_hub = {"id": 1, "text": "Hi?", "emoji": ["😀", "😢"]}
    assert PromptConfig.model_validate(older_hub).locked is False
    newer_hub = {**older_hub, "locked": True, "closes_at": "later"}
    assert PromptConfig.model_validate(newer_hub).locked is True


def test_the_hub_checks_every_emoji_the_protocol_accepts_the_same_way() -> None:
    """The hub's stricter check (Unicode's emoji list) takes every emoji the project uses
    and the sequences the protocol accepts, so a kiosk never meets a prompt it refuses."""
    emoji_data = pytest.importorskip("emoji")  # the hub's dependency, not the kiosk's
    assert [face for face in USED + MORE if not emoji_data.is_emoji(face)] == []
