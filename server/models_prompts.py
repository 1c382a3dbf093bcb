"""Where and when prompts run: one row per (prompt, site) with its span.

The prompt itself is server/models.py's `Prompt`; the rules are docs/prompts.md.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, Index
from sqlmodel import Field, SQLModel


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
