"""Physical buttons as navigation, on every screen that is not answering a prompt.

A kiosk may have no touchscreen at all, so every screen keeps a visible focus ring and every
action (cancel, back, done) is a focusable element. The arcade buttons then move the focus and
choose: with N buttons, button 0 is "prev", 1 is "next", the last is "select", and with four or
more button N-2 is "back". Two buttons are "next" and "select"; a single button selects.
"""

from __future__ import annotations

from typing import Literal

NavAction = Literal["prev", "next", "select", "back"]


def nav_action(index: int, count: int) -> NavAction | None:
    """What pressing physical button `index` of `count` means; None for a button with no role
    (the middle buttons of a five- or six-button panel)."""
    if not 0 <= index < count:
        return None
    if count == 1:
        return "select"
    if count == 2:
        return "next" if index == 0 else "select"
    if index == count - 1:
        return "select"
    if count >= 4 and index == count - 2:
        return "back"
    if index == 0:
        return "prev"
    if index == 1:
        return "next"
    return None


def nav_roles(count: int) -> dict[NavAction, int]:
    """Which button does what, for the on-screen hint ("button 1: back")."""
    roles: dict[NavAction, int] = {}
    for index in range(count):
        action = nav_action(index, count)
        if action is not None:
            roles.setdefault(action, index)
    return roles
