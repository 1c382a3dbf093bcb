"""Events born on the hub's own forms (a fridge's drop-off and check forms).

DESIGN.md has every event born "on a kiosk or in the drop-off form"; the form's
events take the same road as a kiosk's: an Event in the protocol's envelope, posted
as the fridge's form kiosk (models.Fridge.form_kiosk_id) through `ingest_batch`. So
the checks, the holds, the media refs and each kind's follow-ups are the ones a
kiosk's push gets, and nothing in the pipeline knows a form exists.

The form renders a fresh event id into the page; submitting the same page twice
(a double tap, a retry after a lost answer) is a duplicate, stored once.
"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from sqlmodel import Session

from server.errors import InvalidInput, NotFound
from server.models import Kiosk
from server.models_fridge import Fridge
from server.services.ingest import Outcome, ingest_batch
from storywall.protocol import EVENT_SCHEMA_VERSION, ParsedPush, Payload, ResultStatus
from storywall.protocol.events import event_model

# The form kiosk's one "boot": its events are placed by the hub's own clock.
FORM_BOOT_ID = "form"


def submit_form_event(
    session: Session,
    *,
    fridge: Fridge,
    event_id: UUID,
    type_name: str,
    payload: Payload,
    now_ms: int,
) -> Outcome:
    """Store one form-born event of `type_name`; its outcome (accepted or duplicate).

    InvalidInput when the hub refuses it (the reason names the field), NotFound when
    the fridge's form kiosk is gone. Commits."""
    kiosk = session.get(Kiosk, fridge.form_kiosk_id)
    if kiosk is None or kiosk.revoked_ms is not None:
        raise NotFound("this fridge's forms are closed")
    model = event_model(type_name)
    event = model.model_validate(
        {
            "v": EVENT_SCHEMA_VERSION,
            "id": event_id,
            "kiosk_id": kiosk.id,
            "boot_id": FORM_BOOT_ID,
            # Ordered like a kiosk's: the hub's clock only moves forward here.
            "seq": max(now_ms, 1),
            "mono_ms": 0,
            "wall_time": datetime.fromtimestamp(now_ms / 1000, tz=UTC),
            "clock_synced": True,
            "type": type_name,
            "payload": payload,
        },
        strict=False,
    )
    push = ParsedPush(boot_id=FORM_BOOT_ID, sent_mono_ms=0, events=[event])
    answer = ingest_batch(session, kiosk=kiosk, push=push, received_ms=now_ms)
    outcome = answer.results[0]
    if outcome.status == ResultStatus.REJECTED:
        raise InvalidInput(outcome.reason or "refused")
    return outcome
