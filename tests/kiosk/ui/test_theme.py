"""The look is data: theme.json overrides the defaults, and mistakes are caught."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.ui.theme import ASSETS_ENV, Theme, ThemeError, default_assets_dir, load_theme
from tests.kiosk.ui.helpers import ASSETS


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "theme.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_without_a_file_the_defaults_apply(tmp_path: Path) -> None:
    theme = load_theme(assets_dir=tmp_path)
    assert theme == Theme(emoji_dir=tmp_path / "emoji")


def test_overrides_apply(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "_comment": "ignored",
            "background": "#000000",
            "text": [250, 250, 250],
            "thanks_seconds": 3,
            "prompt_font": 0.2,
            "waiting_text": "Bald geht's los",
            "emoji_dir": "pictures",
        },
    )
    theme = load_theme(assets_dir=tmp_path)

    assert theme.background == (0, 0, 0)
    assert theme.text == (250, 250, 250)
    assert theme.thanks_seconds == 3.0
    assert theme.prompt_font == 0.2
    assert theme.waiting_text == "Bald geht's los"
    assert theme.emoji_dir == tmp_path / "pictures"
    assert theme.button_face == Theme().button_face  # untouched keys keep their default


def test_an_explicit_path_wins_and_null_emoji_dir_means_none(tmp_path: Path) -> None:
    path = write(tmp_path, {"emoji_dir": None})
    assert load_theme(path, assets_dir=tmp_path / "elsewhere").emoji_dir is None


@pytest.mark.parametrize(
    "data",
    [
        {"backgroud": "#000000"},
        {"background": "black"},
        {"background": [0, 0, 256]},
        {"thanks_seconds": "soon"},
        {"thanks_seconds": -1},
        {"thanks_seconds": True},
        {"waiting_text": 3},
        ["not", "an", "object"],
    ],
)
def test_mistakes_are_reported(tmp_path: Path, data: object) -> None:
    write(tmp_path, data)
    with pytest.raises(ThemeError, match=r"theme\.json"):
        load_theme(assets_dir=tmp_path)


def test_invalid_json_is_reported(tmp_path: Path) -> None:
    (tmp_path / "theme.json").write_text("{", encoding="utf-8")
    with pytest.raises(ThemeError):
        load_theme(assets_dir=tmp_path)


def test_the_shipped_theme_loads_and_names_every_key() -> None:
    theme = load_theme(assets_dir=ASSETS)
    shipped = json.loads((ASSETS / "theme.json").read_text(encoding="utf-8"))
    assert set(Theme.__dataclass_fields__) <= set(shipped)
    assert theme.emoji_dir == ASSETS / "emoji"


def test_assets_are_found_in_the_checkout_or_where_the_environment_says(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(ASSETS_ENV, raising=False)
    assert default_assets_dir() == ASSETS
    monkeypatch.setenv(ASSETS_ENV, str(tmp_path))
    assert default_assets_dir() == tmp_path
    assert load_theme().emoji_dir == tmp_path / "emoji"


def test_replace_validates_like_a_file() -> None:
    assert Theme().replace(background="#102030").background == (16, 32, 48)
    with pytest.raises(ThemeError):
        Theme().replace(nonsense=1)


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_default_colours_are_readable_in_sunlight() -> None:
    theme = load_theme(assets_dir=ASSETS)
    assert contrast(theme.text, theme.background) >= 7
    assert contrast(theme.thanks_text, theme.thanks_background) >= 7
    assert contrast(theme.button_border, theme.background) >= 7
    assert contrast(theme.status_text, theme.background) >= 4.5
