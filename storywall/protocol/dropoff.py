"""The `dropoff` event: a volunteer brought food to a fridge.

Born on the hub's drop-off form (a phone that scanned the fridge's QR code) or on a
fridge kiosk (the drop-off button, with a photo of the shelves). Both carry the same
payload; `via` says which. The photo travels as media named by its SHA-256, like a
doodle, and is held for moderation on the hub; the counts are public at once.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from storywall.protocol.events import Event, Payload, register_event_type
from storywall.protocol.fields import Sha256
from storywall.protocol.fridge import (
    ALLERGENS,
    FOOD_CATEGORIES,
    Allergen,
    Condition,
    FoodCategory,
    FoodDate,
    FoodLevel,
    ItemCount,
    Nickname,
)

Via = Literal["form", "kiosk"]


class DropoffPayload(Payload):
    """What was brought (categories with counts), the checks the volunteer made, and
    optionally a photo and what the fridge looked like.

    - `items`: at least one category, each with a count of 1-200.
    - `rules_confirmed`: the volunteer ticked every one of the fridge's rules.
    - `prepared_on`: when prepared food was made; required when `items` has `prepared`.
    - `best_before`: the earliest best-before / use-by date among the items, if given.
    - `allergens`: which of the 14 major allergens the food contains, each once.
    - `level`, `condition`: the fridge as the volunteer left it (fridge-map vocabulary).
    """

    via: Via
    items: Annotated[dict[FoodCategory, ItemCount], Field(min_length=1)]
    rules_confirmed: Literal[True]
    prepared_on: FoodDate | None = None
    best_before: FoodDate | None = None
    allergens: Annotated[list[Allergen], Field(max_length=len(ALLERGENS))] = []
    photo: Sha256 | None = None
    level: FoodLevel | None = None
    condition: Condition | None = None
    nickname: Nickname | None = None

    @model_validator(mode="after")
    def _consistent(self) -> DropoffPayload:
        if "prepared" in self.items and self.prepared_on is None:
            raise ValueError("prepared food needs the date it was made (prepared_on)")
        if len(set(self.allergens)) != len(self.allergens):
            raise ValueError("each allergen may appear only once")
        return self

    def items_in_order(self) -> list[tuple[str, int]]:
        """The categories with their counts, in the order the form lists them."""
        return [(name, self.items[name]) for name in FOOD_CATEGORIES if name in self.items]


@register_event_type
class DropoffEvent(Event):
    """A drop-off as it travels: the envelope with a DropoffPayload."""

    type: Literal["dropoff"]
    payload: DropoffPayload
