"""Two organisers demoting each other at the same moment, from two engines (as two
workers would): one is refused, so the hub always keeps an organiser. On PostgreSQL
this needs the organisers' rows locked (it fails without); on SQLite the hub's
writers take turns."""

from __future__ import annotations

import threading

from sqlalchemy import Engine, text
from sqlmodel import Session

from server.core.db import make_engine
from server.core.writers import write_lock
from server.errors import HubError
from server.services import accounts
from tests.server.accounts_support import make_account


def _demote(
    worker: Engine, account_id: int | None, start: threading.Barrier, refused: list[str]
) -> None:
    assert account_id is not None
    start.wait()
    try:
        with Session(worker) as session, write_lock(worker):
            accounts.set_role(session, account_id=account_id, role="moderator")
    except HubError as error:
        refused.append(str(error))


def test_two_organisers_cannot_demote_each_other_at_once(database_url: str, engine: Engine) -> None:
    for round_ in range(5):
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM account"))
        one = make_account(engine, email=f"one{round_}@example.org")
        two = make_account(engine, email=f"two{round_}@example.org")
        workers = [make_engine(database_url), make_engine(database_url)]
        start = threading.Barrier(2)
        refused: list[str] = []

        threads = [
            threading.Thread(target=_demote, args=(workers[0], one.id, start, refused)),
            threading.Thread(target=_demote, args=(workers[1], two.id, start, refused)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        for worker in workers:
            worker.dispose()
        with engine.connect() as connection:
            organisers = connection.execute(
                text("SELECT count(*) FROM account WHERE role = 'organiser'")
            ).scalar_one()
        assert organisers == 1, refused
        assert len(refused) == 1
