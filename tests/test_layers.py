"""The house's floors: imports only run down (README, "may import").

Read from the source with `ast`, so a lazy import inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("cli", "kiosk", "server", "hardware", "storywall")
MAY_IMPORT = {
    "cli": {"kiosk", "server", "hardware", "storywall"},
    "kiosk": {"hardware", "storywall"},
    "server": {"storywall"},
    "hardware": {"storywall"},
    "storywall": set(),
}


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names & {*PACKAGES, "tests", "bench", "tools"}


@pytest.mark.parametrize("package", PACKAGES)
def test_a_package_imports_only_the_floors_below_it(package: str) -> None:
    wrong = {
        str(path.relative_to(ROOT)): sorted(found - MAY_IMPORT[package] - {package})
        for path in sorted((ROOT / package).rglob("*.py"))
        if (found := _imported_packages(path)) - MAY_IMPORT[package] - {package}
    }
    assert not wrong, f"{package}/ imports what it may not: {wrong}"


@pytest.mark.parametrize("folder", ["bench", "tools"])
def test_scripts_never_import_the_tests(folder: str) -> None:
    wrong = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "tests" in _imported_packages(path)
    ]
    assert not wrong
