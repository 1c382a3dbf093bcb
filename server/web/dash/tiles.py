"""The dashboard home's tiles: what needs an organiser's eye, one figure each.

An area registers a function `fn(session, account, now_ms) -> Tile | None`; it
returns None when the account may not see it (or there is nothing to say), so a
tile checks its own permission. Tiles are shown in the order registered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session

from server.models_accounts import Account


@dataclass(frozen=True)
class Tile:
    """One figure on the home page: `value` large, `detail` below it, linking to `href`."""

    title: str
    value: str
    detail: str = ""
    href: str | None = None


TileFn = Callable[[Session, Account, int], Tile | None]

TILES: list[TileFn] = []


def register_tile(fn: TileFn) -> TileFn:
    """Add a tile (once, however often a module is imported); usable as a decorator."""
    if fn not in TILES:
        TILES.append(fn)
    return fn


def tiles_for(session: Session, account: Account, now_ms: int) -> list[Tile]:
    """The tiles this account sees now."""
    return [tile for fn in TILES if (tile := fn(session, account, now_ms)) is not None]
