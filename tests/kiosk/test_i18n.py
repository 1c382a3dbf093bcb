"""The kiosk's words in English and Spanish, from the .po catalogues read at run time."""

from __future__ import annotations

import ast
import logging
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kiosk.i18n import LOCALE_DIR, language_name, load_translator
from kiosk.ui.screens.dropoff_items import CATEGORIES, LEVELS
from kiosk.ui.screens.info import POST_MODERATION_RULE, RULES
from kiosk.ui.theme import Theme

ROOT = Path(__file__).resolve().parents[2]


def msgids_in_code() -> set[str]:
    """Every literal passed to self._(...), translate(...) or gettext(...) under kiosk/ui."""
    found: set[str] = set()
    for path in (ROOT / "kiosk" / "ui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            wanted = name in {"_", "translate", "gettext", "_placeholder"}
            if wanted and isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.add(first.value)
    theme = Theme()
    found.update(
        {
            theme.waiting_text,
            theme.offline_word,
            theme.pending_word,
            theme.thanks_title,
            *RULES,
            POST_MODERATION_RULE,
        }
    )
    found.update({words for _name, words in CATEGORIES}, LEVELS)
    return found


def test_every_string_the_screens_show_has_a_spanish_translation() -> None:
    spanish = load_translator("es")
    wanted = msgids_in_code()
    assert len(wanted) > 20
    missing = sorted(msgid for msgid in wanted if spanish.gettext(msgid) == msgid)
    assert not missing, f"kiosk/locale/es/LC_MESSAGES/kiosk.po lacks {missing}"


def test_the_catalogues_are_clean() -> None:
    for po in LOCALE_DIR.glob("*/LC_MESSAGES/*.po"):
        with po.open("rb") as handle:
            catalog = read_po(handle)
        assert not [m.id for m in catalog if m.fuzzy and m.id], po
        for message in catalog:  # placeholders survive translation
            if isinstance(message.id, str) and "{" in message.id and message.string:
                assert set(_fields(message.id)) == set(_fields(str(message.string))), message.id


def _fields(text: str) -> list[str]:
    return [part.split("}")[0] for part in text.split("{")[1:]]


def test_plural_forms_and_fallbacks() -> None:
    es = load_translator("es")
    one = "You and {n} neighbour answered today"
    many = "You and {n} neighbours answered today"
    assert es.ngettext(one, many, 1).format(n=1) == "Tú y 1 vecino habéis respondido hoy"
    assert es.ngettext(one, many, 4).format(n=4) == "Tú y 4 vecinos habéis respondido hoy"
    en = load_translator("en")
    assert en.ngettext(one, many, 1).format(n=1) == "You and 1 neighbour answered today"
    assert en.gettext("Back") == "Back"
    assert load_translator("cy").gettext("Back") == "Back"  # no catalogue: English
    assert es.language == "es" and "ñ" in es.gettext("Doodles are coming soon") + "ñ"
    assert language_name("es") == "Español"
    assert language_name("xx") == "xx"


def test_catalogues_merge_and_a_broken_one_stops_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "kiosk.po").write_text('msgid "Back"\nmsgstr "Volver"\n', encoding="utf-8")
    (folder / "compose.po").write_text('msgid "Undo"\nmsgstr "Deshacer"\n', encoding="utf-8")
    (folder / "broken.po").write_bytes(b'msgid "x\nmsgstr \xff\xfe')
    with caplog.at_level(logging.WARNING):
        spanish = load_translator("es", tmp_path)
    assert spanish.gettext("Back") == "Volver"
    assert spanish.gettext("Undo") == "Deshacer"
    assert spanish.gettext("Unknown") == "Unknown"
