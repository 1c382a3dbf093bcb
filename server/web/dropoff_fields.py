"""The drop-off form's fields: what was typed, kept as typed, and checked into a
DropoffPayload or into a message for each field that is wrong.

The form re-renders from `DropoffForm` after any refusal, so nothing typed is lost.
Its checks go beyond the wire's (storywall/protocol/dropoff.py), because the form
knows today's date at the fridge: a made-on date in the future or more than
PREPARED_MAX_AGE_DAYS ago, and a best-before more than BEST_BEFORE_GRACE_DAYS past,
are refused here (docs/decisions.md, "The drop-off form").
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from pydantic import ValidationError

from server.models_fridge import Fridge
from server.web.fridge_words import CONDITIONS_AT_THE_FRIDGE
from storywall.protocol.dropoff import DropoffPayload
from storywall.protocol.fridge import ALLERGENS, FOOD_CATEGORIES, FOOD_LEVELS
from storywall.protocol.limits import (
    MAX_FOOD_DATE,
    MAX_ITEM_COUNT,
    MAX_NICKNAME_CHARS,
    MIN_FOOD_DATE,
)

PREPARED_MAX_AGE_DAYS = 7
BEST_BEFORE_GRACE_DAYS = 30
# What is kept of a field to show again: enough for any valid value and a bad one's start.
KEEP_CHARS = 200
# The one box of a fridge with no rules at all: the volunteer still vouches for the food.
GENERAL_RULE = "My food is safe to share and within its dates"


@dataclass(frozen=True)
class Rule:
    """One box of the rules checklist: its field value and what it says."""

    key: str
    text: str
    # The accepts list, shown under the box that vouches for it.
    items: tuple[str, ...] = ()


def checklist(fridge: Fridge) -> list[Rule]:
    """The boxes a volunteer must tick: one for "only what this fridge takes", one for
    each thing it does not take."""
    rules = []
    if fridge.accepts:
        rules.append(Rule("takes", "Everything I brought is on this list:", tuple(fridge.accepts)))
    rules += [Rule(f"not-{n}", f"None of it is: {text}") for n, text in enumerate(fridge.refuses)]
    return rules or [Rule("general", GENERAL_RULE)]


@dataclass
class DropoffForm:
    """The form's values as typed (strings), so a refused form shows them again."""

    event_id: str
    nickname: str = ""
    counts: dict[str, str] = field(default_factory=dict)
    rules: set[str] = field(default_factory=set)
    prepared_on: str = ""
    best_before: str = ""
    allergens: set[str] = field(default_factory=set)
    level: str = ""
    condition: str = ""

    @classmethod
    def blank(cls) -> DropoffForm:
        """A new form, with a fresh event id (a double submit of it is one event)."""
        return cls(event_id=str(uuid.uuid4()))

    @classmethod
    def from_fields(cls, fields: Mapping[str, list[str]]) -> DropoffForm:
        """The form as posted; unknown fields are ignored, long values cut."""

        def one(name: str) -> str:
            values = fields.get(name) or [""]
            return values[0][:KEEP_CHARS]

        return cls(
            event_id=one("event_id"),
            nickname=one("nickname"),
            counts={name: one(f"count_{name}").strip() for name in FOOD_CATEGORIES},
            rules={value[:KEEP_CHARS] for value in fields.get("rule", [])},
            prepared_on=one("prepared_on").strip(),
            best_before=one("best_before").strip(),
            allergens={value for value in fields.get("allergen", []) if value in ALLERGENS},
            level=one("level").strip(),
            condition=one("condition").strip(),
        )


@dataclass
class Checked:
    """The outcome of checking a form: a payload, or messages by field name."""

    payload: DropoffPayload | None
    errors: dict[str, str]


