"""The fridge vocabulary (storywall/protocol/fridge.py) in the words people read.

The wire carries short codes (`tree_nuts`, `out_of_order`); pages, forms and updates
show these labels. Allergen labels follow the UK Food Standards Agency's list of the
14 allergens, so a label reads as food packaging does.
"""

from __future__ import annotations

from typing import Final

CATEGORY_LABELS: Final[dict[str, str]] = {
    "produce": "Fruit and vegetables",
    "bread": "Bread and bakery",
    "dairy": "Dairy and eggs",
    "prepared": "Prepared meals",
    "packaged": "Packaged and dry food",
    "other": "Other",
}
ALLERGEN_LABELS: Final[dict[str, str]] = {
    "celery": "Celery",
    "gluten": "Cereals with gluten (wheat, rye, barley, oats)",
    "crustaceans": "Crustaceans (prawns, crab, lobster)",
    "eggs": "Eggs",
    "fish": "Fish",
    "lupin": "Lupin",
    "milk": "Milk",
    "molluscs": "Molluscs (mussels, oysters, squid)",
    "mustard": "Mustard",
    "tree_nuts": "Tree nuts (almonds, hazelnuts, walnuts...)",
    "peanuts": "Peanuts",
    "sesame": "Sesame",
    "soya": "Soya",
    "sulphites": "Sulphur dioxide and sulphites",
}
LEVEL_WORDS: Final[dict[int, str]] = {0: "Empty", 1: "A few items", 2: "Many items", 3: "Full"}
CONDITION_WORDS: Final[dict[str, str]] = {
    "good": "Good",
    "dirty": "Dirty / needs cleaning",
    "out_of_order": "Out of order / needs repair",
    "not_at_location": "Not at its location",
    "ghost": "Gone (a ghost fridge)",
}
# A volunteer standing at the fridge can report these; the other two are for maps.
CONDITIONS_AT_THE_FRIDGE: Final[tuple[str, ...]] = ("good", "dirty", "out_of_order")
