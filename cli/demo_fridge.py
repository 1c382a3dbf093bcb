"""The demo's community fridge: Riverside Park's site is a fridge too, with a few sample
drop-offs, a cleaning check and a morning of thermometer readings, so /fridges and
/fridges/riverside show something. Made once; a second run finds it and adds nothing.

Every sample event travels the real ingest pipeline: the drop-offs and the check as the
fridge's QR form sends them, the readings as a kiosk's push would.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session

SITE = "riverside"
SENSOR_KIOSK = "riverside-fridge"
SENSOR_ID = "28-0316a2795cff"
ADDRESS = "Riverside Park, by the cafe"
LATITUDE, LONGITUDE = 51.4816, -0.1746
OPENING_NOTES = "Open 7:00-21:00 with the park gates"
MINUTE_MS = 60_000
# A fridge holding steady around 4 °C: one reading every 10 minutes for two hours.
READINGS_C = [4.1, 4.0, 3.9, 4.2, 4.6, 4.4, 4.1, 3.9, 3.8, 3.9, 4.0, 4.1]


def seed_fridge(session: Session, now_ms: int) -> bool:
    """Make the demo site a fridge with its sample history; False when it already is one."""
    from server import crud
    from server.fridges import make_fridge
    from server.models_fridge import Fridge

    site = crud.get_site(session=session, slug=SITE)
    if session.get(Fridge, site.id) is not None:
        return False
    fridge = make_fridge(
        session=session,
        site_slug=SITE,
        address=ADDRESS,
        latitude=LATITUDE,
        longitude=LONGITUDE,
        opening_notes=OPENING_NOTES,
        created_ms=now_ms - 6 * 60 * MINUTE_MS,
    )
    _sample_visits(session, fridge, now_ms)
    _sample_readings(session, now_ms)
    return True


def _sample_visits(session: Session, fridge: object, now_ms: int) -> None:
    from server.models_fridge import Fridge
    from server.services.form_events import submit_form_event
    from storywall.protocol import Payload
    from storywall.protocol.check import CheckPayload
    from storywall.protocol.dropoff import DropoffPayload

    assert isinstance(fridge, Fridge)
    visits: list[tuple[int, str, Payload]] = [
        (
            240,
            "check",
            CheckPayload(
                via="form",
                done=["shelves_wiped", "out_of_date_removed", "temperature_read"],
                celsius_read=4.0,
                condition="good",
                level=1,
            ),
        ),
        (
            150,
            "dropoff",
            DropoffPayload(
                via="form", items={"produce": 6, "bread": 2}, rules_confirmed=True, level=2
            ),
        ),
        (
            45,
            "dropoff",
            DropoffPayload(
                via="form",
                items={"dairy": 4, "packaged": 3},
                rules_confirmed=True,
                allergens=["milk"],
                level=3,
            ),
        ),
    ]
    for ago_min, type_name, payload in visits:
        submit_form_event(
            session,
            fridge=fridge,
            event_id=uuid.uuid4(),
            type_name=type_name,
            payload=payload,
            now_ms=now_ms - ago_min * MINUTE_MS,
        )


def _sample_readings(session: Session, now_ms: int) -> None:
    from server import crud
    from server.services.ingest import ingest_batch
    from storywall.protocol import ParsedPush
    from storywall.protocol.temperature import TemperatureEvent

    kiosk, _token = crud.create_kiosk(
        session=session, site_slug=SITE, kiosk_id=SENSOR_KIOSK, name="Riverside fridge thermometer"
    )
    step_ms = 10 * MINUTE_MS
    first_ms = now_ms - len(READINGS_C) * step_ms
    events = [
        TemperatureEvent.model_validate(
            {
                "v": 1,
                "id": uuid.uuid4(),
                "kiosk_id": SENSOR_KIOSK,
                "boot_id": "demo-sensor",
                "seq": number + 1,
                "mono_ms": 60_000 + number * step_ms,
                "wall_time": datetime.fromtimestamp((first_ms + number * step_ms) / 1000, UTC),
                "clock_synced": True,
                "type": "temperature",
                "payload": {"sensor_id": SENSOR_ID, "celsius": celsius},
            }
        )
        for number, celsius in enumerate(READINGS_C)
    ]
    push = ParsedPush(
        boot_id="demo-sensor",
        sent_mono_ms=60_000 + len(READINGS_C) * step_ms,
        events=list(events),
    )
    ingest_batch(session, kiosk=kiosk, push=push, received_ms=now_ms)
