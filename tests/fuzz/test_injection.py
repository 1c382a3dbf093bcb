"""Text that tries markup, script or template injection is shown as text; SQL is data.

Hostile strings go in through the same doors organisers and kiosks use
(server.crud.create_site / create_kiosk / set_prompt, and a kiosk's push), and must
come out:

- on the wall (GET /): escaped, as text and attribute values equal to the input, with
  no element or event-handler attribute of their making and no template evaluated;
- in /wall.json and /api/v1/kiosk/config: verbatim;
- in the database: stored as data, every table still there;
- behind a Content-Security-Policy that forbids inline script, so even a missed
  escape could not run.

Surfaces that do not exist yet: the organiser dashboard, the transparency feeds
(Atom/JSON/CSV) and the rendered wall image (wall.png). The issues that add them
extend this file: each gets the same HOSTILE strings and a "shown as text" check
(escaped HTML; XML-escaped feed entries; CSV cells that do not start with = + - @;
text drawn on the image, never interpreted).
"""

from __future__ import annotations

import json
import re
import uuid
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from server import crud
from server.app import create_app
from server.errors import InvalidInput
from server.models import Event, Prompt, Site
from server.web.wall import STATIC_DIR, TEMPLATES_DIR
from storywall.protocol import API_PREFIX
from tests.fuzz.conftest import event_count, hub_settings, table_names

with warnings.catch_warnings():
    # Starlette suggests httpx2 for its test client; httpx is what the project pins.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

HOSTILE_PROMPTS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE event; --",
    "{{7*7}}",
    "{% for x in range(3) %}x{% endfor %}",
    "</p></section><script src=//evil.example/x.js></script>",
    "<svg/onload=alert(1)> & &amp; &lt;b&gt; \u202eevil",
    "Robert'); DELETE FROM site WHERE ('1'='1",
]
HOSTILE_SITE_NAME = "<b onmouseover=alert(1)>Riverside</b> & \"Co\" 'Park' {{ 6*7 }}"
HOSTILE_KIOSK_NAME = "<iframe src=javascript:alert(1)>"
# A poll's option labels are an organiser's free text (an emoji must be an emoji).
HOSTILE_OPTIONS = ['"><svg onload=1>', "<i>", "' OR 1=1 --", "{{7*7}} 😀"]
TABLES = {"site", "kiosk", "prompt", "event", "boot_anchor"}
# What the page itself is made of, read from the wall's own templates; anything else
# would be the input's doing (and no attribute may carry a handler or a javascript: URL).
WALL_TEMPLATES = ("wall.html", "wall_cards.html")
PAGE_TAGS = {
    tag
    for name in WALL_TEMPLATES
    for tag in re.findall(r"<([a-z][a-z0-9]*)", (TEMPLATES_DIR / name).read_text())
}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    text: str = ""


@dataclass
class Page(HTMLParser):
    """Every element of an HTML page with its attributes and its text (its children's included)."""

    elements: list[Element] = field(default_factory=list)
    _open: list[Element] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    VOID = frozenset({"meta", "link", "img", "br", "input", "hr"})

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.elements.append(element)
        if tag not in self.VOID:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                return

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.text += data

    def with_class(self, name: str) -> list[Element]:
        return [e for e in self.elements if name in (e.attrs.get("class") or "").split()]


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


@dataclass(frozen=True)
class HostileHub:
    app: FastAPI
    engine: Engine
    token: str


@pytest.fixture
def hostile_hub(tmp_path: Path) -> Iterator[HostileHub]:
    app = create_app(hub_settings(tmp_path))
    engine: Engine = app.state.engine
    with Session(engine) as session:
        crud.create_site(session=session, slug="riverside", name=HOSTILE_SITE_NAME, timezone="UTC")
        _, token = crud.create_kiosk(
            session=session, site_slug="riverside", kiosk_id="riverside-1", name=HOSTILE_KIOSK_NAME
        )
    yield HostileHub(app, engine, token)
    engine.dispose()


@pytest.fixture
def client(hostile_hub: HostileHub) -> Iterator[TestClient]:
    with TestClient(hostile_hub.app) as test_client:
        yield test_client


def _set_prompt(hub: HostileHub, text: str) -> int:
    with Session(hub.engine) as session:
        prompt = crud.set_prompt(
            session=session,
            site_slug="riverside",
            text=text,
            kind="poll",
            options=HOSTILE_OPTIONS,
            results_revealed=True,
        )
    assert prompt.id is not None
    return prompt.id


def _push(client: TestClient, hub: HostileHub, events: list[dict[str, object]]) -> dict:
    response = client.post(
        f"{API_PREFIX}/events",
        json={"boot_id": "boot-a", "sent_mono_ms": 90_000, "events": events},
        headers={"Authorization": f"Bearer {hub.token}"},
    )
    assert response.status_code == 200, response.text
    return response.json()


def _event(seq: int, kind: str, payload: dict[str, object]) -> dict[str, object]:
    return {
        "v": 1,
        "id": str(uuid.uuid4()),
        "kiosk_id": "riverside-1",
        "boot_id": "boot-a",
        "seq": seq,
        "mono_ms": 60_000 + seq,
        "wall_time": datetime.now(UTC).isoformat(),
        "clock_synced": True,
        "type": kind,
        "payload": payload,
    }


def _assert_no_injected_markup(page: Page) -> None:
    for element in page.elements:
        assert element.tag in PAGE_TAGS, f"an injected <{element.tag}> element"
        for name, value in element.attrs.items():
            assert not name.startswith("on"), f"an injected {name}= on <{element.tag}>"
            assert "javascript:" not in (value or "").lower()
    scripts = [e for e in page.elements if e.tag == "script"]
    assert len(scripts) == 1 and (scripts[0].attrs.get("src") or "").startswith("/static/")
    assert not scripts[0].text.strip(), "inline script"


