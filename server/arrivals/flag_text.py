"""What a note's words alone can tell a moderator: rude, too short, another language.

Pure functions over one text, no database: server/arrivals/flags.py calls them for
each note of a push. The word lists come from maintained packages, loaded once per
process and only when a note first needs them:

- profanity: glin-profanity (MIT), whose per-language dictionaries cover the
  languages in PROFANITY_LISTS; a language without one (Welsh, say) gets no
  profanity flag, and docs/moderation.md says so.
- language: py3langid (BSD-3-Clause), a naive Bayes model of 97 languages. Short
  texts fool it, so it speaks only for texts of MIN_GUESS_LETTERS letters and more,
  and only when its normalised probability reaches MIN_GUESS_PROBABILITY.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

# ISO 639-1 codes (what sites and notes carry) -> glin-profanity's dictionary names.
PROFANITY_LISTS = {
    "ar": "arabic",
    "cs": "czech",
    "da": "danish",
    "de": "german",
    "en": "english",
    "eo": "esperanto",
    "es": "spanish",
    "fa": "persian",
    "fi": "finnish",
    "fr": "french",
    "hi": "hindi",
    "hu": "hungarian",
    "it": "italian",
    "ja": "japanese",
    "ko": "korean",
    "nb": "norwegian",
    "nl": "dutch",
    "no": "norwegian",
    "pl": "polish",
    "pt": "portuguese",
    "ru": "russian",
    "sv": "swedish",
    "th": "thai",
    "tr": "turkish",
    "zh": "chinese",
}

# Fewer letters or digits than this says nothing a wall can use ("ok", "a", "!!!").
MIN_MEANINGFUL = 3
# Texts this long or longer (in letters) are long enough to guess a language from.
MIN_GUESS_LETTERS = 20
MIN_GUESS_WORDS = 3
MIN_GUESS_PROBABILITY = 0.95
# The most profane words a flag's detail quotes.
MAX_QUOTED = 3


def letters(text: str) -> list[str]:
    """The letters and digits of `text`, folded to lower case."""
    return [char for char in text.casefold() if unicodedata.category(char)[0] in "LN"]


def too_short(text: str) -> bool:
    """Fewer than MIN_MEANINGFUL letters or digits, or one character over and over."""
    meaningful = letters(text)
    return len(meaningful) < MIN_MEANINGFUL or len(set(meaningful)) < 2


def normalised(text: str) -> str:
    """The text as near-duplicate checks compare it: folded, letters, digits, spaces."""
    kept = "".join(
        char if unicodedata.category(char)[0] in "LN" else " "
        for char in unicodedata.normalize("NFKC", text).casefold()
    )
    return " ".join(kept.split())


@lru_cache(maxsize=32)
def _profanity_filter(names: tuple[str, ...]) -> Any:
    from glin_profanity import Filter

    return Filter({"languages": list(names), "normalize_unicode": True})


def profane_words(text: str, languages: Iterable[str]) -> list[str]:
    """The words of `text` on the profanity lists of `languages` (ISO codes); [] when
    none matches or no language has a list."""
    names = tuple(sorted({PROFANITY_LISTS[code] for code in languages if code in PROFANITY_LISTS}))
    if not names:
        return []
    result = _profanity_filter(names).check_profanity(text)
    if not result.get("contains_profanity"):
        return []
    words = [str(word) for word in result.get("profane_words") or []]
    return words or ["(a listed word)"]


@lru_cache(maxsize=1)
def _identifier() -> Any:
    # About 0.7 s and 30 MB once per process, so only when a long note first arrives.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def confident_language(text: str) -> str | None:
    """The text's language (ISO 639-1) when the text is long enough to tell and the
    model is confident; None otherwise."""
    if len(letters(text)) < MIN_GUESS_LETTERS or len(text.split()) < MIN_GUESS_WORDS:
        return None
    language, probability = _identifier().classify(text)
    return str(language) if probability >= MIN_GUESS_PROBABILITY else None
