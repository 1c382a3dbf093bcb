"""The drop-off screen's link: the hub client's request, and the holder that fetches it off
the screen's thread, refreshes it at half its life and falls back to the sticker's."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from kiosk.dropoff_link import DEFAULT_LIFE_S, NO_ROUTE_RETRY_S, RETRY_S, DropoffLinks
from kiosk.errors import AuthRejected, HubUnavailable, ProtocolError
from kiosk.hub_client import HubClient
from storywall.protocol.fridge_config import DROPOFF_LINK_PATH, DropoffLink

STICKER = "https://hub.example/d/elm-street"
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def client_answering(response: httpx.Response) -> HubClient:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        assert request.method == "POST" and request.url.path == DROPOFF_LINK_PATH
        assert request.headers["Authorization"] == "Bearer sw_k_test"
        return response

    return HubClient("http://hub.test", "sw_k_test", transport=httpx.MockTransport(handle))


def test_the_client_asks_for_a_link_with_the_kiosks_token() -> None:
    body = {"url": "https://hub.example/d/x", "expires_at": "2026-12-02T10:05:00Z"}
    with client_answering(httpx.Response(200, json=body)) as client:
        link = client.dropoff_link()
    assert link == DropoffLink(url="https://hub.example/d/x", expires_at=NOW + timedelta(minutes=5))


@pytest.mark.parametrize(
    ("response", "error"),
    [
        (httpx.Response(503, json={"detail": "busy"}), HubUnavailable),
        (httpx.Response(401, json={"detail": "revoked"}), AuthRejected),
        (httpx.Response(200, json={"url": "x"}), ProtocolError),
        (httpx.Response(422, json={"detail": "?"}), ProtocolError),
    ],
)
def test_the_client_says_why_there_is_no_link(
    response: httpx.Response, error: type[Exception]
) -> None:
    with client_answering(response) as client, pytest.raises(error):
        client.dropoff_link()


def test_an_older_hub_has_no_link_to_give() -> None:
    with client_answering(httpx.Response(404, json={"detail": "Not Found"})) as client:
        assert client.dropoff_link() is None


class Source:
    """Links (or failures) in turn, counting the requests."""

    def __init__(self, *answers: DropoffLink | Exception | None) -> None:
        self.answers = list(answers)
        self.calls = 0

    def dropoff_link(self) -> DropoffLink | None:
        self.calls += 1
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer


class Mono:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


def link(url: str, minutes: float = 5) -> DropoffLink:
    return DropoffLink(url=url, expires_at=NOW + timedelta(minutes=minutes))


def test_the_sticker_until_a_link_is_fetched_then_the_link_until_half_its_life() -> None:
    mono = Mono()
    source = Source(link("https://hub.example/d/one"), link("https://hub.example/d/two"))
    links = DropoffLinks(source, mono=mono, wall=lambda: NOW)
    assert links.url(STICKER) == STICKER  # never blocks for the hub
    links.fetch()  # what the thread does when asked
    assert links.url(STICKER) == "https://hub.example/d/one"
    mono.now += 149  # under half of five minutes: no new request
    assert links.url(STICKER) == "https://hub.example/d/one"
    assert source.calls == 1
    mono.now += 2  # half its life: asked for the next, still shows this one
    assert links.url(STICKER) == "https://hub.example/d/one"
    links.fetch()
    assert links.url(STICKER) == "https://hub.example/d/two"
    links.close()


def test_an_expired_link_is_never_shown() -> None:
    mono = Mono()
    links = DropoffLinks(Source(link("https://hub.example/d/one")), mono=mono, wall=lambda: NOW)
    links.fetch()
    mono.now += 5 * 60 - 5  # in its last seconds: too late to scan
    assert links.url(STICKER) == STICKER
    assert links.url(None) is None
    links.close()


def test_a_failed_fetch_is_retried_later_not_at_once() -> None:
    mono = Mono()
    source = Source(HubUnavailable("offline"), link("https://hub.example/d/back"))
    links = DropoffLinks(source, mono=mono, wall=lambda: NOW)
    links.fetch()
    assert links.url(STICKER) == STICKER
    assert links._retry_at == mono.now + RETRY_S
    links.fetch()
    assert links.url(STICKER) == "https://hub.example/d/back"
    links.close()


def test_no_route_waits_longer_and_a_wrong_clock_gets_the_usual_life() -> None:
    mono = Mono()
    links = DropoffLinks(Source(None), mono=mono, wall=lambda: NOW)
    links.fetch()
    assert links._retry_at == mono.now + NO_ROUTE_RETRY_S
    links.close()
    # The kiosk's wall clock is a year behind: the link would look valid for a year.
    skewed = DropoffLinks(
        Source(link("https://hub.example/d/x")), mono=mono, wall=lambda: NOW - timedelta(days=365)
    )
    skewed.fetch()
    assert skewed._held is not None and skewed._held.life_s == DEFAULT_LIFE_S
    skewed.close()


def test_the_thread_fetches_when_asked_and_stops_on_close() -> None:
    source = Source(link("https://hub.example/d/threaded"))
    links = DropoffLinks(source, wall=lambda: NOW)
    assert links.url(STICKER) == STICKER
    deadline = time.monotonic() + 5
    while links.url(STICKER) == STICKER and time.monotonic() < deadline:
        threading.Event().wait(0.01)
    assert links.url(STICKER) == "https://hub.example/d/threaded"
    thread = links._thread
    assert thread is not None and thread.is_alive()
    links.close()
    links.close()
    assert not thread.is_alive()
    assert links.url(STICKER) == STICKER  # closed: the sticker, and no new thread
    assert links._thread is None
