"""`storywall admin outbound`: what is not delivered yet, and sending a failed one again."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from cli.main import main
from server import crud
from server.core.db import make_engine
from server.publish.queue import claim_next, counts, enqueue, mark_failed_attempt
from server.updates import record_update

NOW_MS = 1_750_507_200_000


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    data = tmp_path / "hub"
    monkeypatch.setenv("STORYWALL_DATA_DIR", str(data))
    monkeypatch.delenv("STORYWALL_DATABASE_URL", raising=False)
    assert main(["admin", "db", "upgrade"]) == 0
    return make_engine(f"sqlite:///{data / 'hub.sqlite3'}")


def test_outbound_list_shows_pending_and_failed_and_retry_requeues(
    engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    with Session(engine) as session:
        site = crud.create_site(session=session, slug="harbour", name="Harbour", timezone="UTC")
        assert site.id is not None
        record_update(
            session, site_id=site.id, kind="status", key="status:1", occurred_ms=NOW_MS,
            now_ms=NOW_MS, title="Harbour: good",
        )  # fmt: skip
        session.commit()
    with engine.begin() as connection:
        for publisher in ("webhook", "mastodon"):
            enqueue(connection, publisher=publisher, key="update:status:1", payload={},
                    now_ms=NOW_MS)  # fmt: skip
    claimed = claim_next(engine, publishers=["mastodon"], holder="h", now_ms=NOW_MS)
    assert claimed is not None
    mark_failed_attempt(
        engine, claimed, holder="h", now_ms=NOW_MS, error="HTTP 422: bad", permanent=True
    )
    capsys.readouterr()
    assert main(["admin", "outbound", "list"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "1  webhook  pending  0 tries  update:status:1",
        "2  mastodon  FAILED  1 tries  update:status:1  HTTP 422: bad",
    ]
    assert "1 pending, 1 failed, 0 delivered" in err
    assert main(["admin", "outbound", "retry", "1"]) == 2  # pending, not failed
    assert "no failed delivery 1" in capsys.readouterr().err
    assert main(["admin", "outbound", "retry", "2"]) == 0
    assert counts(engine) == {"pending": 2, "delivered": 0, "failed": 0}
    engine.dispose()
