"""Pull: what a kiosk needs to know, served with an ETag."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from storywall.protocol.limits import (
    MAX_EMOJI_CHARS,
    MAX_EMOJI_PER_PROMPT,
    MAX_PROMPT_CHARS,
    MIN_EMOJI_PER_PROMPT,
)

# The rules of a prompt, written once: the hub's prompt models (server/models.py)
# and what a kiosk pulls are both built on these.
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


class SiteConfig(BaseModel):
    """The place a kiosk stands."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    slug: str
    name: str
    timezone: str


class PromptConfig(BaseModel):
    """Today's question and the emoji a passer-by answers it with."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: int
    text: PromptText
    emoji: EmojiChoices


class KioskConfig(BaseModel):
    """Body of GET /api/v1/kiosk/config. Unknown fields are ignored so the hub can grow."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    protocol: int = 1
    kiosk_id: str
    kiosk_name: str
    site: SiteConfig
    prompt: PromptConfig | None = None
