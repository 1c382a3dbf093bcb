"""The kiosk's HTTP client for the hub: push events, upload media, pull configuration
and the wall image (docs/protocol.md).

Every answer other than the ones the protocol allows becomes an exception of the
kiosk.errors hierarchy, so the sync worker decides what to do from its type alone:
`HubUnavailable` (network, 5xx, 429: retry later, honouring `retry_after`),
`AuthRejected` (401/403: the token is wrong or revoked), `MediaRefused` (the hub will
never take these bytes), `ProtocolError` (anything else).
"""

from __future__ import annotations

import email.utils
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
from pydantic import ValidationError

from kiosk.defaults import DEFAULTS
from kiosk.errors import AuthRejected, HubUnavailable, MediaRefused, ProtocolError
from kiosk.outgoing import OutgoingEvent, push_body
from storywall import __version__
from storywall.closing import ClosesOnExit
from storywall.protocol.batch import PushResponse
from storywall.protocol.config import KioskConfig
from storywall.protocol.events import Event
from storywall.protocol.fridge_config import DROPOFF_LINK_PATH, DropoffLink
from storywall.protocol.limits import API_PREFIX, MAX_BODY_BYTES
from storywall.protocol.media import MediaReceipt, doodle_path, media_path, sha256_hex

EVENTS_PATH = f"{API_PREFIX}/events"
CONFIG_PATH = f"{API_PREFIX}/kiosk/config"
WALL_PATH = f"{API_PREFIX}/kiosk/wall.png"
# Answers to a media upload that mean "this hub has no media route yet" (an older
# hub): not the bytes' fault, so they are kept and sent again later.
_NO_MEDIA_ROUTE = (httpx.codes.NOT_FOUND, httpx.codes.METHOD_NOT_ALLOWED)


@dataclass(frozen=True)
class WallPull:
    """A wall image answer: new bytes (None when unchanged or not served) and its ETag."""

    png: bytes | None
    etag: str | None
    served: bool = True


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date), or None."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if not math.isfinite(seconds):
        return None
    return max(0.0, seconds)


_AUTH = (httpx.codes.UNAUTHORIZED, httpx.codes.FORBIDDEN)


def _detail(response: httpx.Response) -> str:
    """The first line of an error answer, short (it ends up in a log and a reason)."""
    lines = response.text.strip().splitlines()
    return lines[0][:200] if lines else ""


