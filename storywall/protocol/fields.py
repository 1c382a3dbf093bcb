"""Annotated types for the values both sides check: each rule written once.

The protocol's models, the hub's table families (server/models.py) and its crud
validate with these, so a rule such as "a slug is 1-63 of a-z, 0-9 and -" or
"a prompt has 2-6 distinct emoji" cannot drift between kiosk, hub and wire.
"""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Field, StringConstraints

from storywall.protocol.limits import (
    BOOT_ID_PATTERN,
    LANGUAGE_PATTERN,
    MAX_EMOJI_CHARS,
    MAX_EMOJI_PER_PROMPT,
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    MAX_OPTION_CHARS,
    MAX_PROMPT_CHARS,
    MAX_SEQ,
    MIN_EMOJI_PER_PROMPT,
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

Emoji = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_EMOJI_CHARS)
]
PromptText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_PROMPT_CHARS)
]


def _each_once(choices: list[str]) -> list[str]:
    if len(set(choices)) != len(choices):
        raise ValueError("each emoji may appear only once")
    return choices


EmojiChoices = Annotated[
    list[Emoji],
    Field(min_length=MIN_EMOJI_PER_PROMPT, max_length=MAX_EMOJI_PER_PROMPT),
    AfterValidator(_each_once),
]

# An ISO 639 language code, lower case: "en", "es", "cy".
LanguageCode = Annotated[str, Field(pattern=LANGUAGE_PATTERN)]
# A poll option's label: words, not emoji.
OptionLabel = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_OPTION_CHARS)
]
# What a passer-by writes on the kiosk.
NoteText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NOTE_CHARS)
]
# A media file's name: the lower-case hex SHA-256 of its bytes.
Sha256 = Annotated[str, Field(pattern=SHA256_PATTERN)]
