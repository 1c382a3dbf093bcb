"""Prompts: the question (the family `PromptBase`, `PromptCreate`, the `prompt` table and
`PromptPublic`, as in server/models.py), and where and when it runs (`prompt_run`, one
row per prompt and site with its span). The rules are docs/prompts.md.
"""

from __future__ import annotations

from typing import Annotated

import emoji as emoji_data
from pydantic import Field as PydanticField
from pydantic import model_validator
from sqlalchemy import JSON, BigInteger, Boolean, CheckConstraint, Index, String, false, true
from sqlalchemy import text as sql_text
from sqlmodel import Field, SQLModel

from storywall.protocol.config import PromptKind, check_answers
from storywall.protocol.fields import Emoji, LanguageCode, OptionLabel, PromptText
from storywall.protocol.limits import MAX_EMOJI_PER_PROMPT, MAX_POLL_OPTIONS, MAX_PROMPT_CHARS


class PromptBase(SQLModel):
    """What every prompt has, with the protocol's rules (storywall/protocol/config.py).

    `emoji` answers an emoji prompt (2-6) or a slider (5 steps); `options` label a
    poll's 2-4 answers. `text` and `options` are in the site's first language,
    `texts` and `option_texts` in others."""

    text: PromptText = Field(sa_type=String(MAX_PROMPT_CHARS))
    emoji: Annotated[list[Emoji], PydanticField(max_length=MAX_EMOJI_PER_PROMPT)] = Field(
        sa_type=JSON
    )
    kind: PromptKind = Field(
        default="emoji", sa_type=String(8), sa_column_kwargs={"server_default": "emoji"}
    )
    options: Annotated[list[OptionLabel], PydanticField(max_length=MAX_POLL_OPTIONS)] = Field(
        default=[], sa_type=JSON, sa_column_kwargs={"server_default": sql_text("'[]'")}
    )
    texts: dict[LanguageCode, PromptText] = Field(
        default={}, sa_type=JSON, sa_column_kwargs={"server_default": sql_text("'{}'")}
    )
    option_texts: dict[LanguageCode, list[OptionLabel]] = Field(
        default={}, sa_type=JSON, sa_column_kwargs={"server_default": sql_text("'{}'")}
    )
    # Offer "add a note or a doodle?" after an answer.
    follow_up: bool = Field(
        default=True, sa_type=Boolean, sa_column_kwargs={"server_default": true()}
    )


class PromptCreate(PromptBase):
    """A new prompt as an organiser writes it; validating it applies every rule."""

    @model_validator(mode="after")
    def _answers_fit_kind(self) -> PromptCreate:
        for index, face in enumerate(self.emoji):
            # Stricter than the protocol: one emoji of Unicode's list per answer ("😀😀" is two).
            if not emoji_data.is_emoji(face):
                raise ValueError(
                    f"emoji {index + 1}: {face!r} is not one emoji (one per answer; "
                    "for words, make the prompt a poll)"
                )
        check_answers(self.kind, self.emoji, self.options)
        for index, label in enumerate(self.options):
            # A poll is the place for words; emoji answers are an emoji prompt's buttons.
            if emoji_data.purely_emoji(label.replace(" ", "")):
                raise ValueError(
                    f"option {index + 1}: {label!r} is only emoji (a poll's options are "
                    "words; for emoji answers, make it an emoji prompt)"
                )
        for language, labels in self.option_texts.items():
            if len(labels) != len(self.options):
                raise ValueError(
                    f"option labels in {language}: {len(labels)} for {len(self.options)} options"
                )
        return self


class Prompt(PromptBase, table=True):
    """A question put to passers-by. Where and when it runs is its PromptRun rows
    (server/models_prompts.py); a site's current prompt is the newest-started one
    running there (docs/prompts.md).

    `site_id` is the site it was written for: `text` is in that site's first language.
    `locked_ms`: it shows its results and takes no new answers from then on;
    `closed_ms`: an organiser ended it early (its runs end then); `archived_ms`: off
    the organiser's lists, history kept; `results_revealed`: the wall shows its tallies.
    """

    __tablename__ = "prompt"
    __table_args__ = (
        Index("ix_prompt_site_created", "site_id", "created_ms"),
        CheckConstraint("kind IN ('emoji', 'poll', 'slider')", name="ck_prompt_kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    site_id: int = Field(foreign_key="site.id")
    created_ms: int = Field(sa_type=BigInteger)
    locked_ms: int | None = Field(default=None, sa_type=BigInteger)
    closed_ms: int | None = Field(default=None, sa_type=BigInteger)
    archived_ms: int | None = Field(default=None, sa_type=BigInteger)
    results_revealed: bool = Field(
        default=False, sa_type=Boolean, sa_column_kwargs={"server_default": false()}
    )


class PromptPublic(PromptBase):
    """A prompt as the public and the kiosks see it. `results_revealed`: the wall shows
    its tallies (counted either way); `locked`: it takes no new answers."""

    id: int
    results_revealed: bool = False
    locked: bool = False

    @classmethod
    def of(cls, prompt: Prompt) -> PromptPublic:
        """The public view of a prompt row."""
        return cls.model_validate({**prompt.model_dump(), "locked": prompt.locked_ms is not None})


class PromptRun(SQLModel, table=True):
    """A prompt running at one site from `start_ms` until `end_ms` (None: open-ended).

    One row per (prompt, site), so a prompt on several sites starts at each one's own
    local morning. A run with `end_ms == start_ms` never ran (a prompt closed before
    its start). Reactions to a prompt are taken at the sites it has a run at."""

    __tablename__ = "prompt_run"
    __table_args__ = (
        # current_prompt: a site's runs by start, newest first.
        Index("ix_prompt_run_site_start", "site_id", "start_ms"),
        CheckConstraint("end_ms IS NULL OR end_ms >= start_ms", name="ck_prompt_run_order"),
    )

    prompt_id: int = Field(foreign_key="prompt.id", primary_key=True)
    site_id: int = Field(foreign_key="site.id", primary_key=True)
    start_ms: int = Field(sa_type=BigInteger)
    end_ms: int | None = Field(default=None, sa_type=BigInteger)
