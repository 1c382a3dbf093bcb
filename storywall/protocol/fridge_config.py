"""What a fridge kiosk pulls beyond a park kiosk's configuration.

`KioskConfig.fridge` is absent for a park kiosk and for an older hub, so a kiosk
shows fridge screens only when its hub says it stands at a fridge. The drop-off
link with a short life comes from its own request (`DROPOFF_LINK_PATH`), made while
the drop-off screen shows, so a photographed screen is useless minutes later.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from storywall.protocol.fridge import Condition, FoodLevel
from storywall.protocol.limits import API_PREFIX, MAX_FRIDGE_RULES, MAX_NAME_CHARS

DROPOFF_LINK_PATH = f"{API_PREFIX}/kiosk/dropoff-link"


class FridgeConfig(BaseModel):
    """The fridge a kiosk stands at, as its screens need it."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    # The fridge's rules, shown as a checklist before a drop-off.
    accepts: Annotated[list[str], Field(max_length=MAX_FRIDGE_RULES)] = []
    refuses: Annotated[list[str], Field(max_length=MAX_FRIDGE_RULES)] = []
    # Its public status, as last reported.
    condition: Condition | None = None
    level: FoodLevel | None = None
    # Set while the food-safety rules hold the fridge too warm (or another warning
    # the public must see before dropping food off); the kiosk shows it as it is.
    warning: Annotated[str, Field(max_length=MAX_NAME_CHARS)] | None = None
    # The fridge's public page, and the sticker's drop-off link (no expiry, no secret):
    # what the kiosk shows when it cannot fetch a fresh link.
    page_url: str | None = None
    sticker_url: str | None = None


class DropoffLink(BaseModel):
    """Body of a 200 answer to POST DROPOFF_LINK_PATH: a signed link to the drop-off
    form for this kiosk's fridge, valid until `expires_at` (a few minutes)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    url: str
    expires_at: AwareDatetime
