"""Receivers on loopback for the hub's outbound deliveries: an HTTP server and an SMTP
server, each real (sockets, threads) and bound to 127.0.0.1 on a free port.

`HttpReceiver` answers each POST with the next status of its script (then 200) and
keeps every request; `SmtpReceiver` speaks enough SMTP (RFC 5321: EHLO/HELO, MAIL,
RCPT, DATA, RSET, NOOP, QUIT; STARTTLS or TLS from the first byte, and AUTH PLAIN,
when given a certificate and a login) for smtplib and keeps every message.
"""

from __future__ import annotations

import base64
import email
import socketserver
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Received:
    """One request as the receiver saw it."""

    path: str
    headers: dict[str, str]
    body: bytes


class HttpReceiver:
    """A webhook or Mastodon endpoint: scripted statuses, every request kept."""

    def __init__(self) -> None:
        self.requests: list[Received] = []
        self.script: list[int] = []
        self.retry_after: str | None = None
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                with receiver._lock:
                    receiver.requests.append(
                        Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                    )
                    status = receiver.script.pop(0) if receiver.script else 200
                self.send_response(status)
                if status == 429 and receiver.retry_after:
                    self.send_header("Retry-After", receiver.retry_after)
                answer = b'{"error":"scripted failure"}' if status >= 400 else b"{}"
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> None:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@contextmanager
def http_receiver() -> Iterator[HttpReceiver]:
    """An HttpReceiver serving for the duration of the block."""
    receiver = HttpReceiver()
    receiver.start()
    try:
        yield receiver
    finally:
        receiver.stop()


@dataclass(frozen=True)
class Mail:
    """One message the SMTP receiver accepted, and how it came."""

    sender: str
    recipients: list[str]
    message: Message
    encrypted: bool
    login: str | None


class SmtpReceiver:
    """A mail server that accepts every message and keeps it.

    With `tls` (a server context): `security="starttls"` offers STARTTLS and refuses
    mail before it, `"ssl"` speaks TLS from the first byte. With `login` (user,
    password): AUTH PLAIN is offered (after TLS) and required."""

    def __init__(
        self,
        *,
        tls: ssl.SSLContext | None = None,
        security: str = "none",
        login: tuple[str, str] | None = None,
    ) -> None:
        self.mails: list[Mail] = []
        receiver = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(line.encode("ascii") + b"\r\n")
                self.wfile.flush()

            def start_tls(self) -> None:
                assert tls is not None
                self.connection = tls.wrap_socket(self.connection, server_side=True)
                self.rfile = self.connection.makefile("rb")
                self.wfile = self.connection.makefile("wb")

            def handle(self) -> None:
                encrypted = security == "ssl"
                if encrypted:
                    self.start_tls()
                self.reply("220 loopback ESMTP")
                sender, recipients, user = "", [], None
                while raw := self.rfile.readline():
                    command = raw.decode("utf-8", "replace").rstrip("\r\n")
                    verb = command[:4].upper()
                    if verb == "EHLO":
                        offers = ["8BITMIME"]
                        if security == "starttls" and not encrypted:
                            offers.append("STARTTLS")
                        elif login:
                            offers.append("AUTH PLAIN")
                        for offer in offers[:-1]:
                            self.reply(f"250-{offer}")
                        self.reply(f"250 {offers[-1]}")
                    elif command.upper() == "STARTTLS" and security == "starttls":
                        self.reply("220 go ahead")
                        self.start_tls()
                        encrypted = True
                    elif command.upper().startswith("AUTH PLAIN ") and login and encrypted:
                        _zid, name, password = (
                            base64.b64decode(command.split()[2]).decode().split("\0")
                        )
                        if (name, password) == login:
                            user = name
                            self.reply("235 ok")
                        else:
                            self.reply("535 no")
                    elif verb == "HELO" or verb == "NOOP":
                        self.reply("250 ok")
                    elif verb == "MAIL":
                        if (security != "none" and not encrypted) or (login and user is None):
                            self.reply("530 encrypt and log in first")
                            continue
                        sender, recipients = command.split(":", 1)[1].strip(" <>"), []
                        self.reply("250 ok")
                    elif verb == "RCPT":
                        recipients.append(command.split(":", 1)[1].strip(" <>"))
                        self.reply("250 ok")
                    elif verb == "RSET":
                        sender, recipients = "", []
                        self.reply("250 ok")
                    elif verb == "DATA":
                        self.reply("354 end with <CRLF>.<CRLF>")
                        lines: list[bytes] = []
                        while (line := self.rfile.readline()) not in (b".\r\n", b""):
                            lines.append(line[1:] if line.startswith(b"..") else line)
                        message = email.message_from_bytes(b"".join(lines))
                        receiver.mails.append(Mail(sender, recipients, message, encrypted, user))
                        self.reply("250 queued")
                    elif verb == "QUIT":
                        self.reply("221 bye")
                        return
                    else:
                        self.reply("502 not implemented")

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = int(self._server.server_address[1])

    def start(self) -> None:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@contextmanager
def smtp_receiver(
    *,
    tls: ssl.SSLContext | None = None,
    security: str = "none",
    login: tuple[str, str] | None = None,
) -> Iterator[SmtpReceiver]:
    """An SmtpReceiver serving for the duration of the block."""
    receiver = SmtpReceiver(tls=tls, security=security, login=login)
    receiver.start()
    try:
        yield receiver
    finally:
        receiver.stop()
