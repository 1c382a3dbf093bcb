"""GET /api/v1/provision/{code}: a one-time link hands a kiosk its kiosk.toml.

Through the ASGI app on a real SQLite file (and PostgreSQL when configured): the
answer is a kiosk.toml the kiosk's own loader accepts, its token is the one the hub
now takes, and a link works once, before it expires, and never after a newer one.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import threading
import tomllib
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session

from server import crud
from server.core.config import Settings
from server.core.db import make_engine
from server.models import PROVISION_TABLE, Kiosk
from server.services.provisioning import (
    HOUR_MS,
    PROVISION_PATH,
    issue_link,
    new_code,
    redeem,
)
from tests.server.conftest import FakeClock, Seed
from tests.server.factories import push, reaction
from tests.server.helpers import event_count

PUBLIC_URL = "https://wall.example.org"


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    """The hub with a public address, which a kiosk.toml names as hub_url."""
    return Settings(
        env="development",
        data_dir=tmp_path / "data",
        database_url=database_url,
        public_url=PUBLIC_URL,
    )


def _link(
    session: Session, clock: FakeClock, kiosk_id: str = "riverside-1", hours: int = 24
) -> str:
    issued = issue_link(session, kiosk_id=kiosk_id, now_ms=clock.now_ms, valid_ms=hours * HOUR_MS)
    return f"{PROVISION_PATH}/{issued.code}"


def _kiosk_toml(answer: httpx.Response) -> dict[str, Any]:
    assert answer.status_code == 200, answer.text
    parsed: dict[str, Any] = tomllib.loads(answer.text)
    return parsed


def _push_one(client: Any, token: str, seed: Seed, seq: int) -> httpx.Response:
    event = reaction(kiosk_id=seed.kiosk.id, prompt_id=seed.prompt_id, emoji="😀", seq=seq)
    answer: httpx.Response = push(client, token, [event])
    return answer


def test_a_link_answers_a_kiosk_toml_the_kiosk_loads(
    client: Any, session: Session, seed: Seed, clock: FakeClock, tmp_path: Path
) -> None:
    from kiosk.settings import load_settings

    answer = client.get(_link(session, clock))
    assert answer.headers["content-type"] == "text/plain; charset=utf-8"
    assert answer.headers["cache-control"] == "no-store"
    parsed = _kiosk_toml(answer)
    token = parsed["kiosk"]["token"]
    assert parsed == {"kiosk": {"id": "riverside-1", "hub_url": PUBLIC_URL, "token": token}}
    assert token.startswith("sw_k_")
    assert "firmware_config/kiosk.example.toml" in answer.text
    written = tmp_path / "kiosk.toml"
    written.write_text(answer.text, encoding="utf-8")
    loaded = load_settings(written, env={})
    assert (loaded.kiosk_id, loaded.hub_url, loaded.token) == ("riverside-1", PUBLIC_URL, token)


def test_a_link_works_once(client: Any, session: Session, seed: Seed, clock: FakeClock) -> None:
    link = _link(session, clock)
    assert client.get(link).status_code == 200
    again = client.get(link)
    assert again.status_code == 404
    assert again.headers["cache-control"] == "no-store"
    assert "unknown, used or expired" in again.text


def test_the_new_token_replaces_the_old_one(
    client: Any, session: Session, seed: Seed, clock: FakeClock, engine: Engine
) -> None:
    assert _push_one(client, seed.token, seed, 1).status_code == 200
    token = _kiosk_toml(client.get(_link(session, clock)))["kiosk"]["token"]
    refused = _push_one(client, seed.token, seed, 2)
    assert refused.status_code == 401
    accepted = _push_one(client, token, seed, 2)
    assert accepted.status_code == 200, accepted.text
    assert [result["status"] for result in accepted.json()["results"]] == ["accepted"]
    assert event_count(engine) == 2
    # The other kiosk's token is untouched.
    other = reaction(kiosk_id="harbour-1", prompt_id=seed.other_prompt.id or 0, emoji="🍎")
    assert push(client, seed.other_token, [other]).status_code == 200


def test_an_expired_link_is_refused(
    client: Any, session: Session, seed: Seed, clock: FakeClock
) -> None:
    start = clock.now_ms
    early = _link(session, clock, hours=1)
    clock.now_ms = start + HOUR_MS - 1  # its last millisecond
    token = _kiosk_toml(client.get(early))["kiosk"]["token"]
    clock.now_ms = start
    late = _link(session, clock, hours=1)
    clock.now_ms = start + HOUR_MS
    assert client.get(late).status_code == 404
    # Refused, and left unused: the kiosk keeps the token the early link gave it.
    assert crud.kiosk_by_token(session=session, token=token) is not None
    used = session.connection().execute(select(PROVISION_TABLE.c.used_ms)).scalars().all()
    assert sorted(used, key=lambda ms: ms or 0) == [None, start + HOUR_MS - 1]


def test_unknown_used_cancelled_and_expired_links_answer_alike(
    client: Any, session: Session, seed: Seed, clock: FakeClock
) -> None:
    used = _link(session, clock)
    assert client.get(used).status_code == 200
    cancelled = _link(session, clock)
    _link(session, clock)  # a newer link for the kiosk cancels the one before
    expired = _link(session, clock, kiosk_id="harbour-1", hours=1)
    clock.now_ms += HOUR_MS
    revoked = _link(session, clock, kiosk_id="harbour-1")
    crud.revoke_kiosk(session=session, kiosk_id="harbour-1")
    links = {
        "unknown": f"{PROVISION_PATH}/{new_code()}",
        "not a code": f"{PROVISION_PATH}/hello",
        "used": used,
        "cancelled by a newer link": cancelled,
        "expired": expired,
        "cancelled by revoking": revoked,
    }
    answers = {name: client.get(link) for name, link in links.items()}

    def seen(answer: httpx.Response) -> tuple[object, ...]:
        return (
            answer.status_code,
            answer.text,
            answer.headers["content-type"],
            answer.headers["cache-control"],
        )

    first = seen(answers["unknown"])
    assert first[0] == 404
    assert {name: seen(answer) for name, answer in answers.items()} == dict.fromkeys(links, first)


def test_a_revoked_kiosk_comes_back_through_a_link_issued_after(
    client: Any, session: Session, seed: Seed, clock: FakeClock
) -> None:
    crud.revoke_kiosk(session=session, kiosk_id="riverside-1")
    assert _push_one(client, seed.token, seed, 1).status_code == 401
    token = _kiosk_toml(client.get(_link(session, clock)))["kiosk"]["token"]
    assert _push_one(client, token, seed, 1).status_code == 200


def test_rotating_the_token_cancels_an_unused_link(
    client: Any, session: Session, seed: Seed, clock: FakeClock
) -> None:
    # An organiser rotates because something leaked: a link sent earlier must not
    # rotate again, away from the token just set, when someone opens it later.
    link = _link(session, clock)
    _kiosk, token = crud.rotate_kiosk_token(session=session, kiosk_id="riverside-1")
    assert client.get(link).status_code == 404
    assert _push_one(client, token, seed, 1).status_code == 200


def test_a_head_request_does_not_spend_the_link(
    client: Any, session: Session, seed: Seed, clock: FakeClock
) -> None:
    # A link checker or a chat's preview may send HEAD; only GET hands the file out.
    link = _link(session, clock)
    assert client.head(link).status_code == 405
    assert client.get(link).status_code == 200


def test_without_a_public_address_the_link_stays_unused(
    tmp_path: Path, session: Session, seed: Seed, clock: FakeClock, database_url: str
) -> None:
    from fastapi.testclient import TestClient

    from server.app import create_app

    link = _link(session, clock)
    bare = Settings(env="development", data_dir=tmp_path / "bare", database_url=database_url)
    app = create_app(bare, clock=clock)
    try:
        with TestClient(app) as bare_client:
            answer = bare_client.get(link)
    finally:
        app.state.engine.dispose()
    assert answer.status_code == 503
    assert "STORYWALL_PUBLIC_URL" in answer.text
    assert crud.kiosk_by_token(session=session, token=seed.token) is not None


def test_many_requests_with_one_code_get_one_kiosk_toml(
    client: Any, session: Session, seed: Seed, clock: FakeClock
) -> None:
    link = _link(session, clock)
    start = threading.Barrier(8)
    answers: list[httpx.Response] = []

    def fetch() -> None:
        start.wait()
        answers.append(client.get(link))

    threads = [threading.Thread(target=fetch) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answer.status_code for answer in answers) == [200] + [404] * 7
    (won,) = [answer for answer in answers if answer.status_code == 200]
    token = _kiosk_toml(won)["kiosk"]["token"]
    assert crud.kiosk_by_token(session=session, token=token) is not None


def _redeem_in_a_process(url: str, code: str, now_ms: int, barrier: Any, results: Any) -> None:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            barrier.wait()
            redeemed = redeem(session, code=code, now_ms=now_ms, hub_url=PUBLIC_URL)
        results.put(None if redeemed is None else redeemed.kiosk_toml)
    finally:
        engine.dispose()


def test_processes_racing_with_one_code_get_one_kiosk_toml(
    session: Session, seed: Seed, clock: FakeClock, database_url: str
) -> None:
    # Separate processes, as several hub workers would be: no lock in this process
    # orders them, only the conditional UPDATE in the database.
    issued = issue_link(session, kiosk_id="riverside-1", now_ms=clock.now_ms, valid_ms=HOUR_MS)
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(4), context.Queue()
    workers = [
        context.Process(
            target=_redeem_in_a_process,
            args=(database_url, issued.code, clock.now_ms, barrier, results),
        )
        for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join()
    assert [worker.exitcode for worker in workers] == [0] * 4
    won = [text for text in outcomes if text is not None]
    assert len(won) == 1
    token = tomllib.loads(won[0])["kiosk"]["token"]
    with Session(session.get_bind()) as fresh:
        kiosk = fresh.get(Kiosk, "riverside-1")
        assert kiosk is not None
        assert kiosk.token_hash == hashlib.sha256(token.encode()).hexdigest()


def test_the_hub_keeps_only_the_codes_hash(
    session: Session, seed: Seed, clock: FakeClock, database_url: str
) -> None:
    issued = issue_link(session, kiosk_id="riverside-1", now_ms=clock.now_ms, valid_ms=HOUR_MS)
    stored = session.connection().execute(select(PROVISION_TABLE)).mappings().one()
    assert stored["code_hash"] == hashlib.sha256(issued.code.encode()).hexdigest()
    assert issued.code not in {str(value) for value in stored.values()}
    assert stored["expires_ms"] - stored["created_ms"] == HOUR_MS
    # 32 URL-safe characters after the prefix: 192 random bits.
    body = issued.code.removeprefix("sw_p_")
    assert len(body) == 32
    assert set(body) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


@pytest.mark.parametrize("hours", [0, -1, 24 * 30 + 1])
def test_a_link_valid_for_no_time_or_too_long_is_refused(
    session: Session, seed: Seed, clock: FakeClock, hours: int
) -> None:
    from server.errors import InvalidInput

    with pytest.raises(InvalidInput, match="at most 720 hours"):
        issue_link(session, kiosk_id="riverside-1", now_ms=clock.now_ms, valid_ms=hours * HOUR_MS)
