"""Nothing reaches the public unless it is approved: a property over random sequences.

Hypothesis draws sequences of submissions through the kiosk push API (notes at a
park and at a fridge, clean, rude or too short; doodles with their PNGs; drop-offs
with a photo and its JPEG), decisions (approve, hide, reject, some of which do not
fit and are refused) posted on the moderation dashboard as a signed-in moderator does,
replies and spotlights posted on the replies dashboard (refused unless the item is
approved; a reply quotes the item's marker, so it too must vanish when the item does),
switches between pre- and post-moderation, and the passing of time. After each step
every surface in tests/server/public_surfaces.py is read, and:

- an item shows on a public surface only if its current state is approved;
- an approved note is on the wall's JSON, an approved doodle's or photo's bytes are
  served (so the surfaces are really read, not empty by accident).

One hub serves every example (a fresh one each would cost a migration per example):
items only accumulate, and the property holds for all of them after every step.
"""

from __future__ import annotations

import io
import itertools
import warnings
from dataclasses import dataclass

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from sqlalchemy import Engine
from sqlmodel import Session

from server.arrivals.decide import set_site_moderation
from server.models import APPROVED, Moderation, Site
from server.models_fridge import Fridge
from storywall.protocol.media import sha256_hex
from tests.server.accounts_support import log_in, make_account
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import doodle, dropoff, note, push
from tests.server.public_surfaces import PUBLIC_SURFACES, Known

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PARK, FRIDGE = "riverside", "harbour"
MODERATOR = "mo@example.org"
KIOSKS = {PARK: "riverside-1", FRIDGE: "harbour-1"}
TEXTS = {
    "clean": "The ducks by the pond look happy today {marker}",
    "rude": "These bins are shit {marker}",
    "short": "{marker}",
}
_numbers = itertools.count(1)


@dataclass
class Item:
    """A submission the test made, and the text that gives it away on a surface."""

    event_id: str
    marker: str
    kind: str


notes = st.tuples(st.just("note"), st.sampled_from([PARK, FRIDGE]), st.sampled_from(list(TEXTS)))
doodles = st.tuples(st.just("doodle"), st.just(PARK), st.just(""))
photos = st.tuples(st.just("photo"), st.just(FRIDGE), st.just(""))
decisions = st.tuples(
    st.sampled_from(["approve", "hide", "reject"]), st.integers(0, 50), st.just("")
)
modes = st.tuples(
    st.just("mode"), st.sampled_from([PARK, FRIDGE]), st.sampled_from(["pre", "post"])
)
# An organiser answers an item: a reply that quotes its marker, and a spotlight.
answers = st.tuples(st.just("answer"), st.integers(0, 50), st.just(""))
time_passes = st.tuples(
    st.just("time"), st.sampled_from([60_000, 3_600_000, 86_400_000]), st.just("")
)
STEPS = st.lists(
    st.one_of(
        notes,
        notes,
        doodles,
        photos,
        decisions,
        decisions,
        decisions,
        answers,
        answers,
        modes,
        time_passes,
    ),
    min_size=1,
    max_size=8,
)