def check(form: DropoffForm, *, fridge: Fridge, today: date, photo: str | None) -> Checked:
    """Check the typed form against the fridge's rules and today's date at the fridge.

    `photo` is the SHA-256 of a photo already taken in (or None). Error keys are field
    names (`count_produce`, `prepared_on`, ...) plus `items` (no food named),
    `rules` and `form` (the form itself is damaged)."""
    errors: dict[str, str] = {}
    items = _items(form, errors)
    if not errors and not items:
        errors["items"] = "Say what you brought: a number for at least one kind of food."
    if not all(rule.key in form.rules for rule in checklist(fridge)):
        errors["rules"] = "Tick each box to confirm your food follows the fridge's rules."
    prepared_on = _food_date(form.prepared_on, "prepared_on", errors)
    if prepared_on is not None:
        if prepared_on > today:
            errors["prepared_on"] = "The day it was made cannot be in the future."
        elif prepared_on < today - timedelta(days=PREPARED_MAX_AGE_DAYS):
            errors["prepared_on"] = (
                f"Prepared food must have been made in the last {PREPARED_MAX_AGE_DAYS} days."
            )
    elif items.get("prepared") and "prepared_on" not in errors:
        errors["prepared_on"] = "Prepared meals need the day they were made."
    best_before = _food_date(form.best_before, "best_before", errors)
    if best_before is not None and best_before < today - timedelta(days=BEST_BEFORE_GRACE_DAYS):
        errors["best_before"] = (
            "That date is long past: food this old cannot go in the fridge. Check the label."
        )
    nickname = form.nickname.strip()
    if len(nickname) > MAX_NICKNAME_CHARS:
        errors["nickname"] = f"At most {MAX_NICKNAME_CHARS} characters, or leave it empty."
    level = _level(form.level, errors)
    condition = form.condition or None
    if condition is not None and condition not in CONDITIONS_AT_THE_FRIDGE:
        errors["condition"] = "Choose one of the conditions listed."
    if not _is_uuid(form.event_id):
        errors["form"] = "The form was damaged on the way. Check it and send it again."
    if errors:
        return Checked(None, errors)
    try:
        payload = DropoffPayload.model_validate(
            {
                "via": "form",
                "items": items,
                "rules_confirmed": True,
                "prepared_on": prepared_on,
                "best_before": best_before,
                "allergens": [name for name in ALLERGENS if name in form.allergens],
                "photo": photo,
                "level": level,
                "condition": condition,
                "nickname": nickname or None,
            }
        )
    except ValidationError as error:  # a rule of the wire the checks above missed
        return Checked(None, {"form": f"The hub could not take this drop-off: {error}"})
    return Checked(payload, {})


def _items(form: DropoffForm, errors: dict[str, str]) -> dict[str, int]:
    items: dict[str, int] = {}
    for name in FOOD_CATEGORIES:
        typed = form.counts.get(name, "")
        if not typed:
            continue
        try:
            count = int(typed)
        except ValueError:
            errors[f"count_{name}"] = "A whole number, like 3."
            continue
        if count < 0:
            errors[f"count_{name}"] = f"A number from 1 to {MAX_ITEM_COUNT}, or leave it empty."
        elif count > MAX_ITEM_COUNT:
            errors[f"count_{name}"] = (
                f"At most {MAX_ITEM_COUNT}: count bags or trays rather than single items."
            )
        elif count > 0:
            items[name] = count
    return items


def _food_date(typed: str, name: str, errors: dict[str, str]) -> date | None:
    if not typed:
        return None
    day = _parse_date(typed)
    if day is None:
        errors[name] = "Use a date like 21/06/2025 (day/month/year)."
        return None
    if not MIN_FOOD_DATE <= day <= MAX_FOOD_DATE:
        errors[name] = (
            f"{day.year} is not a year on a food label: a date from {MIN_FOOD_DATE.year} "
            f"to {MAX_FOOD_DATE.year}."
        )
        return None
    return day


def _parse_date(typed: str) -> date | None:
    # A date input sends ISO; a phone without one sends what the person typed.
    for layout in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(typed, layout).date()
        except ValueError:
            continue
    return None


def _level(typed: str, errors: dict[str, str]) -> int | None:
    if not typed:
        return None
    if typed.isdigit() and int(typed) in FOOD_LEVELS:
        return int(typed)
    errors["level"] = "Choose one of the levels listed."
    return None


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
