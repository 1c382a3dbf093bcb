"""Outbound posts and alert digests: what the hub tells the world, and caretakers.

News updates (models_updates.FridgeUpdate with `news`) go to the configured publishers
(a signed webhook, a Mastodon-compatible account); alerts go to caretakers' channels
(a signed webhook, e-mail) as rate-limited digests. Both travel through the durable
queue (models_outbound.OutboundItem): rows are written by the publish job
(server/jobs/publish.py), never by a request, and delivered at least once, each with
an Idempotency-Key its receiver can drop repeats by. docs/fridges.md, "Outbound posts
and alerts", is the operator's account.
"""

from server.errors import HubError


class DeliveryFailed(HubError):
    """A publisher did not take a delivery; `permanent` when retrying cannot help."""

    def __init__(
        self, reason: str, *, permanent: bool = False, retry_after_s: float | None = None
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.retry_after_s = retry_after_s
