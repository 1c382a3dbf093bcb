"""The options of `storywall admin add-site/update-site/set-prompt`, and what they mean
for the hub's crud. Each bad value is refused by argparse with one line naming the option;
the rules themselves (how many options, which emoji) stay in the protocol, applied once.
"""

from __future__ import annotations

import argparse
import re
from datetime import date, datetime
from typing import Any, Literal

from storywall.protocol.limits import LANGUAGE_PATTERN

DEFAULT_EMOJI = ["😀", "😐", "😢", "🌳"]
# A slider runs from least to most.
DEFAULT_SLIDER = ["😞", "🙁", "😐", "🙂", "😀"]
_CLOCK = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
_TRANSLATION = re.compile(r"^([a-z]{2,3})=(.*)$", re.DOTALL)
NO_QUIET_HOURS = ("none", "off")


def language_list(value: str) -> list[str]:
    """An argparse type: "en,es" -> ["en", "es"]."""
    languages = [part.strip() for part in value.split(",") if part.strip()]
    if not languages:
        raise argparse.ArgumentTypeError("name at least one language, e.g. en or en,es")
    for language in languages:
        if not re.match(LANGUAGE_PATTERN, language):
            raise argparse.ArgumentTypeError(
                f"{language!r} is not an ISO 639 code in lower case (en, es, cy)"
            )
    return languages


def quiet_hours(value: str) -> tuple[str, ...]:
    """An argparse type: "21:00-07:00" -> ("21:00", "07:00"); "none" -> ()."""
    if value.strip().lower() in NO_QUIET_HOURS:
        return ()
    start, dash, end = value.strip().partition("-")
    if not dash or not _CLOCK.match(start.strip()) or not _CLOCK.match(end.strip()):
        raise argparse.ArgumentTypeError(
            f"{value!r} is not START-END in 24-hour HH:MM (21:00-07:00), or none"
        )
    return start.strip(), end.strip()


def add_site_options(parser: argparse.ArgumentParser, *, changing: bool = False) -> None:
    """--languages, --quiet-hours, --operator, --contact (on update-site: all optional)."""
    parser.add_argument(
        "--languages",
        type=language_list,
        default=None if changing else ["en"],
        help="languages the kiosks offer, the first the default, e.g. en,es",
    )
    parser.add_argument(
        "--quiet-hours",
        type=quiet_hours,
        default=None,
        metavar="START-END",
        help="local hours the screens dim, e.g. 21:00-07:00"
        + ("; none to remove them" if changing else ""),
    )
    parser.add_argument(
        "--operator", help="who runs the kiosks, for their house rules (e.g. Friends of the Park)"
    )
    parser.add_argument("--contact", help="how to reach them (an e-mail, a phone number)")


def site_values(args: argparse.Namespace, *, changing: bool = False) -> dict[str, Any]:
    """The site's fields the options name (on update-site, only those given)."""
    values: dict[str, Any] = {}
    if args.languages is not None:
        values["languages"] = args.languages
    if args.quiet_hours is not None:
        start, end = args.quiet_hours or (None, None)
        values.update(quiet_start=start, quiet_end=end)
    # add-site passes its name and time zone itself.
    names = ("operator", "contact", "name", "timezone") if changing else ("operator", "contact")
    given = vars(args)
    for name in names:
        if given.get(name) is not None:
            values[name] = given[name]
    return values