def _png(number: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (number % 256, number // 256 % 256, 90)).save(buffer, "PNG")
    return buffer.getvalue()


def _jpeg(number: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (number % 256, 40, number // 256 % 256)).save(buffer, "JPEG")
    return buffer.getvalue()


class World:
    """The hub under test, what was submitted to it, and what the surfaces need."""

    def __init__(
        self, client: TestClient, engine: Engine, session: Session, seed: Seed, clock: FakeClock
    ):
        self.client, self.session, self.clock = client, session, clock
        self.moderator = TestClient(client.app)
        make_account(engine, email=MODERATOR, role="moderator")
        self.csrf = log_in(self.moderator, MODERATOR)
        self.tokens = {PARK: seed.token, FRIDGE: seed.other_token}
        self.sites = {PARK: seed.site, FRIDGE: seed.other_site}
        self.known = Known(kiosk_tokens=dict(self.tokens))
        self.items: list[Item] = []

    def _push(self, site: str, event: dict[str, object]) -> None:
        answer = push(self.client, self.tokens[site], [event], boot_id="boot-p")
        assert answer.json()["accepted"] == 1, answer.text

    def _upload(self, site: str, data: bytes, kind: str) -> None:
        headers = {"Authorization": f"Bearer {self.tokens[site]}", "Content-Type": kind}
        response = self.client.put(
            f"/api/v1/media/{sha256_hex(data)}", content=data, headers=headers
        )
        assert response.status_code in (200, 201), response.text

    def step(self, action: str, what: object, detail: str) -> None:
        number = next(_numbers)
        seq = number
        if action == "note":
            site = str(what)
            marker = f"zq{number}x"
            event = note(kiosk_id=KIOSKS[site], text=TEXTS[detail].format(marker=marker), seq=seq)
            event["boot_id"] = "boot-p"
            self._push(site, event)
            self.items.append(Item(str(event["id"]), marker, "note"))
        elif action == "doodle":
            data = _png(number)
            event = doodle(
                kiosk_id=KIOSKS[PARK], media=sha256_hex(data), size=len(data), side=16, seq=seq
            )
            event["boot_id"] = "boot-p"
            self._push(PARK, event)
            self._upload(PARK, data, "image/png")
            self.known.doodles.append(sha256_hex(data))
            self.items.append(Item(str(event["id"]), sha256_hex(data), "doodle"))
        elif action == "photo":
            data = _jpeg(number)
            event = dropoff(kiosk_id=KIOSKS[FRIDGE], seq=seq, photo=sha256_hex(data))
            event["boot_id"] = "boot-p"
            self._push(FRIDGE, event)
            self._upload(FRIDGE, data, "image/jpeg")
            self.known.photos.append(sha256_hex(data))
            self.items.append(Item(str(event["id"]), sha256_hex(data), "photo"))
        elif action == "mode":
            site_row = self.session.get(Site, self.sites[str(what)].id)
            assert site_row is not None
            set_site_moderation(self.session, site=site_row, mode=detail)
        elif action == "time":
            assert isinstance(what, int)
            self.clock.now_ms += what
        elif action == "answer" and self.items:
            # Mostly an approved note or doodle (what an organiser answers), so that the
            # reply and the pin are then on the surfaces when a decision takes them down.
            shown = [i for i in self.items if i.kind != "photo" and self._state(i) == APPROVED]
            pool = shown if shown and int(str(what)) % 4 else self.items
            self._answer(pool[int(str(what)) % len(pool)])
        elif self.items:
            self._decide(action, self.items[int(str(what)) % len(self.items)])

    def _answer(self, item: Item) -> None:
        # As an organiser answers on /dashboard/replies: refused (422) unless approved.
        if item.kind == "photo":
            return
        approved = self._state(item) == APPROVED
        posts = [("/dashboard/replies/spotlight", {"event_id": item.event_id, "days": "7"})]
        if item.kind == "note":
            reply = {"note_id": item.event_id, "text": f"Thank you, we read {item.marker}"}
            posts.append(("/dashboard/replies/reply", reply))
        for path, data in posts:
            answer = self._post(path, data)
            assert answer.status_code == (303 if approved else 422), answer.text

    def _decide(self, action: str, item: Item) -> None:
        # As a moderator decides: a form post on the dashboard, from a browser of its own
        # (the surfaces are read by a client that is signed in to nothing).
        before = self._state(item)
        state = {"approve": "approved", "hide": "hidden", "reject": "rejected"}[action]
        reason = "" if action == "approve" else "breaks the house rules"
        answer = self._post_decision(item, state, reason)
        if answer.status_code == 422:
            # Only hiding what is not approved is refused; nothing changes then.
            assert action == "hide" and before != APPROVED, answer.text
            assert self._state(item) == before
        else:
            assert answer.status_code == 303, answer.text
            assert self._state(item) == state

    def _post_decision(self, item: Item, state: str, reason: str) -> httpx.Response:
        return self._post(
            f"/dashboard/moderation/{item.event_id}/decide",
            {"decision": state, "reason": reason},
        )

    def _post(self, path: str, data: dict[str, str]) -> httpx.Response:
        for _attempt in range(2):
            form = {"csrf_token": self.csrf, **data}
            answer: httpx.Response = self.moderator.post(path, data=form, follow_redirects=False)
            if not answer.headers.get("location", "").startswith("/login"):
                return answer
            # Days passed on the fake clock: the session ended; sign in again.
            self.csrf = log_in(self.moderator, MODERATOR)
        raise AssertionError("could not sign the moderator in")

    def _state(self, item: Item) -> str:
        self.session.expire_all()
        row = self.session.get(Moderation, item.event_id)
        assert row is not None, item
        return row.state

    def check(self) -> None:
        shown = {surface.name: surface.read(self.client, self.known) for surface in PUBLIC_SURFACES}
        wall = shown["wall.json"]
        for item in self.items:
            state = self._state(item)
            seen_on = [name for name, text in shown.items() if item.marker in text]
            if state != APPROVED:
                assert not seen_on, f"{item.kind} {item.event_id} is {state} but on {seen_on}"
            elif item.kind == "note":
                assert item.marker in wall, f"approved note {item.event_id} is not on the wall"
            else:
                assert "media routes" in seen_on, f"approved {item.kind} {item.event_id} not served"


@pytest.fixture
def world(
    client: TestClient,
    engine: Engine,
    session: Session,
    seed: Seed,
    clock: FakeClock,
    fridge: Fridge,
) -> World:
    return World(client, engine, session, seed, clock)


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
def test_only_approved_items_are_ever_public(
    world: World, steps: list[tuple[str, object, str]]
) -> None:
    for action, what, detail in steps:
        world.step(action, what, detail)
        world.check()
