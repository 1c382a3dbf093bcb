"""Pull: what a kiosk needs to know, served with an ETag.

Every field added after 0.1 has a default, so a kiosk reads an older hub's answer and
an older kiosk ignores what it does not know (`extra="ignore"`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from storywall.protocol.fields import (
    Count,
    Emoji,
    LanguageCode,
    NoteText,
    OptionLabel,
    PromptText,
    ReplyText,
    Sha256,
)
from storywall.protocol.fridge_config import FridgeConfig
from storywall.protocol.limits import (
    MAX_CONFIG_NOTES,
    MAX_CONFIG_SPOTLIGHTS,
    MAX_EMOJI_PER_PROMPT,
    MAX_LANGUAGES,
    MAX_POLL_OPTIONS,
    MIN_EMOJI_PER_PROMPT,
    MIN_POLL_OPTIONS,
    SLIDER_STEPS,
)

PromptKind = Literal["emoji", "poll", "slider"]
ClockTime = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]


def check_answers(kind: PromptKind, emoji: Sequence[str], options: Sequence[str]) -> None:
    """The rules of a prompt's answers for its kind (ValueError says which is broken).

    The hub applies them to an organiser's prompt (server/models.py), the kiosk to
    what it pulls, so the two cannot disagree."""
    if kind == "poll":
        if not MIN_POLL_OPTIONS <= len(options) <= MAX_POLL_OPTIONS:
            raise ValueError(f"a poll has {MIN_POLL_OPTIONS}-{MAX_POLL_OPTIONS} options")
        if emoji:
            raise ValueError("a poll is answered by its options, not emoji")
    elif kind == "slider":
        if len(emoji) != SLIDER_STEPS:
            raise ValueError(f"a slider has exactly {SLIDER_STEPS} emoji steps")
    elif not MIN_EMOJI_PER_PROMPT <= len(emoji) <= MAX_EMOJI_PER_PROMPT:
        raise ValueError(f"an emoji prompt has {MIN_EMOJI_PER_PROMPT}-{MAX_EMOJI_PER_PROMPT} emoji")
    if kind != "poll" and options:
        raise ValueError(f"only a poll has options, not a{'n' if kind == 'emoji' else ''} {kind}")
    if len(set(emoji)) != len(emoji):
        raise ValueError("each emoji may appear only once")
    if len(set(options)) != len(options):
        raise ValueError("each option may appear only once")


class _Pulled(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class SiteConfig(_Pulled):
    """The place a kiosk stands."""

    slug: str
    name: str
    timezone: str
    # Who runs this kiosk, for the house-rules screen ("Friends of Elm Park").
    operator: str = ""
    contact: str = ""
    # When a person reads the notes: "pre" (before they appear, the default, and what an
    # older hub means) or "post" (they appear at once, checked after), for the kiosk's
    # wording on the note and house-rules screens.
    moderation: Literal["pre", "post"] = "pre"


class PromptConfig(_Pulled):
    """Today's question and how a passer-by answers it.

    - `emoji`: 2-6 emoji buttons (`emoji`).
    - `slider`: exactly 5 emoji steps, least to most (`emoji`).
    - `poll`: 2-4 labelled options (`options`); `emoji` is empty.
    `texts` and `option_texts` hold the words per language; `text` and `options` are
    the site's first language, and the fallback for any other.
    """

    id: int
    text: PromptText
    emoji: Annotated[list[Emoji], Field(max_length=MAX_EMOJI_PER_PROMPT)]
    kind: PromptKind = "emoji"
    options: Annotated[list[OptionLabel], Field(max_length=MAX_POLL_OPTIONS)] = []
    texts: dict[LanguageCode, PromptText] = {}
    option_texts: dict[LanguageCode, list[OptionLabel]] = {}
    # Offer "add a note or a doodle?" after an answer.
    follow_up: bool = True
    # Today's opinion tallies (play left out), by choice key (reaction.choice_key).
    # A kiosk shows them only to a person who has just answered, or once `locked`.
    tallies: dict[str, Count] = {}
    # Locked by the organiser: the kiosk shows the results in place of the answer
    # buttons and records no answer (the hub would refuse it).
    locked: bool = False

    @model_validator(mode="after")
    def _answers_fit_kind(self) -> PromptConfig:
        check_answers(self.kind, self.emoji, self.options)
        return self

    @property
    def answer_count(self) -> int:
        """How many buttons answer this prompt."""
        return len(self.options) if self.kind == "poll" else len(self.emoji)

    def text_in(self, language: str) -> str:
        """The question in `language`, or in the site's first language."""
        return self.texts.get(language, self.text)

    def options_in(self, language: str) -> list[str]:
        """The poll's option labels in `language`, or in the site's first language."""
        labels = self.option_texts.get(language)
        return list(labels) if labels and len(labels) == len(self.options) else list(self.options)


class WallNote(_Pulled):
    """An approved note (and the organiser's reply to it, if any) for the attract screen."""

    id: str
    text: NoteText
    language: LanguageCode = "en"
    reply: ReplyText | None = None


SPOTLIGHT_KINDS = ("note", "doodle")


class Spotlight(_Pulled):
    """An approved note or doodle an organiser pinned: the attract screen shows it in turn.

    `kind` "note" carries `text` (and the organiser's `reply`, if any); "doodle" carries
    `media`, the SHA-256 of its PNG, which the kiosk fetches from the hub's public
    `/media/<media>.png` and checks against the hash (docs/protocol.md). A kiosk skips a
    kind it does not know, so the hub can add kinds."""

    id: int
    kind: str
    text: NoteText | None = None
    language: LanguageCode = "en"
    reply: ReplyText | None = None
    media: Sha256 | None = None
    width: Annotated[int, Field(ge=0)] = 0
    height: Annotated[int, Field(ge=0)] = 0
    # When the organiser's pin ends (epoch ms); the hub stops sending it then.
    ends_ms: Annotated[int, Field(ge=0)] = 0


class QuietHours(_Pulled):
    """Local site time when the screen dims and the attract animation pauses.
    `start` after `end` spans midnight ("21:00"-"07:00")."""

    start: ClockTime
    end: ClockTime


class PlayRules(_Pulled):
    """When presses are play, not opinion: faster than `min_interval_ms` after the
    previous press, or more than `burst_presses` within `burst_window_ms`."""

    min_interval_ms: Annotated[int, Field(ge=0, le=60_000)] = 700
    burst_presses: Annotated[int, Field(ge=2, le=100)] = 5
    burst_window_ms: Annotated[int, Field(ge=100, le=60_000)] = 4000


class KioskConfig(_Pulled):
    """Body of GET /api/v1/kiosk/config. Unknown fields are ignored so the hub can grow."""

    protocol: int = 1
    kiosk_id: str
    kiosk_name: str
    site: SiteConfig
    prompt: PromptConfig | None = None
    # The site's languages, its first the default; the kiosk offers each.
    languages: Annotated[list[LanguageCode], Field(min_length=1, max_length=MAX_LANGUAGES)] = ["en"]
    notes: Annotated[list[WallNote], Field(max_length=MAX_CONFIG_NOTES)] = []
    # Pinned notes and doodles, newest pin first, for the attract screen's rotation.
    spotlights: Annotated[list[Spotlight], Field(max_length=MAX_CONFIG_SPOTLIGHTS)] = []
    quiet_hours: QuietHours | None = None
    play: PlayRules = PlayRules()
    # Where the thank-you screen's QR code points: the public wall of this site.
    wall_url: str | None = None
    # Present when the kiosk stands at a community fridge (storywall/protocol/fridge_config.py).
    fridge: FridgeConfig | None = None