def add_prompt_options(parser: argparse.ArgumentParser) -> None:
    """--text (and LANG=text), one of --emoji/--poll/--slider, --option-texts, --no-follow-up;
    when it runs (--start/--end or --day) and --reveal."""
    parser.add_argument(
        "--text",
        action="append",
        required=True,
        help="the question, in the site's first language; again as LANG=... for each other "
        'language, e.g. --text es="¿Qué tal el parque?"',
    )
    answers = parser.add_mutually_exclusive_group()
    answers.add_argument(
        "--emoji", nargs="+", help=f"2 to 6 emoji buttons (default: {' '.join(DEFAULT_EMOJI)})"
    )
    answers.add_argument(
        "--poll",
        action="append",
        metavar="OPTION",
        help='a poll: one labelled option each time, 2 to 4 (--poll "Oak" --poll "Steel")',
    )
    answers.add_argument(
        "--slider",
        nargs="*",
        metavar="EMOJI",
        help=f"a 5-step emoji slider, least to most (default: {' '.join(DEFAULT_SLIDER)})",
    )
    parser.add_argument(
        "--option-texts",
        nargs="+",
        action="append",
        metavar="LANG LABEL",
        help="a poll's labels in another language: --option-texts es Roble Acero",
    )
    parser.add_argument(
        "--no-follow-up",
        dest="follow_up",
        action="store_false",
        help='do not offer "add a note or a doodle?" after an answer',
    )
    when = parser.add_argument_group(
        "when it runs", "times are the site's local time; default: from now, open-ended"
    )
    when.add_argument("--start", type=local_time, metavar="WHEN", help="YYYY-MM-DD HH:MM, or now")
    when.add_argument("--end", type=local_time, metavar="WHEN", help="YYYY-MM-DD HH:MM")
    when.add_argument(
        "--day",
        type=calendar_day,
        metavar="YYYY-MM-DD",
        help="a daily prompt: from 06:00 that day to 06:00 the next, at each site",
    )
    parser.add_argument(
        "--reveal",
        dest="results_revealed",
        action="store_true",
        help="show its tallies on the wall from the start (default: hidden until revealed)",
    )


def local_time(value: str) -> datetime | Literal["now"]:
    """An argparse type: "2026-12-03 09:00" (a site-local wall time) -> datetime, or "now"."""
    if value.strip().lower() == "now":
        return "now"
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not YYYY-MM-DD HH:MM (a local time at the site), or now"
        ) from None
    if moment.tzinfo is not None:
        raise argparse.ArgumentTypeError(
            f"{value!r}: give the site's local time without an offset (2026-12-03 09:00)"
        )
    return moment


def calendar_day(value: str) -> date:
    """An argparse type: "2026-12-03" -> date."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a day as YYYY-MM-DD") from None


def prompt_values(args: argparse.Namespace) -> dict[str, Any]:
    """crud.set_prompt's keywords from the options; PromptUsage for a misuse."""
    plain = [text for text in args.text if not _TRANSLATION.match(text)]
    if len(plain) != 1:
        raise PromptUsage(
            "--text: give the question once in the site's first language "
            '(and LANG="..." for the others)'
        )
    texts: dict[str, str] = {}
    for text in args.text:
        found = _TRANSLATION.match(text)
        if found:
            if found.group(1) in texts:
                raise PromptUsage(f"--text: {found.group(1)} given twice")
            texts[found.group(1)] = found.group(2)
    values: dict[str, Any] = {
        "text": plain[0],
        "texts": texts,
        "follow_up": args.follow_up,
        "results_revealed": args.results_revealed,
    }
    if args.day is not None and (args.start is not None or args.end is not None):
        raise PromptUsage("--day: a daily prompt runs 06:00 to 06:00; leave out --start/--end")
    if args.poll is not None:
        values.update(kind="poll", options=args.poll, emoji=[])
    elif args.slider is not None:
        values.update(kind="slider", emoji=args.slider or DEFAULT_SLIDER)
    else:
        values.update(kind="emoji", emoji=args.emoji or DEFAULT_EMOJI)
    if args.option_texts:
        if args.poll is None:
            raise PromptUsage("--option-texts: only a poll (--poll) has option labels")
        option_texts: dict[str, list[str]] = {}
        for language, *labels in args.option_texts:
            if not re.match(LANGUAGE_PATTERN, language):
                raise PromptUsage(
                    f"--option-texts: {language!r} is not a language code; "
                    "start with one (es Roble Acero)"
                )
            option_texts[language] = labels
        values["option_texts"] = option_texts
    return values


class PromptUsage(ValueError):
    """The prompt options were combined in a way that means nothing."""
