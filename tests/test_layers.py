"""The house's floors: imports only run down (README, "may import").

Read from the source with `ast`, so a lazy import inside a function counts too.
"""

from __future__ import annotations

import ast
import sys
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


# What each package may take from outside the standard library: the ground needs
# pydantic only, and a Pi kiosk installs without FastAPI or a database layer.
THIRD_PARTY = {
    "storywall": {"pydantic"},
    "hardware": {"gpiozero", "picamera2", "PIL"},
    "kiosk": {"pydantic", "httpx", "pygame", "PIL", "qrcode", "babel"},
}


def _top_level_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            # The project uses absolute imports only, so a relative one is a finding too.
            assert node.level == 0, f"{path}: relative import"
            if node.module:
                names.add(node.module.split(".")[0])
    return names


def _imported_packages(path: Path) -> set[str]:
    return _top_level_imports(path) & {*PACKAGES, "tests", "bench", "tools"}


@pytest.mark.parametrize("package", sorted(THIRD_PARTY))
def test_a_package_needs_only_its_own_dependencies(package: str) -> None:
    project = {*PACKAGES, "tests", "bench", "tools"}
    wrong = {
        str(path.relative_to(ROOT)): sorted(outside)
        for path in sorted((ROOT / package).rglob("*.py"))
        if (
            outside := _top_level_imports(path)
            - sys.stdlib_module_names
            - project
            - THIRD_PARTY[package]
        )
    }
    assert not wrong, f"{package}/ imports libraries it may not: {wrong}"


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


MAX_MODULE_LINES = 400


def test_modules_stay_small() -> None:
    large = {
        str(path.relative_to(ROOT)): lines
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not large, f"split these modules (over {MAX_MODULE_LINES} lines): {large}"
