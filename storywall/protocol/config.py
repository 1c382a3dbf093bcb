"""Pull: what a kiosk needs to know, served with an ETag."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from storywall.protocol.fields import EmojiChoices, PromptText


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
