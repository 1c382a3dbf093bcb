"""The kiosk's own words in the passer-by's language: gettext catalogues read at run time.

Every kiosk/locale/<lang>/LC_MESSAGES/*.po file of a language is merged (kiosk.po for the
screens, compose.po for the note and doodle screens), read with Babel's pofile reader, so the
tree holds no compiled .mo files that could fall out of step with their sources. English is
the msgid: a language with no catalogue, or a string not yet translated, shows the English.
The prompt's own text comes from the hub (PromptConfig.text_in), not from here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

# What a screen is given to turn an English message into the kiosk's language.
Translate = Callable[[str], str]

logger = logging.getLogger(__name__)

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
# What the language button says: each language in its own words.
LANGUAGE_NAMES = {"en": "English", "es": "Español", "cy": "Cymraeg", "de": "Deutsch"}


def language_name(code: str) -> str:
    """A language's name in that language ("es" -> "Español"); the code itself if unknown."""
    return LANGUAGE_NAMES.get(code, code)


@dataclass(frozen=True)
class Translator:
    """One language's strings; `gettext` falls back to the English msgid."""

    language: str
    _messages: dict[str, str] = field(default_factory=dict, repr=False)
    _plurals: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    def gettext(self, msgid: str) -> str:
        return self._messages.get(msgid) or msgid

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form for `n`. English and Spanish both use one form for 1 and another for
        the rest; a language with other rules brings its own catalogue and this grows."""
        forms = self._plurals.get(singular)
        index = 0 if n == 1 else 1
        if forms and index < len(forms) and forms[index]:
            return forms[index]
        return singular if n == 1 else plural


@lru_cache(maxsize=8)
def load_translator(language: str, locale_dir: Path = LOCALE_DIR) -> Translator:
    """The merged catalogues of `language` (cached: a kiosk has a handful of languages).
    A catalogue that cannot be read is logged and skipped: the screen shows English there."""
    messages: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    folder = locale_dir / language / "LC_MESSAGES"
    for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
        try:
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=None)
        except Exception as exc:
            logger.warning("cannot read %s: %s", path, exc)
            continue
        for message in catalog:
            if not message.id or message.fuzzy:
                continue
            if isinstance(message.id, tuple | list):
                strings = message.string if isinstance(message.string, tuple | list) else ()
                plurals[str(message.id[0])] = tuple(str(s) for s in strings)
            elif isinstance(message.string, str) and message.string:
                messages[str(message.id)] = message.string
    return Translator(language, messages, plurals)
