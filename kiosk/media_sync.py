"""Media (doodle PNGs, shelf-photo JPEGs) on its way to the hub: uploaded before the
events that name it, sent again when the hub says it lacks it, and deleted once the hub
holds it. Each file goes with its own content type (kiosk.media_store).

Exactly once in effect: the upload is idempotent (the hub names the bytes by their
SHA-256 and stores them once), and every push answer lists the media this kiosk's
events refer to that the hub still lacks (`missing_media`), so an upload lost to a
power cut or a cut socket is sent again after the next push, never forgotten.

A file is deleted when the hub has confirmed it holds the bytes (an upload answered
200/201, or a push that acknowledged its event without listing it as missing) and no
waiting or rejected event still refers to it. A hub that refuses the bytes for good
(a 4xx other than 401/403) gets the events that name them set aside as rejected,
with the hub's reason, instead of retried for ever.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Protocol

from kiosk.errors import MediaRefused
from kiosk.media_store import MediaStore
from kiosk.outbox import Outbox
from kiosk.outbox_reads import MEDIA_FIELDS
from kiosk.outgoing import OutgoingEvent
from storywall.protocol.batch import PushResponse, ResultStatus

logger = logging.getLogger(__name__)

_WAITING = ("pending", "in_flight")
_KEEP = ("pending", "in_flight", "rejected")


class MediaHub(Protocol):
    """What media sync needs from the hub (kiosk.hub_client.HubClient provides it)."""

    def put_media(self, sha256: str, data: bytes, content_type: str = "image/png") -> bool: ...


class MediaSync:
    """Uploads and prunes one kiosk's media files (called on the sync thread)."""

    def __init__(self, outbox: Outbox, store: MediaStore, client: MediaHub) -> None:
        self._outbox = outbox
        self._store = store
        self._client = client
        self._confirmed: set[str] = set()  # the hub said it holds these bytes
        self._told_no_route = False
        self.uploads = 0

    def upload_waiting(self) -> None:
        """Upload the media of every waiting event the hub has not confirmed."""
        for sha256 in sorted(self._outbox.media_refs(("pending",)) - self._confirmed):
            # A file pruned just before an identical drawing was recorded is held by
            # the hub already; if not, its next push answer says so.
            data = self._store.read(sha256)
            if data is not None:
                self._upload(sha256, data)

    def after_push(self, batch: Sequence[OutgoingEvent], answer: PushResponse) -> None:
        """Send again what the hub says it lacks, then delete what it holds."""
        missing = set(answer.missing_media)
        for sha256 in sorted(missing):
            self._confirmed.discard(sha256)
            data = self._store.read(sha256)
            if data is None:
                reason = "media: the kiosk no longer has this file"
                if self._outbox.reject_media(sha256, reason):
                    logger.error("media %s: the hub lacks it and so does the kiosk", sha256)
                continue
            self._upload(sha256, data)
        acked: set[str] = set()
        for result in answer.results:
            if result.status is ResultStatus.REJECTED or not 0 <= result.index < len(batch):
                continue
            item = batch[result.index]
            field = MEDIA_FIELDS.get(item.type)
            if field is not None:
                named = json.loads(item.wire)["payload"].get(field[0])
                if named is not None:
                    acked.add(str(named))
        self.prune((acked - missing) | self._confirmed)

    def prune(self, held_by_hub: set[str]) -> int:
        """Delete the files of `held_by_hub` that no waiting or rejected event needs."""
        if not held_by_hub:
            return 0
        doomed = (held_by_hub & self._store.held()) - self._outbox.media_refs(_KEEP)
        removed = self._store.remove(doomed)
        self._confirmed -= doomed
        return removed

    def _upload(self, sha256: str, data: bytes) -> None:
        try:
            held = self._client.put_media(sha256, data, self._store.content_type(sha256))
        except MediaRefused as error:
            count = self._outbox.reject_media(sha256, f"media: {error}")
            logger.warning(
                "media %s refused by the hub (%s): %d events set aside", sha256, error, count
            )
            return
        self.uploads += 1
        if held:
            self._confirmed.add(sha256)
        elif not self._told_no_route:
            self._told_no_route = True
            logger.warning("the hub takes no media uploads yet; media wait on the kiosk")

    def __repr__(self) -> str:
        return f"<MediaSync confirmed={len(self._confirmed)} uploads={self.uploads}>"
