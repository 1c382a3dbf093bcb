"""The two ways the hub delivers: an HTTP POST and an SMTP submission, both bounded.

Plain `http.client`, not a client library: one POST, no redirects followed (a
publisher that moved is a configuration to fix, and a redirect must not carry the
token elsewhere), no proxy from the environment, a timeout on every network step, and
at most a few KB of the answer read. What goes wrong comes back as DeliveryFailed with
a short reason fit for `outbound_item.last_error`: never a URL (a webhook's address
may hold a token), never a header.
"""

from __future__ import annotations

import http.client
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import urlsplit

from server.log_config import redact
from server.publish import DeliveryFailed

TIMEOUT_S = 10.0
MAX_ANSWER_BYTES = 4096
# Answers that the same request will get again however often it is retried.
PERMANENT_STATUSES = frozenset({400, 404, 405, 410, 413, 415, 422})
# Mailbox and policy refusals; a 530 (log in first) is a setting to fix, so retried.
PERMANENT_SMTP_CODES = frozenset({550, 551, 552, 553, 554})


def post(url: str, *, body: bytes, headers: dict[str, str], timeout_s: float = TIMEOUT_S) -> int:
    """POST `body` to `url`; its 2xx status, else DeliveryFailed."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(
            host, parts.port, timeout=timeout_s, context=ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(host, parts.port, timeout=timeout_s)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        answer = response.read(MAX_ANSWER_BYTES)
        status, retry_after = response.status, response.getheader("Retry-After")
    except TimeoutError:
        raise DeliveryFailed("timed out") from None
    except ssl.SSLError as error:
        raise DeliveryFailed(f"TLS: {error.reason or 'handshake failed'}") from None
    except (OSError, http.client.HTTPException) as error:
        raise DeliveryFailed(_network_reason(error)) from None
    finally:
        connection.close()
    if 200 <= status < 300:
        return status
    raise DeliveryFailed(
        f"HTTP {status}{_snippet(answer)}",
        permanent=status in PERMANENT_STATUSES,
        retry_after_s=_seconds(retry_after),
    )


def _network_reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror[:80].lower()
    return type(error).__name__


def _snippet(answer: bytes) -> str:
    """The start of an error answer (Mastodon says why in it), credentials redacted."""
    text = " ".join(answer[:120].decode("utf-8", "replace").split())
    return f": {redact(text)}" if text else ""


def _seconds(retry_after: str | None) -> float | None:
    """Retry-After in seconds (its HTTP-date form is rare from APIs and is ignored)."""
    try:
        return max(0.0, float(retry_after)) if retry_after else None
    except ValueError:
        return None


@dataclass(frozen=True)
class SmtpServer:
    """Where e-mail goes out, and how to log in."""

    host: str
    port: int
    security: str  # "starttls", "ssl" or "none"
    user: str
    password: str


def send_mail(server: SmtpServer, message: EmailMessage, timeout_s: float = TIMEOUT_S) -> None:
    """Submit `message`; DeliveryFailed when the server does not take it."""
    context = ssl.create_default_context()
    client: smtplib.SMTP | None = None
    try:
        if server.security == "ssl":
            client = smtplib.SMTP_SSL(server.host, server.port, timeout=timeout_s, context=context)
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=timeout_s)
            if server.security == "starttls":
                client.starttls(context=context)
        if server.user:
            client.login(server.user, server.password)
        client.send_message(message)
    except smtplib.SMTPRecipientsRefused:
        raise DeliveryFailed("SMTP: every recipient refused", permanent=True) from None
    except smtplib.SMTPAuthenticationError as error:
        raise DeliveryFailed(f"SMTP {error.smtp_code}: login refused") from None
    except smtplib.SMTPResponseException as error:
        raise DeliveryFailed(
            f"SMTP {error.smtp_code}", permanent=error.smtp_code in PERMANENT_SMTP_CODES
        ) from None
    except TimeoutError:
        raise DeliveryFailed("SMTP: timed out") from None
    except ssl.SSLError as error:
        raise DeliveryFailed(f"SMTP TLS: {error.reason or 'handshake failed'}") from None
    except (OSError, smtplib.SMTPException) as error:
        raise DeliveryFailed(f"SMTP: {_network_reason(error)}") from None
    finally:
        if client is not None:
            try:
                client.quit()
            except (OSError, smtplib.SMTPException):
                client.close()
