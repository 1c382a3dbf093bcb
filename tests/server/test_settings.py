"""Settings: defaults, environment variables, and refusing unsafe production values."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from server.core.config import DEFAULT_SECRET_KEY, Settings
from storywall.protocol import MAX_BODY_BYTES


def test_defaults_put_sqlite_in_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("STORYWALL_ENV", "STORYWALL_DATABASE_URL", "STORYWALL_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert settings.env == "development"
    assert settings.database_url == f"sqlite:///{Path('data') / 'hub.sqlite3'}"
    assert settings.max_body_bytes == MAX_BODY_BYTES


def test_reads_prefixed_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STORYWALL_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("STORYWALL_MAX_BODY_BYTES", "2048")
    settings = Settings()
    assert settings.data_dir == tmp_path
    assert settings.database_url == f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    assert settings.max_body_bytes == 2048


@pytest.mark.parametrize("secret", [DEFAULT_SECRET_KEY, "", "change-me", "x" * 31])
def test_production_refuses_default_or_empty_secret(secret: str) -> None:
    with pytest.raises(ValidationError, match="STORYWALL_SECRET_KEY"):
        Settings(env="production", secret_key=secret)


def test_production_accepts_a_real_secret() -> None:
    settings = Settings(env="production", secret_key="x" * 40)
    assert settings.env == "production"


def test_every_setting_is_described() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description, f"setting {name} has no description"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("bogus", "not a database URL"),
        ("postgresql://hub:s3cret@db:port/hub", "not a database URL"),
        ("mysql://hub:s3cret@db/hub", "sqlite or postgresql"),
        ("postgresql+pg8000://hub:s3cret@db/hub", "driver 'pg8000' is not installed"),
    ],
)
def test_an_unusable_database_url_is_refused_without_echoing_it(url: str, reason: str) -> None:
    with pytest.raises(ValidationError, match="database_url") as refused:
        Settings(database_url=url)
    assert reason in str(refused.value)
    assert "s3cret" not in str(refused.value)


def test_a_data_dir_inside_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    with pytest.raises(ValidationError, match="a-file is a file, not a folder"):
        Settings(data_dir=tmp_path / "a-file" / "hub")


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("", ""),
        ("https://wall.example.org/", "https://wall.example.org"),
        (" http://h:8000 ", "http://h:8000"),
    ],
)
def test_the_public_url_is_an_address_or_nothing(given: str, kept: str) -> None:
    assert Settings(public_url=given).public_url == kept


@pytest.mark.parametrize(
    "url", ["wall.example.org", "ftp://wall.example.org", "https://", "https://h/?a=1"]
)
def test_a_public_url_that_is_not_an_address_is_refused(url: str) -> None:
    with pytest.raises(ValidationError, match="public_url"):
        Settings(public_url=url)


def test_play_rules_default_to_the_protocol_and_are_checked() -> None:
    from storywall.protocol import PlayRules

    assert Settings().play_rules == PlayRules()
    with pytest.raises(ValidationError, match="play_burst_presses"):
        Settings(play_burst_presses=1)
