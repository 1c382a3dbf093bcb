"""Annotated types for the values both sides check: each rule written once.

The protocol's models, the hub's table families (server/models.py) and its crud
validate with these, so a rule such as "a slug is 1-63 of a-z, 0-9 and -" or
"a prompt's emoji are emoji" cannot drift between kiosk, hub and wire.
"""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Field, StringConstraints

from storywall.protocol.limits import (
    BOOT_ID_PATTERN,
    DS18B20_ID_PATTERN,
    LANGUAGE_PATTERN,
    MAX_EMOJI_CHARS,
    MAX_LANGUAGES,
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    MAX_OPTION_CHARS,
    MAX_PROMPT_CHARS,
    MAX_REPLY_CHARS,
    MAX_SEQ,
    SHA256_PATTERN,
    SLUG_PATTERN,
)

Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
BootId = Annotated[str, Field(pattern=BOOT_ID_PATTERN)]
Count = Annotated[int, Field(ge=0, le=MAX_SEQ)]
# A human name of a site or kiosk, trimmed.
DisplayName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME_CHARS)
]


def _iana_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{name!r} is not an IANA time zone name (e.g. Europe/London)") from None
    return name


# "Today" at a site is the calendar day in this zone.
TimeZoneName = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_iana_zone)]

# Code points that are emoji on their own (Unicode's Extended_Pictographic, by block,
# and the few emoji scattered through older blocks). Pictographic blocks hold some
# symbols that are not emoji; none of them is a letter, a digit or a word.
_PICTOGRAPH_RANGES = (
    (0x1F000, 0x1FAFF),  # mahjong and cards .. symbols and pictographs extended-A
    (0x2600, 0x27BF),  # miscellaneous symbols, dingbats
    (0x2190, 0x21FF),  # arrows (↔ ↩)
    (0x2300, 0x23FF),  # miscellaneous technical (⌚ ⏰)
    (0x25A0, 0x25FF),  # geometric shapes (▶ ◼)
    (0x2B00, 0x2BFF),  # arrows and symbols (⬅ ⭐ ⭕)
    (0x2900, 0x297F),  # supplemental arrows-B (⤴ ⤵)
    (0x3030, 0x3030),
    (0x303D, 0x303D),
    (0x3297, 0x3297),
    (0x3299, 0x3299),
    (0x00A9, 0x00A9),
    (0x00AE, 0x00AE),
    (0x203C, 0x203C),
    (0x2049, 0x2049),
    (0x2122, 0x2122),
    (0x2139, 0x2139),
    (0x24C2, 0x24C2),
)
_VS16 = 0xFE0F  # "draw the one before as emoji"
_ZWJ = 0x200D  # joins emoji into one (👩‍🚒)
_KEYCAP = 0x20E3  # 1️⃣
_KEYCAP_BASES = frozenset("0123456789#*")
_TAGS = (0xE0020, 0xE007F)  # subdivision flags (🏴󠁧󠁢󠁷󠁬󠁳󠁿)
_SKIN_TONES = (0x1F3FB, 0x1F3FF)


def _pictograph(point: int) -> bool:
    return any(low <= point <= high for low, high in _PICTOGRAPH_RANGES)


def is_emoji(text: str) -> bool:
    """Is `text` made of emoji only: pictographs, dingbats, flags (regional indicator
    pairs, tag sequences), keycaps (1️⃣), joined with ZWJ, with VS16 and skin tones?

    Words, letters and digits ("yes", "A", "7") are not; a keycap's digit is.
    """
    if not text:
        return False
    points = [ord(char) for char in text]
    seen_picture = False
    for index, point in enumerate(points):
        char = text[index]
        if char in _KEYCAP_BASES:
            rest = points[index + 1 : index + 3]
            if rest[:1] != [_KEYCAP] and rest != [_VS16, _KEYCAP]:
                return False
            seen_picture = True
        elif _pictograph(point):
            seen_picture = True
        elif point == _ZWJ:
            if index in (0, len(points) - 1):
                return False
        elif point not in (_VS16, _KEYCAP) and not _TAGS[0] <= point <= _TAGS[1]:
            return False
    return seen_picture and not _SKIN_TONES[0] <= points[0] <= _SKIN_TONES[1]


def _an_emoji(text: str) -> str:
    if not is_emoji(text):
        raise ValueError(
            f"{text[:MAX_EMOJI_CHARS]!r} is not an emoji (for words, make the prompt a poll)"
        )
    return text


# One answer button's emoji: emoji only, never words.
Emoji = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_EMOJI_CHARS),
    AfterValidator(_an_emoji),
]
PromptText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_PROMPT_CHARS)
]


# An ISO 639 language code, lower case: "en", "es", "cy".
LanguageCode = Annotated[str, Field(pattern=LANGUAGE_PATTERN)]


def _languages_once(languages: list[str]) -> list[str]:
    if len(set(languages)) != len(languages):
        raise ValueError("each language may appear only once")
    return languages


# A site's languages, its first the default: ["en", "es"].
Languages = Annotated[
    list[LanguageCode],
    Field(min_length=1, max_length=MAX_LANGUAGES),
    AfterValidator(_languages_once),
]
# A line an organiser writes about a site (its operator, a contact); may be empty.
InfoLine = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_NAME_CHARS)]
# A poll option's label: words, not emoji.
OptionLabel = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_OPTION_CHARS)
]
# What a passer-by writes on the kiosk.
NoteText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NOTE_CHARS)
]
# An organiser's public reply to a note (or a spotlight's words), on a kiosk card.
ReplyText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_REPLY_CHARS)
]
# A media file's name: the lower-case hex SHA-256 of its bytes.
Sha256 = Annotated[str, Field(pattern=SHA256_PATTERN)]
# A DS18B20 thermometer's id: "28-" and its 12 lower-case hex digits.
SensorId = Annotated[str, Field(pattern=DS18B20_ID_PATTERN)]
