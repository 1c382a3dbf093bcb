"""Filling in the drop-off form in tests: what a phone's browser sends."""

from __future__ import annotations

import html
import re
from typing import Any

import httpx

from server.core.config import Settings
from server.services.dropoff_links import sticker_token

# Harbour (the `fridge` fixture) keeps the default rules: one box for "only what it
# takes" and one for each of its three refusals.
ALL_RULES = ["takes", "not-0", "not-1", "not-2"]
# Harbour is in America/New_York: at the tests' NOW_MS it is 08:00 on 2025-06-21.
TODAY = "2025-06-21"
GOOD: dict[str, Any] = {
    "count_produce": "6",
    "count_bread": "2",
    "rule": ALL_RULES,
    "best_before": "2025-06-25",
    "allergen": ["gluten", "milk"],
    "level": "2",
    "condition": "good",
    "nickname": "Sam <the baker>",
}
NO_PHOTO = {"photo": ("", b"", "application/octet-stream")}


def sticker_path(settings: Settings, slug: str = "harbour") -> str:
    """The path of the sticker's link of the fridge at `slug`."""
    return f"/d/{sticker_token(settings.secret_key, slug)}"


def hidden(page: str, name: str) -> str:
    """The value of the hidden input `name` on a page."""
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, f"no hidden {name} on the page"
    return html.unescape(found.group(1))


def open_form(client: httpx.Client, path: str) -> dict[str, str]:
    """GET the form as a browser does; the hidden fields it carries."""
    page = client.get(path)
    assert page.status_code == 200, page.text
    return {name: hidden(page.text, name) for name in ("csrf_token", "event_id")}


def send(
    client: httpx.Client,
    path: str,
    fields: dict[str, Any],
    *,
    hidden_fields: dict[str, str] | None = None,
    files: dict[str, Any] | None = None,
) -> httpx.Response:
    """POST the form as multipart (the page's enctype), photo part last."""
    if hidden_fields is None:
        hidden_fields = open_form(client, path)
    data = {**hidden_fields, **fields}
    return client.post(path, data=data, files=files or NO_PHOTO)


def field_value(page: str, name: str) -> str:
    """The value an <input name=...> shows (its typed value kept)."""
    found = re.search(rf'<input [^>]*name="{name}"[^>]*value="([^"]*)"', page, re.S)
    assert found, f"no input {name}"
    return html.unescape(found.group(1))


def checked(page: str, name: str) -> set[str]:
    """The values of the ticked checkboxes or radios named `name`."""
    pattern = rf'<input type="(?:checkbox|radio)" name="{name}" value="([^"]*)"( checked)?'
    inputs = re.findall(pattern, page)
    return {value for value, tick in inputs if tick}


def error_of(page: str, name: str) -> str:
    """The message shown by field `name`, or ""."""
    found = re.search(rf'<p class="error" id="{name}-error">([^<]*)</p>', page)
    return html.unescape(found.group(1)) if found else ""
