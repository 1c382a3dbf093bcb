"""The caretaker rota's part of the sample hub (tools/hub_screens.py): Elm Street's
fridge with two check times, yesterday's slot checked, two coming slots taken, and the
rota's pages to shoot at phone size."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI
    from sqlmodel import Session

FRIDGE = "elm-street-fridge"
PHONE_WIDTH = 360
DAY_MS = 86_400_000


def _make_fridge(session: Session) -> None:
    from server.errors import NotFound
    from server.fridges import get_fridge, make_fridge

    try:
        get_fridge(session=session, site_slug=FRIDGE)
    except NotFound:
        make_fridge(session=session, site_slug=FRIDGE)


def sample_rota(app: FastAPI, now_ms: int) -> list[tuple[str, str, tuple[int, int]]]:
    """Give the sample fridge a rota; the pages to screenshot (name, path, size)."""
    from sqlmodel import Session

    from server.fridges import get_fridge
    from server.services import rota
    from server.services.form_events import submit_form_event
    from server.services.rota_checks import flag_missed, match_checks
    from server.services.rota_links import check_token, slot_token, take_token
    from storywall.protocol.check import CheckPayload

    secret = app.state.settings.secret_key
    with Session(app.state.engine) as session:
        _make_fridge(session)
        site, fridge = get_fridge(session=session, site_slug=FRIDGE)
        assert site.id is not None
        # Set up two days ago, so the last days' slots exist to show as history.
        rota.add_schedule(session, site=site, at="10:00", days="daily", now_ms=now_ms - 2 * DAY_MS)
        rota.add_schedule(
            session, site=site, at="18:30", days="mon,thu", now_ms=now_ms - 2 * DAY_MS
        )
        since = now_ms - 2 * DAY_MS
        slots = rota.slots_between(
            session, site_id=site.id, start_ms=since, end_ms=now_ms + 9 * DAY_MS
        )
        past = [slot for slot in slots if slot.due_ms + rota.MISSED_AFTER_MS < now_ms]
        if past:  # the newest past slot checked by the form; any before it missed
            submit_form_event(
                session, fridge=fridge, event_id=uuid.uuid4(), type_name="check",
                payload=CheckPayload(via="form", done=["shelves_wiped", "temperature_read"],
                                     celsius_read=4.0, slot_id=past[-1].id),
                now_ms=now_ms,
            )  # fmt: skip
            match_checks(session, site_id=site.id, now_ms=now_ms)
            flag_missed(session, site=site, now_ms=now_ms)
            session.commit()
        coming = [slot for slot in slots if slot.due_ms > now_ms and slot.id is not None]
        taken = [
            rota.take_slot(session, site_id=site.id, slot_id=slot.id, nickname=name, now_ms=now_ms)
            for slot, name in zip(coming[1:4:2], ("Ada", "Sam"), strict=True)
            if slot.id is not None
        ]
        mine = taken[0]
        assert mine.id is not None and mine.claim is not None
        take = take_token(secret, site_id=site.id, until_ms=now_ms + 30 * DAY_MS)
        own = slot_token(secret, slot_id=mine.id, claim=mine.claim)
        check = check_token(secret, site_id=site.id, slot_id=mine.id)
    return [
        ("hub-rota-phone", f"/fridges/{FRIDGE}/rota", (PHONE_WIDTH, 1500)),
        ("hub-rota-take-phone", f"/rota/take/{take}", (PHONE_WIDTH, 1300)),
        ("hub-rota-slot-phone", f"/rota/slot/{own}?taken=1", (PHONE_WIDTH, 720)),
        ("hub-check-form-phone", f"/c/{check}", (PHONE_WIDTH, 1100)),
    ]
