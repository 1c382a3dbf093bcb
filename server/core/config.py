"""The hub's settings: one pydantic-settings class, read from `STORYWALL_*` variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from storywall.protocol import MAX_BODY_BYTES
from storywall.protocol.config import PlayRules

# The protocol's defaults, which the hub sends unless its settings say otherwise.
_PLAY = PlayRules()

SUPPORTED_DATABASES = ("sqlite", "postgresql")
# The value shipped in the code; fine on a laptop, refused in production.
DEFAULT_SECRET_KEY = "changethis"  # noqa: S105 (a known placeholder, refused in production)
# A hand-typed "change-me" must not pass for a secret: what the installer writes is 64.
MIN_SECRET_CHARS = 32


class InsecureSettingsError(ValueError):
    """A setting has a value that is unsafe where the hub is told it runs."""


class Settings(BaseSettings):
    """Every knob of the hub, with its default and what it means.

    Each field's `description` is the help text for the documented settings table.
    """

    # hide_input_in_errors: a refused database URL may carry a password.
    model_config = SettingsConfigDict(
        env_prefix="STORYWALL_", extra="ignore", frozen=True, hide_input_in_errors=True
    )

    env: Literal["development", "production"] = Field(
        default="development",
        description="Where the hub runs. `production` refuses unsafe defaults such as the "
        "default secret key.",
    )
    data_dir: Path = Field(
        default=Path("data"),
        description="Directory for the hub's runtime data (the SQLite database, later media).",
    )
    database_url: str = Field(
        default="",
        description="SQLAlchemy database URL. Empty means the SQLite file `hub.sqlite3` in "
        "`data_dir`. PostgreSQL: `postgresql+psycopg://user:pass@host/dbname`.",
    )
    secret_key: str = Field(
        default=DEFAULT_SECRET_KEY,
        description="Secret used to sign links and sessions. Must be set (and not the default) "
        "when `env` is `production`.",
    )
    max_body_bytes: int = Field(
        default=MAX_BODY_BYTES,
        ge=1,
        description="Largest request body the hub reads, in bytes; larger requests get 413.",
    )
    public_url: str = Field(
        default="",
        description="The address the public reaches the hub at, e.g. `https://wall.example.org` "
        "(links, and the QR code on a kiosk's thank-you screen). Empty: kiosks show no QR code.",
    )
    play_min_interval_ms: int = Field(
        default=_PLAY.min_interval_ms,
        ge=0,
        le=60_000,
        description="Kiosks count a press as play (button mashing, not opinion) when it comes "
        "sooner than this after the previous one.",
    )
    play_burst_presses: int = Field(
        default=_PLAY.burst_presses,
        ge=2,
        le=100,
        description="... or when more than this many presses come within `play_burst_window_ms`.",
    )
    play_burst_window_ms: int = Field(
        default=_PLAY.burst_window_ms,
        ge=100,
        le=60_000,
        description="The window of `play_burst_presses`, in milliseconds.",
    )

    background_jobs: bool = Field(
        default=True,
        description="Run the background jobs (food-safety checks, outbound posts, rota "
        "reminders) in this process. Every worker may run them: a lease in the database "
        "makes each due run happen once.",
    )

    # The organisers' sign-in (docs/accounts.md): per e-mail address, whether or not an
    # account has it, so the lock-out tells nobody which addresses exist.
    login_lock_after: int = Field(
        default=5,
        ge=2,
        le=100,
        description="Failed sign-ins for one e-mail address (within `login_lock_minutes` of "
        "each other) after which it is locked; every worker counts together.",
    )
    login_lock_minutes: int = Field(
        default=15,
        ge=1,
        le=1440,
        description="How long a locked address waits before it may try again, in minutes.",
    )

    # Outbound publishers and alert channels (server/publish/, docs/fridges.md): each
    # is off while its address is empty.
    publish_webhook_url: str = Field(
        default="",
        description="Where news updates about fridges are POSTed as signed JSON. Empty: off.",
    )
    publish_webhook_secret: SecretStr = Field(
        default=SecretStr(""),
        description="Shared secret that signs those POSTs (`Storywall-Signature`); required "
        "with `publish_webhook_url`.",
    )
    mastodon_url: str = Field(
        default="",
        description="A Mastodon-compatible instance that news updates are posted to as "
        "statuses, e.g. `https://social.example.org`. Empty: off.",
    )
    mastodon_token: SecretStr = Field(
        default=SecretStr(""),
        description="That account's access token (scope `write:statuses`); required with "
        "`mastodon_url`.",
    )
    mastodon_visibility: Literal["public", "unlisted", "private"] = Field(
        default="unlisted",
        description="Visibility of those statuses: `unlisted` reaches followers without "
        "filling public timelines with every restock.",
    )
    alert_webhook_url: str = Field(
        default="",
        description="Where caretakers' alert digests are POSTed as signed JSON. Empty: off.",
    )
    alert_webhook_secret: SecretStr = Field(
        default=SecretStr(""),
        description="Shared secret that signs alert digests; required with `alert_webhook_url`.",
    )
    smtp_host: str = Field(
        default="",
        description="SMTP server that alert digests are e-mailed through. Empty: no e-mail.",
    )
    smtp_port: int = Field(default=587, ge=1, le=65535, description="Its port.")
    smtp_security: Literal["starttls", "ssl", "none"] = Field(
        default="starttls",
        description="`starttls` (port 587), `ssl` (port 465), or `none` (only for a relay on "
        "this machine: refused with a password to any other host).",
    )
    smtp_user: str = Field(default="", description="SMTP login; empty: no login.")
    smtp_password: SecretStr = Field(default=SecretStr(""), description="SMTP password.")
    alert_email_from: str = Field(
        default="", description="The From address of alert e-mails (required with `smtp_host`)."
    )
    alert_email_to: str = Field(
        default="",
        description="Who receives alert e-mails: addresses separated by commas (required "
        "with `smtp_host`).",
    )
    alert_digest_minutes: int = Field(
        default=15,
        ge=1,
        le=1440,
        description="At most one alert digest per channel this often; every alert raised or "
        "cleared in between is listed in the next.",
    )
    wall_stream_seconds: float = Field(
        default=300.0,
        ge=0,
        le=3600,
        description="How long one live wall stream (GET /wall/events) stays open; the page then "
        "reconnects. 0 sends the current marker and ends at once.",
    )
    wall_streams_per_worker: int = Field(
        default=500,
        ge=1,
        le=100_000,
        description="The most live wall streams one worker serves at once; one more is "
        "answered 503 with Retry-After (the page then reloads itself every minute).",
    )
    wall_stream_poll_ms: int = Field(
        default=2000,
        ge=100,
        le=60_000,
        description="How often each live wall stream reads the wall's change marker from the "
        "database.",
    )

    # The kiosk fleet (docs/fleet.md).
    kiosk_silent_minutes: int = Field(
        default=30,
        ge=5,
        le=10080,
        description="A kiosk not heard from for longer than this (no push, pull or upload) "
        "is flagged silent on the dashboard and raises a `kiosk_silent` alert for the alert "
        "digest; the alert clears when the kiosk is heard from again.",
    )
    kiosk_requests_per_minute: int = Field(
        default=1200,
        ge=10,
        le=100_000,
        description="Requests one kiosk token may make to the sync API per minute (push, "
        "config and wall pulls, media uploads, drop-off links), counted in the database so "
        "every worker shares it; past it the hub answers 429 with Retry-After and the kiosk "
        "backs off, keeping its data.",
    )

    @field_validator("data_dir")
    @classmethod
    def _data_dir_is_a_folder(cls, data_dir: Path) -> Path:
        for existing in (data_dir, *data_dir.parents):
            if existing.exists():
                if not existing.is_dir():
                    raise ValueError(f"{existing} is a file, not a folder")
                break
        return data_dir

    @field_validator("public_url")
    @classmethod
    def _public_url_is_an_address(cls, url: str) -> str:
        url = url.strip().rstrip("/")
        if not url:
            return url
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("use an http:// or https:// address with a host, or leave it empty")
        if parts.query or parts.fragment:
            raise ValueError("an address without ?query or #fragment")
        return url

    @field_validator("publish_webhook_url", "mastodon_url", "alert_webhook_url")
    @classmethod
    def _outbound_url_is_an_address(cls, url: str) -> str:
        url = url.strip()
        if not url:
            return url
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("use an http:// or https:// address with a host, or leave it empty")
        if parts.username or parts.password:
            raise ValueError("put no password in the address: use the secret or token setting")
        return url

    @field_validator("alert_email_from", "alert_email_to")
    @classmethod
    def _addresses_look_like_addresses(cls, value: str) -> str:
        for address in (part.strip() for part in value.split(",")):
            if address and (address.count("@") != 1 or any(c in address for c in " <>\r\n\"'")):
                raise ValueError(f"not an e-mail address: {address!r}")
        return ",".join(part.strip() for part in value.split(",") if part.strip())

    @property
    def play_rules(self) -> PlayRules:
        """The play rules every kiosk pulls."""
        return PlayRules(
            min_interval_ms=self.play_min_interval_ms,
            burst_presses=self.play_burst_presses,
            burst_window_ms=self.play_burst_window_ms,
        )

    @field_validator("database_url")
    @classmethod
    def _database_url_is_usable(cls, url: str) -> str:
        if not url:
            return url
        try:
            dialect = make_url(url).get_dialect()
        except NoSuchModuleError:  # before ArgumentError, its base class
            dialect = None
        except ArgumentError:
            raise ValueError(
                "not a database URL (e.g. postgresql+psycopg://user:pass@host/db)"
            ) from None
        except ValueError as error:  # e.g. a port that is not a number
            raise ValueError(f"not a database URL: {error}") from None
        if dialect is None or dialect.name not in SUPPORTED_DATABASES:
            kind = url.split(":", 1)[0]
            raise ValueError(f"the hub runs on sqlite or postgresql+psycopg, not {kind!r}")
        try:
            dialect.import_dbapi()
        except ImportError as error:
            raise ValueError(
                f"its driver {error.name or dialect.driver!r} is not installed "
                "(PostgreSQL: pip install 'storywall[hub,postgres]')"
            ) from None
        return url

    @model_validator(mode="after")
    def _derive_and_check(self) -> Settings:
        if not self.database_url:
            # frozen model: set the derived default through object.__setattr__.
            url = f"sqlite:///{self.data_dir / 'hub.sqlite3'}"
            object.__setattr__(self, "database_url", url)
        if self.env == "production" and (
            self.secret_key == DEFAULT_SECRET_KEY or len(self.secret_key) < MIN_SECRET_CHARS
        ):
            raise InsecureSettingsError(
                f"STORYWALL_SECRET_KEY must be set to a long random value (at least "
                f"{MIN_SECRET_CHARS} characters) when STORYWALL_ENV=production "
                "(try: python -c 'import secrets; print(secrets.token_urlsafe(32))')"
            )
        self._check_outbound()
        return self

    def _check_outbound(self) -> None:
        """Each publisher and channel whole, and no secret sent in clear in production."""
        pairs = (
            ("publish_webhook_url", self.publish_webhook_url, self.publish_webhook_secret),
            ("mastodon_url", self.mastodon_url, self.mastodon_token),
            ("alert_webhook_url", self.alert_webhook_url, self.alert_webhook_secret),
        )
        for name, url, secret in pairs:
            if url and len(secret.get_secret_value()) < 16:
                raise ValueError(f"{name} needs its secret or token (at least 16 characters)")
            if url and self.env == "production" and not _is_safe_address(url):
                raise InsecureSettingsError(f"{name} must be https:// in production")
        if self.smtp_host:
            if not self.alert_email_from or not self.alert_email_to:
                raise ValueError("smtp_host needs alert_email_from and alert_email_to")
            if (
                self.smtp_security == "none"
                and self.smtp_password.get_secret_value()
                and not _is_loopback(self.smtp_host)
            ):
                raise InsecureSettingsError(
                    "smtp_security=none would send the SMTP password in clear: use starttls or ssl"
                )


def _is_loopback(host: str) -> bool:
    return host in ("localhost", "127.0.0.1", "::1")


def _is_safe_address(url: str) -> bool:
    """https, or plain http to this machine (a relay beside the hub)."""
    parts = urlsplit(url)
    return parts.scheme == "https" or _is_loopback(parts.hostname or "")
