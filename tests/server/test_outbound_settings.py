"""The outbound settings: each publisher whole or refused, no secret sent in clear in
production, and no secret in a log line, an error or the queue."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import pytest
from fastapi import FastAPI
from pydantic import ValidationError
from sqlalchemy import Engine
from sqlmodel import Session

from server.core.config import Settings
from server.jobs import run_due_jobs
from server.models_fridge import Fridge
from server.publish import signature
from server.publish.publishers import configured
from tests.server.conftest import FakeClock, Seed
from tests.server.test_outbound import add_updates, outbound_settings, rows
from tests.support.loopback import http_receiver

KEY = "k" * 40


def make(tmp_path: Path, **values: object) -> Settings:
    return Settings(data_dir=tmp_path, **values)  # type: ignore[arg-type]


def test_nothing_is_configured_by_default(tmp_path: Path) -> None:
    assert configured(make(tmp_path)) == {}


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"publish_webhook_url": "https://hooks.example.org/x"}, "needs its secret"),
        ({"mastodon_url": "https://social.example.org", "mastodon_token": "short"}, "token"),
        ({"alert_webhook_url": "ftp://example.org", "alert_webhook_secret": KEY}, "http"),
        (
            {"publish_webhook_url": "https://u:p@example.org", "publish_webhook_secret": KEY},
            "password",
        ),
        ({"smtp_host": "mail.example.org"}, "alert_email_from"),
        ({"alert_email_to": "care@example.org, not an address"}, "not an e-mail address"),
        ({"alert_email_from": "hub@example.org\r\nBcc: x@example.org"}, "not an e-mail address"),
        (
            {
                "smtp_host": "mail.example.org",
                "smtp_security": "none",
                "smtp_password": "hunter2",
                "alert_email_from": "hub@example.org",
                "alert_email_to": "care@example.org",
            },
            "in clear",
        ),
        (
            {
                "env": "production",
                "secret_key": KEY,
                "mastodon_url": "http://social.example.org",
                "mastodon_token": KEY,
            },
            "must be https",
        ),
    ],
)
def test_a_half_or_unsafe_publisher_is_refused(
    tmp_path: Path, values: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        make(tmp_path, **values)


def test_a_whole_configuration_turns_each_one_on_and_hides_its_secrets(tmp_path: Path) -> None:
    settings = make(
        tmp_path,
        env="production",
        secret_key=KEY,
        publish_webhook_url="https://hooks.example.org/fridges",
        publish_webhook_secret="webhook-" + KEY,
        mastodon_url="https://social.example.org",
        mastodon_token="token-" + KEY,
        alert_webhook_url="http://127.0.0.1:9000/alerts",  # this machine: fine in production
        alert_webhook_secret="alerts-" + KEY,
        smtp_host="mail.example.org",
        smtp_password="smtp-" + KEY,
        alert_email_from="hub@example.org",
        alert_email_to=" care@example.org ,second@example.org",
    )
    publishers = configured(settings)
    assert sorted(publishers) == ["alert_email", "alert_webhook", "mastodon", "webhook"]
    assert settings.alert_email_to == "care@example.org,second@example.org"
    shown = repr(settings) + repr(publishers) + str(settings.model_dump())
    for secret in ("webhook-", "token-", "alerts-", "smtp-"):
        assert secret + KEY not in shown


def test_no_secret_reaches_the_log_or_the_queue(
    app: FastAPI,
    engine: Engine,
    session: Session,
    seed: Seed,
    fridge: Fridge,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    add_updates(session, seed, clock, 2)
    with http_receiver() as receiver:
        settings = outbound_settings(
            app.state.settings,
            publish_webhook_url=receiver.url + "/hook/path-token-123",
            publish_webhook_secret="webhook-" + KEY,
            mastodon_url=receiver.url,
            mastodon_token="token-" + KEY,
        )
        receiver.script = [401, 500, 503, 401]
        with caplog.at_level(logging.DEBUG):
            run_due_jobs(engine, settings, clock.now_ms, "hub-a", only={"publish"})
    assert len(receiver.requests) == 4
    text = caplog.text + repr(rows(engine))
    assert "HTTP 401" in text and "HTTP 503" in text
    for secret in ("webhook-" + KEY, "token-" + KEY, "path-token-123"):
        assert secret not in text


def test_the_receiver_check_in_the_docs_accepts_our_signatures_only() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "fridges.md").read_text("utf-8")
    snippet = docs.split("```python\n", 1)[1].split("```", 1)[0]
    assert "def verified(" in snippet
    namespace: dict[str, object] = {}
    exec(compile(snippet, "docs/fridges.md", "exec"), namespace)  # noqa: S102 (our own docs)
    verified = namespace["verified"]
    assert callable(verified)
    body = json.dumps({"id": "storywall-1", "type": "fridge.update"}).encode()
    header = signature.sign(KEY, body, int(time.time()))
    assert verified(KEY, header, body)
    assert not verified(KEY, header, body + b" ")
    assert not verified("another-" + KEY, header, body)
    assert not verified(KEY, signature.sign(KEY, body, int(time.time()) - 600), body)
