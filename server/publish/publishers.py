"""The configured publishers and alert channels, each able to send one queued row.

Built from the settings on every run (nothing cached at import): a publisher whose
address is empty does not exist, and its rows wait untouched until it is configured
again. Each `send` takes the row's document and its Idempotency-Key and either returns
(delivered) or raises DeliveryFailed. Secrets stay in these objects: never logged,
never in an error, never in the queue.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate
from typing import Protocol

from server.core.config import Settings
from server.publish import render, signature
from server.publish.transport import SmtpServer, post, send_mail

USER_AGENT = "Storywall-hub"
IDEMPOTENCY_HEADER = "Idempotency-Key"


def idempotency_key(publisher: str, key: str) -> str:
    """The same for every attempt at one row, different for every row: receivers drop
    a repeat by it (a delivery that succeeded just before a crash is sent again)."""
    digest = hashlib.sha256(f"{publisher}\n{key}".encode()).hexdigest()
    return f"storywall-{digest[:40]}"


class Publisher(Protocol):
    """Sends one row's document; raises DeliveryFailed when it was not taken."""

    @property
    def name(self) -> str: ...

    def send(self, document: dict[str, object], key: str, now_ms: int) -> None: ...


@dataclass(frozen=True)
class WebhookPublisher:
    """POSTs the document as JSON, signed (signature.py), with its Idempotency-Key."""

    name: str
    url: str
    secret: str = field(repr=False)

    def send(self, document: dict[str, object], key: str, now_ms: int) -> None:
        body = json.dumps({"id": key, **document}, ensure_ascii=False).encode("utf-8")
        post(
            self.url,
            body=body,
            headers={
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                IDEMPOTENCY_HEADER: key,
                signature.SIGNATURE_HEADER: signature.sign(self.secret, body, now_ms // 1000),
            },
        )


@dataclass(frozen=True)
class MastodonPublisher:
    """Posts a text status (POST /api/v1/statuses) with the fridge page's link.

    No media upload: the link opens the fridge's page with the update's approved
    photo, and a second request per post would double what can fail."""

    url: str
    token: str = field(repr=False)
    visibility: str
    name: str = "mastodon"

    def send(self, document: dict[str, object], key: str, now_ms: int) -> None:
        status = {"status": render.status_text(document), "visibility": self.visibility}
        post(
            self.url.rstrip("/") + "/api/v1/statuses",
            body=json.dumps(status, ensure_ascii=False).encode("utf-8"),
            headers={
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                "Authorization": f"Bearer {self.token}",
                IDEMPOTENCY_HEADER: key,
            },
        )


@dataclass(frozen=True)
class EmailChannel:
    """Mails an alert digest as plain text; its Message-ID is made of the key, so a
    repeat is recognisable as the same message."""

    server: SmtpServer = field(repr=False)
    sender: str
    recipients: tuple[str, ...]
    name: str = "alert_email"

    def send(self, document: dict[str, object], key: str, now_ms: int) -> None:
        message = EmailMessage()
        message["Subject"] = render.digest_subject(document)
        message["From"] = self.sender
        message["To"] = ", ".join(self.recipients)
        message["Date"] = formatdate(now_ms / 1000, usegmt=True)
        message["Message-ID"] = f"<{key}@storywall.invalid>"
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(render.digest_text(document))
        send_mail(self.server, message)


def configured(settings: Settings) -> dict[str, Publisher]:
    """Every publisher and channel the settings turn on, by queue name."""
    found: dict[str, Publisher] = {}
    if settings.publish_webhook_url:
        found["webhook"] = WebhookPublisher(
            "webhook",
            settings.publish_webhook_url,
            settings.publish_webhook_secret.get_secret_value(),
        )
    if settings.mastodon_url:
        found["mastodon"] = MastodonPublisher(
            settings.mastodon_url,
            settings.mastodon_token.get_secret_value(),
            settings.mastodon_visibility,
        )
    if settings.alert_webhook_url:
        found["alert_webhook"] = WebhookPublisher(
            "alert_webhook",
            settings.alert_webhook_url,
            settings.alert_webhook_secret.get_secret_value(),
        )
    if settings.smtp_host:
        found["alert_email"] = EmailChannel(
            SmtpServer(
                host=settings.smtp_host,
                port=settings.smtp_port,
                security=settings.smtp_security,
                user=settings.smtp_user,
                password=settings.smtp_password.get_secret_value(),
            ),
            settings.alert_email_from,
            tuple(settings.alert_email_to.split(",")),
        )
    return found
