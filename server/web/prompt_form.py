"""The prompt form of the dashboard: what an organiser typed, read into what the hub's
prompt functions take (server/crud.py, server/prompts.py), with errors in the form's words.

The form is plain HTML fields, so a phone without JavaScript can fill it:
- `text`, and `text_<lang>` for each other language of the chosen sites;
- `kind` (emoji, poll, slider); `emoji` (the answers, separated by spaces);
  `options` (a poll's labels, one per line) and `options_<lang>` likewise;
- `follow_up`, `results_revealed` (check boxes);
- `site` (one or more slugs); `when` (`now`, `window` with `start` and `end` as
  the sites' local `YYYY-MM-DDTHH:MM`, or `day` with `day` as `YYYY-MM-DD`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from starlette.datastructures import FormData

from server import prompt_calendar, prompts
from server.errors import InvalidInput
from server.models import Prompt, Site

WHEN_CHOICES = ("now", "window", "day")
KINDS = ("emoji", "poll", "slider")
DEFAULT_EMOJI = "😀 😐 😢 🌳"
DEFAULT_SLIDER = "😞 🙁 😐 🙂 😀"
# What a field is called on the form, for the crud's "prompt <field>: ..." messages.
FIELD_WORDS = {
    "prompt text": "The question",
    "prompt texts.": "The question in ",
    "prompt emoji": "The emoji",
    "prompt options": "The options",
    "prompt option_texts.": "The options in ",
    "prompt option_texts": "The options",
    "prompt runs.": "The schedule at ",
    "prompt:": "The prompt:",
}


_ITEM = re.compile(r"^prompt (emoji|options)\.(\d+): ")


@dataclass
class PromptForm:
    """The form's values as typed (shown again after an error) and as the hub takes them."""

    text: str = ""
    texts: dict[str, str] = field(default_factory=dict)
    kind: str = "emoji"
    emoji: str = DEFAULT_EMOJI
    options: str = ""
    option_texts: dict[str, str] = field(default_factory=dict)
    follow_up: bool = True
    results_revealed: bool = False
    sites: list[str] = field(default_factory=list)
    when: str = "now"
    start: str = ""
    end: str = ""
    day: str = ""

    def answers(self) -> dict[str, Any]:
        """kind, emoji, options and the translations, as PromptCreate takes them."""
        options = _lines(self.options)
        values: dict[str, Any] = {
            "text": self.text,
            "kind": self.kind,
            "texts": {lang: words for lang, words in self.texts.items() if words.strip()},
            "follow_up": self.follow_up,
        }
        if self.kind == "poll":
            values["emoji"] = []
            values["options"] = options
            values["option_texts"] = {
                lang: _lines(labels) for lang, labels in self.option_texts.items() if labels.strip()
            }
        else:
            values["emoji"] = self.emoji.split()
            values["options"] = []
            values["option_texts"] = {}
        return values

    def runs(self, sites: Sequence[Site], now_ms: int) -> dict[str, tuple[int, int | None]]:
        """Where and when, from the schedule fields (times in each site's zone)."""
        if not sites:
            raise InvalidInput("Choose at least one site for the prompt.")
        if self.when == "day":
            return prompt_calendar.daily_runs(sites, _day(self.day))
        if self.when == "window":
            start = _local(self.start, "start")
            end = _local(self.end, "end") if self.end.strip() else None
            return {
                site.slug: (_at(site, start), None if end is None else _at(site, end))
                for site in sites
            }
        return {site.slug: (now_ms, None) for site in sites}


def read_form(form: FormData, languages: Sequence[str]) -> PromptForm:
    """The prompt form from a posted body; `languages` are the translations offered."""
    kind = str(form.get("kind") or "emoji")
    when = str(form.get("when") or "now")
    return PromptForm(
        text=str(form.get("text") or ""),
        texts={lang: str(form.get(f"text_{lang}") or "") for lang in languages},
        kind=kind if kind in KINDS else "emoji",
        emoji=str(form.get("emoji") or ""),
        options=str(form.get("options") or ""),
        option_texts={lang: str(form.get(f"options_{lang}") or "") for lang in languages},
        follow_up=form.get("follow_up") is not None,
        results_revealed=form.get("results_revealed") is not None,
        sites=[str(slug) for slug in form.getlist("site")],
        when=when if when in WHEN_CHOICES else "now",
        start=str(form.get("start") or ""),
        end=str(form.get("end") or ""),
        day=str(form.get("day") or ""),
    )


def form_of(prompt: Prompt, runs: Sequence[prompts.Run]) -> PromptForm:
    """The form filled with a prompt as it stands, for its edit page."""
    form = PromptForm(
        text=prompt.text,
        texts=dict(prompt.texts),
        kind=prompt.kind,
        emoji=" ".join(prompt.emoji),
        options="\n".join(prompt.options),
        option_texts={lang: "\n".join(labels) for lang, labels in prompt.option_texts.items()},
        follow_up=prompt.follow_up,
        results_revealed=prompt.results_revealed,
        sites=[run.site_slug for run in runs],
        when="window",
    )
    if runs:
        first = runs[0]
        zone = ZoneInfo(first.site_timezone)
        form.start = _shown(first.start_ms, zone)
        form.end = "" if first.end_ms is None else _shown(first.end_ms, zone)
    return form


def in_form_words(message: str) -> str:
    """A crud message ("prompt emoji.0: 'yes' is not an emoji") in the form's words
    ("Emoji 1: 'yes' is not an emoji")."""
    item = _ITEM.match(message)
    if item:
        what = "Emoji" if item.group(1) == "emoji" else "Option"
        return f"{what} {int(item.group(2)) + 1}: {message[item.end() :]}"
    for name, words in FIELD_WORDS.items():
        if message.startswith(name):
            rest = message.removeprefix(name)
            return words + rest
    return message


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _local(value: str, what: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"Give the {what} as a date and a time.") from None
    return moment.replace(tzinfo=None)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput("Give the day as a date.") from None


def _at(site: Site, moment: datetime) -> int:
    return int(moment.replace(tzinfo=ZoneInfo(site.timezone)).timestamp() * 1000)


def _shown(ms: int, zone: ZoneInfo) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=zone).strftime("%Y-%m-%dT%H:%M")
