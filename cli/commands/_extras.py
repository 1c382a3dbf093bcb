"""Friendly errors when a command needs an extra that is not installed."""

from __future__ import annotations

import importlib.util

from cli.errors import MissingExtra


def require(extra: str, *modules: str) -> None:
    """Raise MissingExtra naming the pip extra when any module is missing."""
    missing = [name for name in modules if importlib.util.find_spec(name) is None]
    if missing:
        raise MissingExtra(
            f"needs {', '.join(missing)}; install with: pip install 'storywall[{extra}]'"
        )
