"""The rules for words an organiser publishes: replies, spotlight cards, "you said, we did".

They go to the wall, the feeds and the kiosks as they are written (escaped where they
are shown, never trusted as markup), so the checks here are about what they say:
short enough for a kiosk's card, no control characters, and no personal data. The
hub keeps no personal data about passers-by, and a reply is not the place for an
organiser's or a neighbour's e-mail address or phone number: the site's contact line
is (docs/replies.md).
"""

from __future__ import annotations

import re
import unicodedata

from server.errors import InvalidInput

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# A run of digits with the separators phone numbers are written with; nine digits or
# more is a phone number (a date, 2026-12-02, has eight).
_DIGIT_RUN = re.compile(r"\+?\d[\d\s().-]{5,}\d")
MIN_PHONE_DIGITS = 9


def _control(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cs", "Co") and char not in "\n\t"


def public_words(value: str, what: str, *, max_chars: int, lines: bool = False) -> str:
    """`value` stripped and checked, or InvalidInput saying what is wrong with it.

    `lines`: new lines are kept (a card's body); otherwise they become spaces."""
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").strip()
    if not lines:
        text = " ".join(text.split())
    if not text:
        raise InvalidInput(f"{what} is empty")
    if len(text) > max_chars:
        raise InvalidInput(f"{what} is {len(text)} characters; at most {max_chars}")
    if any(_control(char) for char in text):
        raise InvalidInput(f"{what} holds a control character")
    if EMAIL.search(text):
        raise InvalidInput(f"{what} holds an e-mail address: no personal data in public words")
    for match in _DIGIT_RUN.finditer(text):
        if sum(char.isdigit() for char in match.group()) >= MIN_PHONE_DIGITS:
            raise InvalidInput(f"{what} holds a phone number: no personal data in public words")
    return text
