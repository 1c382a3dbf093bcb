"""`storywall admin set-prompt / prompts / prompt ... / calendar`: an organiser's prompts.

Times on the command line are the site's local wall time; a daily prompt (--day) runs
from 06:00 that day to 06:00 the next at each of its sites (docs/prompts.md).
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from cli.errors import StorywallError
from cli.site_prompt_args import PromptUsage, prompt_values

if TYPE_CHECKING:
    from sqlmodel import Session

    from server.models import Prompt, Site
    from server.prompts import PromptRow

DAY_FORMAT = "%a %d %b"


def _at(site: Site, moment: datetime | Literal["now"] | None, now: int) -> int:
    if moment is None or moment == "now":
        return now
    return int(moment.replace(tzinfo=ZoneInfo(site.timezone)).timestamp() * 1000)


def set_prompt(session: Session, args: argparse.Namespace) -> Prompt:
    """A new prompt at the named sites: from --start (default now) to --end (default
    open-ended), or on --day from each site's morning to the next."""
    from server import crud, prompt_calendar
    from server.clock import now_ms

    try:
        values = prompt_values(args)
    except PromptUsage as error:
        raise StorywallError(str(error)) from None
    sites = [crud.get_site(session=session, slug=slug) for slug in dict.fromkeys(args.site)]
    now = now_ms()
    if args.day is not None:
        runs = prompt_calendar.daily_runs(sites, args.day)
    else:
        runs = {
            site.slug: (
                _at(site, args.start, now),
                None if args.end is None else _at(site, args.end, now),
            )
            for site in sites
        }
    return crud.create_prompt(session=session, runs=runs, created_ms=now, **values)


def describe_runs(row: PromptRow) -> str:
    """Where and when, in each site's local time: `riverside Wed 03 Dec 06:00-Thu 04 Dec 06:00`."""
    parts = []
    for run in row.runs:
        zone = ZoneInfo(run.site_timezone)
        start = datetime.fromtimestamp(run.start_ms / 1000, tz=zone)
        words = f"{run.site_slug} {start:%a %d %b %H:%M}"
        if run.end_ms is None:
            words += " on"
        elif run.end_ms == run.start_ms:
            words += " (never ran)"
        else:
            end = datetime.fromtimestamp(run.end_ms / 1000, tz=zone)
            words += f"-{end:%a %d %b %H:%M}"
        parts.append(words)
    return ", ".join(parts)


def manage(session: Session, args: argparse.Namespace) -> None:
    """Run `prompts`, `prompt ...` or `calendar`."""
    from server import prompts
    from server.clock import now_ms

    now = now_ms()
    if args.action == "prompts":
        lists = prompts.list_prompts(session=session, now_ms=now, archived=args.archived)
        for state, rows in lists.items():
            for row in rows:
                print(describe_row(row))
            if rows:
                print(f"{len(rows)} {state}", file=sys.stderr)
        return
    if args.action == "calendar":
        _calendar(session, args, now)
        return
    prompt_id, action = args.prompt_id, args.prompt_action
    if action == "lock":
        prompts.lock(session=session, prompt_id=prompt_id, now_ms=now)
    elif action == "unlock":
        prompts.unlock(session=session, prompt_id=prompt_id)
    elif action == "close":
        prompts.close(session=session, prompt_id=prompt_id, now_ms=now)
    elif action == "archive":
        prompts.archive(session=session, prompt_id=prompt_id, now_ms=now)
    elif action == "restore":
        prompts.restore(session=session, prompt_id=prompt_id)
    else:
        prompts.reveal(session=session, prompt_id=prompt_id, revealed=action == "reveal")
    print(describe_row(prompts.prompt_row(session=session, prompt_id=prompt_id, now_ms=now)))


def describe_row(row: PromptRow) -> str:
    """One line: `prompt 4 [live, locked, revealed]: Dogs? 🐕 😀; riverside Wed ... on`."""
    from cli.commands.admin import describe_prompt

    flags = [str(row.state)]
    if row.prompt.locked_ms is not None:
        flags.append("locked")
    flags.append("revealed" if row.prompt.results_revealed else "results hidden")
    where = describe_runs(row) or "not scheduled"
    return f"prompt {row.id} [{', '.join(flags)}]: {describe_prompt(row.prompt)}; {where}"


def _calendar(session: Session, args: argparse.Namespace, now: int) -> None:
    from server import crud, prompt_calendar

    sites = args.sites or [site.slug for site in crud.list_sites(session=session)]
    if not sites:
        raise StorywallError("calendar: there are no sites yet (add-site)")
    first = args.first_day
    if first is None:
        first = prompt_calendar.site_day(crud.get_site(session=session, slug=sites[0]), now)
    rows = prompt_calendar.calendar(
        session=session, first_day=first, days=args.days, site_slugs=sites, now_ms=now
    )
    gaps = 0
    for row in rows:
        print(f"{row.site.slug} (mornings at 06:00 {row.site.timezone}):")
        for cell in row.cells:
            if cell.gap:
                gaps += 1
                what = "-- GAP: no prompt --"
            else:
                what = f"prompt {cell.prompt_id}: {cell.text}"
                if cell.repeat:
                    what += " (again)"
            print(f"  {cell.day.strftime(DAY_FORMAT)}  {what}")
    print(f"{gaps} mornings without a prompt", file=sys.stderr)
