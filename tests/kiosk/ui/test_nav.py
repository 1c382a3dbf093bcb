"""Physical buttons as navigation: which button does what, for every panel size."""

from __future__ import annotations

import pytest

from kiosk.ui.nav import nav_action, nav_roles


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, ["select"]),
        (2, ["next", "select"]),
        (3, ["prev", "next", "select"]),
        (4, ["prev", "next", "back", "select"]),
        (5, ["prev", "next", None, "back", "select"]),
        (6, ["prev", "next", None, None, "back", "select"]),
    ],
)
def test_button_roles(count: int, expected: list[str | None]) -> None:
    assert [nav_action(i, count) for i in range(count)] == expected


def test_a_button_outside_the_panel_means_nothing() -> None:
    assert nav_action(4, 4) is None
    assert nav_action(-1, 4) is None


def test_roles_name_the_first_button_for_each_action() -> None:
    assert nav_roles(4) == {"prev": 0, "next": 1, "back": 2, "select": 3}
    assert nav_roles(2) == {"next": 0, "select": 1}
