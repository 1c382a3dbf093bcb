"""A small in-process hub for the media protocol, behind httpx.MockTransport.

It implements what the kiosk needs of the hub's media side honestly (docs/protocol.md,
storywall/protocol/media.py): `PUT /api/v1/media/<sha256>` checks the hash, the type
and the size, stores the bytes once and answers 201 (stored) or 200 (held); a push is
parsed with the protocol's own parser, held once per event id, and answered with
`missing_media`: the hashes this kiosk's doodle and drop-off events name that it lacks.
A doodle is image/png and a shelf photo image/jpeg; the bytes must be what the type says. It can
cut the connection after doing its work (the answer is lost, the work is not),
refuse the token, or serve the wall image with an ETag.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx

from storywall.protocol import DoodleEvent, Event, parse_push
from storywall.protocol.dropoff import DropoffEvent
from storywall.protocol.limits import MAX_DOODLE_BYTES

# What the fake takes, by content type: the bytes' first bytes and the most of them.
TYPES = {
    "image/png": (b"\x89PNG\r\n\x1a\n", MAX_DOODLE_BYTES),
    "image/jpeg": (b"\xff\xd8\xff", 2 * 1024 * 1024),
}

MEDIA_PREFIX = "/api/v1/media/"
CONFIG = {
    "kiosk_id": "riverside-1",
    "kiosk_name": "Riverside gate",
    "site": {"slug": "riverside", "name": "Riverside Park", "timezone": "Europe/London"},
    "prompt": {"id": 7, "text": "How was the park today?", "emoji": ["😀", "😢"]},
}


@dataclass
class FakeMediaHub:
    """State and switches of the fake hub; `transport()` gives the client its wire."""

    media: dict[str, bytes] = field(default_factory=dict)
    stores: int = 0  # bytes written to "disk": exactly once per hash
    events: dict[str, Event] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    # Switches a test flips.
    cut_after: set[str] = field(default_factory=set)  # "PUT", "POST": work done, answer lost
    refuse_token: bool = False
    offline: bool = False  # every request fails to connect, as with no network at all
    content_types: list[str] = field(default_factory=list)  # of every media upload
    media_status: int | None = None  # answer every PUT with this status instead
    lose_next_upload: bool = False  # answer 201 but keep nothing (a hub that lost a disk)
    dropoff_url: str | None = None  # answer the drop-off link request with it (else 404)
    wall_png: bytes | None = None
    wall_etag: str = '"wall-1"'

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        method, path = request.method, request.url.path
        if self.offline:
            raise httpx.ConnectError("network is unreachable", request=request)
        self.requests.append(f"{method} {path}")
        if self.refuse_token:
            return httpx.Response(401, json={"detail": "unknown or revoked token"})
        if method == "PUT" and path.startswith(MEDIA_PREFIX):
            response = self._put_media(path[len(MEDIA_PREFIX) :], request)
        elif method == "POST" and path == "/api/v1/events":
            response = self._push(request.content)
        elif method == "GET" and path == "/api/v1/kiosk/config":
            response = self._config(request)
        elif method == "POST" and path == "/api/v1/kiosk/dropoff-link" and self.dropoff_url:
            expires = datetime.now(UTC) + timedelta(minutes=5)
            response = httpx.Response(
                200, json={"url": self.dropoff_url, "expires_at": expires.isoformat()}
            )
        elif method == "GET" and path == "/api/v1/kiosk/wall.png":
            response = self._wall(request)
        else:
            return httpx.Response(404, json={"detail": "Not Found"})
        if method in self.cut_after:
            self.cut_after.discard(method)
            raise httpx.ReadError("connection reset by peer", request=request)
        return response

    def _put_media(self, sha256: str, request: httpx.Request) -> httpx.Response:
        if self.media_status is not None:
            return httpx.Response(self.media_status, json={"detail": "not a PNG image"})
        data = request.content
        content_type = request.headers.get("Content-Type", "")
        self.content_types.append(content_type)
        if content_type not in TYPES:
            return httpx.Response(415, json={"detail": "media must be image/png or image/jpeg"})
        signature, limit = TYPES[content_type]
        if not data.startswith(signature):
            return httpx.Response(415, json={"detail": f"the bytes are not {content_type}"})
        if len(data) > limit:
            return httpx.Response(413, json={"detail": "too large"})
        if hashlib.sha256(data).hexdigest() != sha256:
            return httpx.Response(422, json={"detail": "the bytes do not match their hash"})
        receipt = {"sha256": sha256, "bytes": len(data)}
        if sha256 in self.media:
            return httpx.Response(200, json={**receipt, "status": "held"})
        if self.lose_next_upload:
            self.lose_next_upload = False
        else:
            self.media[sha256] = data
            self.stores += 1
        return httpx.Response(201, json={**receipt, "status": "stored"})

    def _push(self, body: bytes) -> httpx.Response:
        parsed = parse_push(body)
        results = []
        for index, event in enumerate(parsed.events):
            assert isinstance(event, Event), event
            status = "duplicate" if str(event.id) in self.events else "accepted"
            self.events.setdefault(str(event.id), event)
            results.append({"index": index, "id": str(event.id), "status": status})
        named = {
            event.payload.media for event in self.events.values() if isinstance(event, DoodleEvent)
        }
        named |= {
            event.payload.photo
            for event in self.events.values()
            if isinstance(event, DropoffEvent) and event.payload.photo is not None
        }
        missing = sorted(named - set(self.media))
        answer = {
            "results": results,
            "accepted": sum(r["status"] == "accepted" for r in results),
            "duplicate": sum(r["status"] == "duplicate" for r in results),
            "rejected": 0,
            "missing_media": missing,
        }
        return httpx.Response(200, content=json.dumps(answer).encode())

    def _config(self, request: httpx.Request) -> httpx.Response:
        if request.headers.get("If-None-Match") == '"config-1"':
            return httpx.Response(304, headers={"ETag": '"config-1"'})
        return httpx.Response(200, json=CONFIG, headers={"ETag": '"config-1"'})

    def _wall(self, request: httpx.Request) -> httpx.Response:
        if self.wall_png is None:
            return httpx.Response(404, json={"detail": "Not Found"})
        if request.headers.get("If-None-Match") == self.wall_etag:
            return httpx.Response(304, headers={"ETag": self.wall_etag})
        size = f"{request.url.params.get('w')}x{request.url.params.get('h')}"
        return httpx.Response(
            200,
            content=self.wall_png,
            headers={"ETag": self.wall_etag, "Content-Type": "image/png", "X-Size": size},
        )

    def doodles(self) -> list[DoodleEvent]:
        return [event for event in self.events.values() if isinstance(event, DoodleEvent)]

    def dropoffs(self) -> list[DropoffEvent]:
        return [event for event in self.events.values() if isinstance(event, DropoffEvent)]
