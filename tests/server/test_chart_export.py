"""The events export: the same filter as the charts, no personal data, streamed.

Nicknames (drop-offs, checks) never appear; a note's text and a doodle's or photo's
hash only once approved; other payload fields only when listed as harmless.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from server.models_fridge import Fridge
from server.services import moderation
from server.services.charts import ChartFilter
from server.services.export import COLUMNS, csv_chunks, export_rows, json_chunks
from tests.server.conftest import Seed
from tests.server.factories import NOW_MS
from tests.server.test_chart_figures import HOUR, Outbox, _push

TODAY = date(2025, 6, 21)
PHOTO = "cd" * 32
DOODLE_KEPT, DOODLE_HELD = "ab" * 32, "ef" * 32


def _history(client: TestClient, engine: Engine, seed: Seed) -> dict[str, str]:
    """Pushes at both sites; approves one note and one doodle. Their ids by name."""
    park = Outbox("riverside-1")
    park.add("reaction", {"prompt_id": seed.prompt_id, "emoji": "😀"}, NOW_MS - HOUR)
    park.add("note", {"text": "Approved words", "language": "en"}, NOW_MS - HOUR)
    park.add("note", {"text": "=HYPERLINK(held words)", "language": "en"}, NOW_MS - HOUR)
    doodle = {"width": 64, "height": 64, "bytes": 90}
    park.add("doodle", {**doodle, "media": DOODLE_KEPT}, NOW_MS - HOUR)
    park.add("doodle", {**doodle, "media": DOODLE_HELD}, NOW_MS - HOUR)
    ids = {
        "approved_note": park.events[1]["id"],
        "held_note": park.events[2]["id"],
        "kept_doodle": park.events[3]["id"],
    }
    _push(client, seed.token, park)
    fridge = Outbox("harbour-1")
    fridge.add(
        "dropoff",
        {
            "via": "kiosk",
            "items": {"produce": 3},
            "rules_confirmed": True,
            "nickname": "Sam Secret",
            "photo": PHOTO,
        },
        NOW_MS - HOUR,
    )
    fridge.add(
        "check",
        {"via": "kiosk", "done": ["shelves_wiped"], "nickname": "Rota Person"},
        NOW_MS - HOUR,
    )
    _push(client, seed.other_token, fridge)
    with Session(engine) as session:
        for name in ("approved_note", "kept_doodle"):
            moderation.approve(session, event_id=ids[name], decided_by="org", now_ms=NOW_MS)
        session.commit()
    return ids


def test_the_export_holds_no_personal_data_and_text_only_once_approved(
    client: TestClient, engine: Engine, seed: Seed, fridge: Fridge
) -> None:
    ids = _history(client, engine, seed)
    chart_filter = ChartFilter(None, TODAY, TODAY)
    text = "".join(csv_chunks(export_rows(engine, chart_filter)))
    assert "Sam Secret" not in text and "Rota Person" not in text
    assert "held words" not in text
    assert seed.token not in text and seed.other_token not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == COLUMNS
    by_id = {row["id"]: row for row in rows}
    assert len(rows) == 7
    assert by_id[ids["approved_note"]]["text"] == "Approved words"
    assert by_id[ids["held_note"]]["text"] == ""
    assert by_id[ids["kept_doodle"]]["media"] == DOODLE_KEPT
    assert DOODLE_HELD not in text
    assert PHOTO not in text  # the drop-off photo is still held
    dropoff = next(row for row in rows if row["type"] == "dropoff")
    assert json.loads(dropoff["details"]) == {
        "allergens": [],
        "items": {"produce": 3},
        "via": "kiosk",
    }
    assert dropoff["site"] == "harbour"
    assert dropoff["placed_at"].startswith("2025-06-21T11:00:00")

    parsed: list[dict[str, Any]] = json.loads(
        "".join(json_chunks(export_rows(engine, chart_filter)))
    )
    assert [row["id"] for row in parsed] == [row["id"] for row in rows]
    assert "Sam Secret" not in json.dumps(parsed)
    check = next(row for row in parsed if row["type"] == "check")
    assert check["details"] == {"via": "kiosk", "done": ["shelves_wiped"]}


def test_the_export_follows_the_filter(
    client: TestClient, engine: Engine, seed: Seed, fridge: Fridge
) -> None:
    _history(client, engine, seed)
    only_park = list(export_rows(engine, ChartFilter([seed.site.id or 0], TODAY, TODAY)))
    assert {row["site"] for row in only_park} == {"riverside"}
    assert len(only_park) == 5
    yesterday = list(export_rows(engine, ChartFilter(None, date(2025, 6, 20), date(2025, 6, 20))))
    assert yesterday == []


def test_a_cell_a_spreadsheet_would_run_is_quoted(
    client: TestClient, engine: Engine, session: Session, seed: Seed
) -> None:
    park = Outbox("riverside-1")
    park.add("note", {"text": "=1+1", "language": "en"}, NOW_MS - HOUR)
    note_id = park.events[0]["id"]
    _push(client, seed.token, park)
    moderation.approve(session, event_id=note_id, decided_by="org", now_ms=NOW_MS)
    session.commit()
    text = "".join(csv_chunks(export_rows(engine, ChartFilter(None, TODAY, TODAY))))
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert row["text"] == "'=1+1"
