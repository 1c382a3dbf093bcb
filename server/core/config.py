"""The hub's settings: one pydantic-settings class, read from `STORYWALL_*` variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from storywall.protocol import MAX_BODY_BYTES

# The value shipped in the code; fine on a laptop, refused in production.
DEFAULT_SECRET_KEY = "changethis"  # noqa: S105 (a known placeholder, refused in production)


class InsecureSettingsError(ValueError):
    """A setting has a value that is unsafe where the hub is told it runs."""


class Settings(BaseSettings):
    """Every knob of the hub, with its default and what it means.

    Each field's `description` is the help text for the documented settings table.
    """

    model_config = SettingsConfigDict(env_prefix="STORYWALL_", extra="ignore", frozen=True)

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
        default="http://localhost:8000",
        description="The address the public reaches the hub at (used in links and QR codes).",
    )

    @model_validator(mode="after")
    def _derive_and_check(self) -> Settings:
        if not self.database_url:
            # frozen model: set the derived default through object.__setattr__.
            url = f"sqlite:///{self.data_dir / 'hub.sqlite3'}"
            object.__setattr__(self, "database_url", url)
        if self.env == "production" and self.secret_key in ("", DEFAULT_SECRET_KEY):
            raise InsecureSettingsError(
                "STORYWALL_SECRET_KEY must be set to a long random value when "
                "STORYWALL_ENV=production (try: python -c 'import secrets; "
                "print(secrets.token_urlsafe(32))')"
            )
        return self
