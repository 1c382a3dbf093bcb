"""Alert digests: caretakers hear of every alert raised or cleared, through a signed
webhook and e-mail on loopback, in at most one digest per channel per
`alert_digest_minutes`, however many alerts come. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import shutil
import ssl
import subprocess
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from server.alerts import clear_alert, raise_alert
from server.jobs import run_due_jobs
from server.models_fridge import Fridge
from server.models_updates import Alert
from server.publish import signature
from server.publish.queue import counts
from tests.server.conftest import FakeClock, Seed
from tests.server.test_outbound import outbound_settings, rows
from tests.support.loopback import http_receiver, smtp_receiver

SECRET = "alert-secret-0123456789abcdef"
MINUTE = 60_000


def raise_many(session: Session, seed: Seed, clock: FakeClock, count: int, tag: str) -> None:
    """`count` alerts a few seconds apart, alternating the two sites, committed."""
    sites = [seed.other_site.id, seed.site.id]
    for n in range(count):
        site_id = sites[n % 2]
        assert site_id is not None
        raise_alert(
            session,
            site_id=site_id,
            kind="door_open",
            key=f"door_open:{tag}:{n}",
            message=f"Door open for {n + 5} min ({tag} {n})",
            now_ms=clock.now_ms + n * 3000,
        )
    session.commit()


def test_fifty_alerts_make_one_digest_and_the_next_waits_for_its_minutes(
    app: FastAPI, engine: Engine, session: Session, seed: Seed, fridge: Fridge, clock: FakeClock
) -> None:
    with http_receiver() as receiver, smtp_receiver() as mail:
        settings = outbound_settings(
            app.state.settings,
            alert_webhook_url=receiver.url + "/alerts",
            alert_webhook_secret=SECRET,
            smtp_host="127.0.0.1",
            smtp_port=mail.port,
            smtp_security="none",
            alert_email_from="hub@fridges.example.org",
            alert_email_to="care@example.org, second@example.org",
        )
        start = clock.now_ms
        raise_many(session, seed, clock, 50, "first")  # 50 alerts within 2.5 minutes
        clock.now_ms = start + 3 * MINUTE
        run_due_jobs(engine, settings, clock.now_ms, "hub-a", only={"publish"})
        assert len(receiver.requests) == 1 and len(mail.mails) == 1

        # More alerts, and some of the first cleared: nothing goes out for 15 minutes.
        raise_many(session, seed, clock, 4, "second")
        for n in range(3):
            clear_alert(session, key=f"door_open:first:{n}", now_ms=clock.now_ms + MINUTE)
        session.commit()
        for minutes in (4, 8, 12, 17):
            clock.now_ms = start + minutes * MINUTE
            run_due_jobs(engine, settings, clock.now_ms, "hub-a", only={"publish"})
            assert len(receiver.requests) == 1 and len(mail.mails) == 1, minutes
        clock.now_ms = start + 18 * MINUTE  # 15 minutes after the first digest
        run_due_jobs(engine, settings, clock.now_ms, "hub-a", only={"publish"})
        assert len(receiver.requests) == 2 and len(mail.mails) == 2
        # Nothing new: no third digest, however long.
        clock.now_ms = start + 120 * MINUTE
        run_due_jobs(engine, settings, clock.now_ms, "hub-a", only={"publish"})

    assert len(receiver.requests) == 2 and len(mail.mails) == 2
    assert counts(engine) == {"pending": 0, "delivered": 4, "failed": 0}
    first, second = (json.loads(request.body) for request in receiver.requests)
    for request in receiver.requests:
        assert request.path == "/alerts"
        header = request.headers[signature.SIGNATURE_HEADER.lower()]
        timestamp = int(header.split(",")[0].removeprefix("t="))
        assert signature.verify(SECRET, header, request.body, now_s=timestamp)
    assert (first["type"], first["raised"], first["cleared"]) == ("alerts.digest", 50, 0)
    # Grouped by fridge (by name), each listing its alerts oldest first.
    assert [group["name"] for group in first["fridges"]] == ["Harbour Fridge", "Riverside Park"]
    harbour = first["fridges"][0]["alerts"]
    assert [a["message"] for a in harbour] == [
        f"Door open for {n + 5} min (first {n})" for n in range(0, 50, 2)
    ]
    assert harbour[0]["raised_local"] == "2025-06-21 08:00"  # New York time
    assert first["fridges"][1]["alerts"][0]["raised_local"] == "2025-06-21 13:00"  # London
    assert (second["raised"], second["cleared"]) == (4, 3)
    listed = {a["key"]: a["state"] for g in second["fridges"] for a in g["alerts"]}
    assert listed == {
        **{f"door_open:second:{n}": "raised" for n in range(4)},
        **{f"door_open:first:{n}": "cleared" for n in range(3)},
    }
    # Every alert is marked told, as raised and (when cleared) as cleared.
    alerts = session.exec(select(Alert).order_by(col(Alert.id))).all()
    assert all(alert.told_raised_ms is not None for alert in alerts)
    assert sum(alert.told_cleared_ms is not None for alert in alerts) == 3

    # The e-mails say the same, in text, to every recipient.
    mail_one, mail_two = mail.mails
    assert mail_one.sender == "hub@fridges.example.org"
    assert mail_one.recipients == ["care@example.org", "second@example.org"]
    assert mail_one.message["Subject"] == "Storywall alerts: 50 new, 0 cleared"
    assert mail_two.message["Subject"] == "Storywall alerts: 4 new, 3 cleared"
    assert mail_one.message["Auto-Submitted"] == "auto-generated"
    text = mail_two.message.get_payload(decode=True).decode("utf-8")
    assert "Harbour Fridge  https://fridges.example.org/fridges/harbour" in text
    assert (
        "  CLEARED  2025-06-21 08:04  Door open for 5 min (first 0) (raised 2025-06-21 08:00)"
        in text
    )
    assert "  NEW      2025-06-21 13:03  Door open for 6 min (second 1)" in text
    assert mail_one.message["Message-ID"] != mail_two.message["Message-ID"]


def test_a_digest_waits_in_the_queue_while_the_mail_server_is_away(
    app: FastAPI, engine: Engine, session: Session, seed: Seed, fridge: Fridge, clock: FakeClock
) -> None:
    with smtp_receiver() as mail:
        port = mail.port
    settings = outbound_settings(
        app.state.settings,
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_security="none",
        alert_email_from="hub@fridges.example.org",
        alert_email_to="care@example.org",
    )
    raise_many(session, seed, clock, 2, "away")
    run_due_jobs(engine, settings, clock.now_ms, "hub-a", only={"publish"})
    assert counts(engine) == {"pending": 1, "delivered": 0, "failed": 0}
    # The alerts are told (the digest holds them), so no second digest repeats them.
    clock.now_ms += 20 * MINUTE
    run_due_jobs(engine, settings, clock.now_ms, "hub-a", only={"publish"})
    assert counts(engine)["pending"] == 1
    # The mail server is back (on another port: a setting changed): the digest goes.
    with smtp_receiver() as mail:
        back = outbound_settings(
            settings,
            smtp_port=mail.port,
            smtp_host="127.0.0.1",
            smtp_security="none",
            alert_email_from="hub@fridges.example.org",
            alert_email_to="care@example.org",
        )
        clock.now_ms += 60 * MINUTE
        run_due_jobs(engine, back, clock.now_ms, "hub-a", only={"publish"})
    assert counts(engine) == {"pending": 0, "delivered": 1, "failed": 0}
    (delivered,) = mail.mails
    assert delivered.message["Subject"] == "Storywall alerts: 2 new, 0 cleared"


def test_with_no_channel_alerts_wait_untold(
    app: FastAPI, engine: Engine, session: Session, seed: Seed, fridge: Fridge, clock: FakeClock
) -> None:
    raise_many(session, seed, clock, 3, "quiet")
    run_due_jobs(engine, app.state.settings, clock.now_ms, "hub-a", only={"publish"})
    alerts = session.exec(select(Alert)).all()
    assert len(alerts) == 3 and all(alert.told_raised_ms is None for alert in alerts)
    assert counts(engine) == {"pending": 0, "delivered": 0, "failed": 0}


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key (made by openssl)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed: no certificate for the TLS mail tests")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_mail_goes_encrypted_with_a_login_and_only_to_a_trusted_server(
    app: FastAPI,
    engine: Engine,
    session: Session,
    seed: Seed,
    fridge: Fridge,
    clock: FakeClock,
    certificate: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    security: str,
) -> None:
    cert, key = certificate
    server_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_tls.load_cert_chain(cert, key)
    login = ("care-hub", "smtp-password-0123456789")
    raise_many(session, seed, clock, 2, "tls")
    with smtp_receiver(tls=server_tls, security=security, login=login) as mail:
        settings = outbound_settings(
            app.state.settings,
            smtp_host="127.0.0.1",
            smtp_port=mail.port,
            smtp_security=security,
            smtp_user=login[0],
            smtp_password=login[1],
            alert_email_from="hub@fridges.example.org",
            alert_email_to="care@example.org",
        )
        # The hub trusts the system's certificates only: this one is refused.
        run_due_jobs(engine, settings, clock.now_ms, "hub-a", only={"publish"})
        assert mail.mails == []
        (row,) = rows(engine)
        assert str(row["last_error"]).startswith("SMTP TLS: CERTIFICATE_VERIFY_FAILED")
        # Once the server's certificate is trusted, the digest goes, encrypted.
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        clock.now_ms = int(str(row["next_try_ms"]))
        run_due_jobs(engine, settings, clock.now_ms, "hub-a", only={"publish"})
    (delivered,) = mail.mails
    assert delivered.encrypted and delivered.login == "care-hub"
    assert delivered.message["Subject"] == "Storywall alerts: 2 new, 0 cleared"