@pytest.mark.parametrize("text", HOSTILE_PROMPTS)
def test_hostile_prompt_and_site_name_are_shown_as_text(
    client: TestClient, hostile_hub: HostileHub, text: str
) -> None:
    prompt_id = _set_prompt(hostile_hub, text)
    answer = _push(
        client,
        hostile_hub,
        [
            _event(1, "reaction", {"prompt_id": prompt_id, "option": option})
            for option in range(len(HOSTILE_OPTIONS))
        ],
    )
    assert answer["accepted"] == len(HOSTILE_OPTIONS)

    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = parse(response.text)
    _assert_no_injected_markup(page)
    [prompt] = page.with_class("prompt")
    assert prompt.text == text  # as text, character for character: no template ran
    [site_name] = page.with_class("site-name")
    assert site_name.text == HOSTILE_SITE_NAME
    rows = page.with_class("tally")
    assert [row.attrs["data-choice"] for row in rows] == ["#0", "#1", "#2", "#3"]
    assert [e.text for e in page.with_class("option")] == HOSTILE_OPTIONS
    assert [e.text for e in page.elements if e.attrs.get("data-count") == "today"] == ["1"] * 4

    wall = client.get("/wall.json").json()
    [site] = wall["sites"]
    assert site["name"] == HOSTILE_SITE_NAME
    assert (site["prompt"]["text"], site["prompt"]["options"]) == (text, HOSTILE_OPTIONS)
    assert [(t["label"], t["total"]) for t in site["tallies"]] == [(o, 1) for o in HOSTILE_OPTIONS]

    config = client.get(
        f"{API_PREFIX}/kiosk/config", headers={"Authorization": f"Bearer {hostile_hub.token}"}
    ).json()
    assert config["kiosk_name"] == HOSTILE_KIOSK_NAME
    assert config["site"]["name"] == HOSTILE_SITE_NAME
    assert config["prompt"]["text"] == text
    assert config["prompt"]["options"] == HOSTILE_OPTIONS

    # SQL-looking text is data: every table is still there, holding it verbatim.
    assert table_names(hostile_hub.engine) >= TABLES
    with Session(hostile_hub.engine) as session:
        assert session.exec(select(Prompt.text).where(Prompt.id == prompt_id)).one() == text
        assert [site.name for site in session.exec(select(Site)).all()] == [HOSTILE_SITE_NAME]
    assert event_count(hostile_hub.engine) == len(HOSTILE_OPTIONS)

    # The wall image draws the same text as pixels: nothing in it is interpreted.
    image = client.get(
        f"{API_PREFIX}/kiosk/wall.png?w=800&h=480",
        headers={"Authorization": f"Bearer {hostile_hub.token}"},
    )
    assert image.status_code == 200
    assert image.content.startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize("emoji", ['"><svg onload=1>', "<i>", "' OR 1=1 --", "yes", "A"])
def test_an_emoji_that_is_not_an_emoji_is_refused(hostile_hub: HostileHub, emoji: str) -> None:
    with Session(hostile_hub.engine) as session, pytest.raises(InvalidInput, match="not an emoji"):
        crud.set_prompt(session=session, site_slug="riverside", text="Hi?", emoji=[emoji, "😀"])
    with Session(hostile_hub.engine) as session:
        assert session.exec(select(Prompt)).all() == []


def test_sql_looking_event_data_is_stored_as_data(
    client: TestClient, hostile_hub: HostileHub
) -> None:
    prompt_id = _set_prompt(hostile_hub, "How was the park today?")
    software = "'; DROP TABLE event; --"
    answer = _push(
        client,
        hostile_hub,
        [
            _event(1, "heartbeat", {"software": software}),
            _event(2, "reaction", {"prompt_id": prompt_id, "option": 2}),
            # Not an answer of the poll: refused, not matched by an injected OR.
            _event(3, "reaction", {"prompt_id": prompt_id, "emoji": "x' OR '1'='1"}),
        ],
    )
    assert [r["status"] for r in answer["results"]] == ["accepted", "accepted", "rejected"]
    assert table_names(hostile_hub.engine) >= TABLES
    with Session(hostile_hub.engine) as session:
        payloads = session.exec(select(Event.payload).where(col(Event.type) == "heartbeat")).all()
    [payload] = payloads
    stored = payload if isinstance(payload, dict) else json.loads(payload)
    assert stored["software"] == software
    wall = client.get("/wall.json").json()
    tallies = {t["label"]: t["total"] for t in wall["sites"][0]["tallies"]}
    assert tallies["' OR 1=1 --"] == 1
    assert sum(tallies.values()) == 1


def _directives(policy: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name.lower()] = values
    return directives


@pytest.mark.parametrize("path", ["/", "/wall.json", "/healthz", "/static/wall.js"])
def test_csp_forbids_inline_script(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    policy = _directives(response.headers["content-security-policy"])
    script_src = policy.get("script-src", policy.get("default-src"))
    assert script_src is not None, "no script policy at all"
    forbidden = {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"}
    assert not forbidden & {value.lower() for value in script_src}
    assert policy.get("object-src") == ["'none'"]
    assert policy.get("base-uri") == ["'none'"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_wall_script_never_parses_hub_text_as_html() -> None:
    source = (STATIC_DIR / "wall.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("//"))
        assert sink not in code, f"wall.js uses {sink}"
