"""argparse as the `storywall` command uses it: defaults in every help, errors in context.

- `Parser` is the class of the top-level parser and, through add_subparsers, of
  every subcommand's parser. A flag a subcommand does not know is reported with
  THAT subcommand's usage (`storywall admin list --bogus` shows `storywall admin
  list`'s usage), not the top-level one argparse would print.
- `HelpFormatter` appends "(default: ...)" to every option whose default means
  something (not None, not False, not already placed in its help as %(default)s).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any


class HelpFormatter(argparse.HelpFormatter):
    """Shows each option's default after its help text."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        if (
            default is None
            or default is False
            or default == argparse.SUPPRESS
            or "%(default)" in text
        ):
            return text
        if not action.option_strings and action.nargs not in (argparse.OPTIONAL, "*"):
            return text  # a required positional has no default to show
        shown = " ".join(map(str, default)) if isinstance(default, list | tuple) else str(default)
        # The help text goes through %-formatting: escape what we add.
        return f"{text} (default: {shown.replace('%', '%%')})".lstrip()


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose unknown flags are reported by the (sub)command they follow."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    # argparse hands a subcommand's leftovers up to the top-level parser, which
    # reports them with its own usage; refuse them here, where the usage is right.
    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed, extras
