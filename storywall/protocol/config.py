"""Pull: what a kiosk needs to know, served with an ETag."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from storywall.protocol.limits import MAX_EMOJI_CHARS, MAX_EMOJI_PER_PROMPT, MAX_PROMPT_CHARS

Emoji = Annotated[str, Field(min_length=1, max_length=MAX_EMOJI_CHARS)]


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
    text: Annotated[str, Field(max_length=MAX_PROMPT_CHARS)]
    emoji: Annotated[list[Emoji], Field(min_length=2, max_length=MAX_EMOJI_PER_PROMPT)]


class KioskConfig(BaseModel):
    """Body of GET /api/v1/kiosk/config. Unknown fields are ignored so the hub can grow."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    protocol: int = 1
    kiosk_id: str
    kiosk_name: str
    site: SiteConfig
    prompt: PromptConfig | None = None
