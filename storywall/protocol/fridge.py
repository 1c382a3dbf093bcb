"""The words fridges are described in, shared by kiosk, hub and wire.

Condition and food level are the vocabulary community-fridge maps already use, so a
map or dispatch tool reads a Storywall fridge without a translation table. Food
categories and the 14 allergens are what the drop-off form and the kiosk's drop-off
screen offer; a value outside these lists is refused on the wire.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Final, Literal, get_args

from pydantic import AfterValidator, Field, StringConstraints

from storywall.protocol.limits import (
    MAX_FOOD_DATE,
    MAX_ITEM_COUNT,
    MAX_NICKNAME_CHARS,
    MIN_FOOD_DATE,
)

# A fridge's state as fridge maps report it.
Condition = Literal["good", "dirty", "out_of_order", "not_at_location", "ghost"]
CONDITIONS: Final[tuple[str, ...]] = get_args(Condition)
# How full it is: 0 empty, 1 a few items, 2 many items, 3 full.
FoodLevel = Annotated[int, Field(ge=0, le=3)]
FOOD_LEVELS: Final[tuple[int, ...]] = (0, 1, 2, 3)

FoodCategory = Literal["produce", "bread", "dairy", "prepared", "packaged", "other"]
FOOD_CATEGORIES: Final[tuple[str, ...]] = get_args(FoodCategory)

# The 14 major allergens of UK and EU food law, in that law's order.
Allergen = Literal[
    "celery",
    "gluten",
    "crustaceans",
    "eggs",
    "fish",
    "lupin",
    "milk",
    "molluscs",
    "mustard",
    "tree_nuts",
    "peanuts",
    "sesame",
    "soya",
    "sulphites",
]
ALLERGENS: Final[tuple[str, ...]] = get_args(Allergen)

# How many of one category a drop-off names: a bag of apples is 1-30, not 10,000.
ItemCount = Annotated[int, Field(ge=1, le=MAX_ITEM_COUNT)]

# What a volunteer may call themselves; optional everywhere, never required.
Nickname = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NICKNAME_CHARS)
]


def _plausible(day: date) -> date:
    # The wire cannot know "today" (a kiosk's clock may be wrong); it refuses only
    # what no label can say. The form checks against today as well.
    if not MIN_FOOD_DATE <= day <= MAX_FOOD_DATE:
        raise ValueError(f"a food date between {MIN_FOOD_DATE} and {MAX_FOOD_DATE}")
    return day


FoodDate = Annotated[date, AfterValidator(_plausible)]