class HubClient(ClosesOnExit):
    """One kiosk's connection to its hub (keeps the TCP/TLS connection between calls)."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout: float = DEFAULTS.sync.timeout_s,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(
            base_url=self.base_url,
            headers={
                "Authorization": f"Bearer {token}",
                "User-Agent": f"storywall-kiosk/{__version__}",
                "Accept": "application/json",
            },
            timeout=timeout,
            transport=transport,
        )

    def push(
        self,
        events: Sequence[Event | OutgoingEvent],
        *,
        boot_id: str,
        sent_mono_ms: int,
    ) -> PushResponse:
        """Send one batch; return the hub's per-event answer (one result per event).

        OutgoingEvents (Outbox.take_outgoing) go as they are; an Event is written once."""
        body = push_body(
            boot_id,
            sent_mono_ms,
            [
                event.wire if isinstance(event, OutgoingEvent) else event.model_dump_json().encode()
                for event in events
            ],
        )
        if len(body) > MAX_BODY_BYTES:
            raise ProtocolError(f"a batch of {len(events)} events is {len(body)} bytes, too big")
        response = self._send(
            "POST", EVENTS_PATH, content=body, headers={"Content-Type": "application/json"}
        )
        if response.status_code != httpx.codes.OK:
            raise self._unexpected(response)
        try:
            answer = PushResponse.model_validate_json(response.content)
        except ValidationError as error:
            raise ProtocolError(f"push answer is not a PushResponse: {error}") from error
        if len(answer.results) != len(events):
            raise ProtocolError(
                f"push answer has {len(answer.results)} results for {len(events)} events"
            )
        return answer

    def pull_config(self, etag: str | None) -> tuple[KioskConfig | None, str | None]:
        """The kiosk's configuration and its ETag; (None, etag) when unchanged (304)."""
        headers = {"If-None-Match": etag} if etag else {}
        response = self._send("GET", CONFIG_PATH, headers=headers)
        if response.status_code == httpx.codes.NOT_MODIFIED:
            return None, response.headers.get("ETag", etag)
        if response.status_code != httpx.codes.OK:
            raise self._unexpected(response)
        try:
            config = KioskConfig.model_validate_json(response.content)
        except ValidationError as error:
            raise ProtocolError(f"config answer is not a KioskConfig: {error}") from error
        return config, response.headers.get("ETag")

    def put_media(self, sha256: str, data: bytes, content_type: str = "image/png") -> bool:
        """Upload one media file; True when the hub holds it (200/201: stored, or held
        already), False when the hub has no media route (404/405: an older hub).
        MediaRefused when the hub refuses these bytes (another 4xx)."""
        response = self._send(
            "PUT", media_path(sha256), content=data, headers={"Content-Type": content_type}
        )
        status = response.status_code
        if status in (httpx.codes.OK, httpx.codes.CREATED):
            try:
                receipt = MediaReceipt.model_validate_json(response.content)
            except ValidationError:
                return True  # the status is the answer; the body is a courtesy
            if receipt.sha256 != sha256:
                raise ProtocolError(f"media upload of {sha256} answered for {receipt.sha256}")
            return True
        if status in _NO_MEDIA_ROUTE:
            return False
        if 400 <= status < 500 and status not in _AUTH and status != httpx.codes.TOO_MANY_REQUESTS:
            raise MediaRefused(f"{status}: {_detail(response)}")
        raise self._unexpected(response)

    def dropoff_link(self) -> DropoffLink | None:
        """A fresh, short-lived link to the hub's drop-off form for this kiosk's fridge,
        or None when the hub has none to give (404: an older hub, or not a fridge)."""
        response = self._send("POST", DROPOFF_LINK_PATH)
        if response.status_code == httpx.codes.NOT_FOUND:
            return None
        if response.status_code != httpx.codes.OK:
            raise self._unexpected(response)
        try:
            return DropoffLink.model_validate_json(response.content)
        except ValidationError as error:
            raise ProtocolError(f"drop-off link answer is not a DropoffLink: {error}") from error

    def fetch_doodle(self, sha256: str) -> bytes | None:
        """An approved doodle's public PNG (a spotlight's picture), or None when the hub
        does not show it (404: not approved any more, or an older hub). ProtocolError when
        the bytes are not the ones `sha256` names."""
        response = self._send("GET", doodle_path(sha256), headers={"Accept": "image/png"})
        if response.status_code == httpx.codes.NOT_FOUND:
            return None
        if response.status_code != httpx.codes.OK:
            raise self._unexpected(response)
        if sha256_hex(response.content) != sha256:
            raise ProtocolError(f"the doodle {sha256} came back with other bytes")
        return response.content

    def pull_wall(self, etag: str | None, *, width: int, height: int) -> WallPull:
        """The wall image for a screen of `width` x `height`: new bytes and their ETag,
        no bytes when unchanged (304), or served=False when the hub has none (404)."""
        headers = (
            {"If-None-Match": etag, "Accept": "image/png"} if etag else {"Accept": "image/png"}
        )
        response = self._send(
            "GET", WALL_PATH, headers=headers, params={"w": str(width), "h": str(height)}
        )
        if response.status_code == httpx.codes.NOT_MODIFIED:
            return WallPull(None, response.headers.get("ETag", etag))
        if response.status_code == httpx.codes.NOT_FOUND:
            return WallPull(None, None, served=False)
        if response.status_code != httpx.codes.OK:
            raise self._unexpected(response)
        return WallPull(response.content, response.headers.get("ETag"))

    def _send(
        self,
        method: str,
        path: str,
        *,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
    ) -> httpx.Response:
        try:
            return self._http.request(method, path, content=content, headers=headers, params=params)
        except httpx.TransportError as error:
            # Connection refused, DNS, TLS, timeouts: the hub is out of reach for now.
            raise HubUnavailable(f"{method} {path}: {type(error).__name__}: {error}") from error
        except httpx.HTTPError as error:
            raise ProtocolError(f"{method} {path}: {error}") from error

    @staticmethod
    def _unexpected(response: httpx.Response) -> Exception:
        status = response.status_code
        where = f"{response.request.method} {response.request.url.path} -> {status}"
        detail = _detail(response)
        if status in _AUTH:
            return AuthRejected(f"{where}: the hub refused this kiosk's token")
        if status == httpx.codes.TOO_MANY_REQUESTS or status >= 500:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            return HubUnavailable(f"{where}: {detail}", retry_after=retry_after)
        return ProtocolError(f"{where}: {detail}")

    def close(self) -> None:
        """Close the connection pool. Safe to call more than once."""
        self._http.close()

    def __repr__(self) -> str:
        return f"<HubClient {self.base_url!r}>"
