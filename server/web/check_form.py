"""The check form, `/c/<token>`: a caretaker logs a cleaning check at the fridge.

Opened from the fridge's check QR code (the token names the fridge) or from a
volunteer's slot page (it names the slot too, which the check then fulfils). The
check is stored as a `check` event through the fridge's form kiosk
(server/services/form_events.py), exactly as a kiosk's would be, and matched to its
slot at once (a kiosk's check is matched by the rota job within a minute).
No script needed; bad input comes back (422) with everything typed kept.
"""

from __future__ import annotations

import math
import uuid
from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from server.api.deps import NowMsDep, SessionDep
from server.core.writers import write_lock
from server.errors import InvalidInput, NotFound
from server.models import Site
from server.models_fridge import Fridge
from server.models_rota import RotaSlot
from server.services import rota
from server.services.form_events import submit_form_event
from server.services.rota_checks import match_checks
from server.services.rota_links import CheckTarget, read_check_token
from server.signing import LinkRefused
from server.web.csrf import FIELD
from server.web.fridge_words import CONDITION_WORDS, CONDITIONS_AT_THE_FRIDGE, LEVEL_WORDS
from server.web.rota_common import csrf_ok, form_page, message, page, refused, settings_of, too_many
from storywall.protocol.check import CHECK_TASKS, CheckPayload
from storywall.protocol.fridge import CONDITIONS, FOOD_LEVELS
from storywall.protocol.limits import MAX_NICKNAME_CHARS

router = APIRouter(tags=["public"])
HTML: dict[str, Any] = {"content": {"text/html": {}}}

TASK_LABELS = {
    "shelves_wiped": "Shelves wiped clean",
    "out_of_date_removed": "Out-of-date food removed",
    "temperature_read": "Thermometer read",
}
# The drop-off form's words and choices: a caretaker at the fridge reports what a
# volunteer there can (not "not at its location" or "gone": they are standing at it).
LEVEL_LABELS = LEVEL_WORDS
CONDITION_LABELS = {name: CONDITION_WORDS[name] for name in CONDITIONS_AT_THE_FRIDGE}
assert set(TASK_LABELS) == set(CHECK_TASKS) and set(CONDITION_LABELS) <= set(CONDITIONS)
assert set(LEVEL_LABELS) == set(FOOD_LEVELS)


def _target(
    request: Request, session: Session, token: str
) -> tuple[Site, Fridge, RotaSlot | None] | HTMLResponse:
    try:
        target: CheckTarget = read_check_token(settings_of(request).secret_key, token)
    except LinkRefused as error:
        return refused(request, error)
    site, fridge = session.get(Site, target.site_id), session.get(Fridge, target.site_id)
    if site is None or fridge is None:
        return message(request, "No such fridge", "This fridge has left the hub.", status=404)
    slot = session.get(RotaSlot, target.slot_id) if target.slot_id is not None else None
    if slot is not None and (slot.site_id != site.id or slot.cancelled_ms is not None):
        slot = None  # a slot taken off the rota: the check still counts for the fridge
    return site, fridge, slot


def _form(
    request: Request,
    site: Site,
    slot: RotaSlot | None,
    now_ms: int,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    zone = ZoneInfo(site.timezone)
    return form_page(
        request,
        "check_form.html",
        {
            "site": site,
            "slot": rota.view(slot, zone, now_ms) if slot is not None else None,
            "values": values or {"event_id": str(uuid.uuid4()), "done": []},
            "errors": errors or {},
            "tasks": TASK_LABELS,
            "levels": LEVEL_LABELS,
            "conditions": CONDITION_LABELS,
            "max_nickname": MAX_NICKNAME_CHARS,
        },
        status=status,
    )


@router.get("/c/{token}", response_class=HTMLResponse, responses={403: HTML, 404: HTML})
def check_form(request: Request, session: SessionDep, now_ms: NowMsDep, token: str) -> HTMLResponse:
    """The cleaning-check form for a fridge (and a slot, when the link names one)."""
    found = _target(request, session, token)
    if isinstance(found, HTMLResponse):
        return found
    site, _fridge, slot = found
    return _form(request, site, slot, now_ms)


# "-12.5 °C" and a little room: anything longer is no thermometer reading.
MAX_READING_CHARS = 12


def _celsius(text: str) -> float | None:
    text = text.strip().replace(",", ".").removesuffix("°C").removesuffix("C").strip()
    return float(text) if text else None


def _read(
    done: list[str], celsius: str, level: str, condition: str, nickname: str
) -> tuple[dict[str, Any], dict[str, str]]:
    """The fields as the payload wants them, and what is wrong with them."""
    fields: dict[str, Any] = {}
    errors: dict[str, str] = {}
    ticked = [task for task in CHECK_TASKS if task in done]
    if not ticked or len(ticked) != len(set(done)):
        errors["done"] = "Tick at least one of the tasks you did."
    fields["done"] = ticked
    try:
        if len(celsius) > MAX_READING_CHARS:
            raise ValueError(celsius)
        reading = _celsius(celsius)
        if reading is not None and not math.isfinite(reading):  # "nan", "inf"
            raise ValueError(celsius)
    except ValueError:
        reading, errors["celsius"] = None, "Type the number the thermometer shows, like 4.5."
    if reading is not None and not -30 <= reading <= 40:
        errors["celsius"] = "A fridge thermometer shows between -30 and 40 °C."
    elif reading is not None and "temperature_read" not in ticked:
        errors["celsius"] = "Tick “Thermometer read” with the reading, or leave it empty."
    elif reading is None and "temperature_read" in ticked and "celsius" not in errors:
        errors["celsius"] = "Type what the thermometer shows."
    fields["celsius_read"] = reading
    if level:
        if level.isdigit() and int(level) in LEVEL_LABELS:
            fields["level"] = int(level)
        else:
            errors["level"] = "Choose how full it is from the list."
    if condition:
        if condition in CONDITION_LABELS:
            fields["condition"] = condition
        else:
            errors["condition"] = "Choose its condition from the list."
    name = " ".join(nickname.split())
    if len(name) > MAX_NICKNAME_CHARS:
        errors["nickname"] = f"At most {MAX_NICKNAME_CHARS} characters, please."
    elif name:
        fields["nickname"] = name
    return fields, errors


@router.post(
    "/c/{token}",
    response_class=HTMLResponse,
    responses={403: HTML, 404: HTML, 422: HTML, 429: HTML},
)
def submit_check(
    request: Request,
    session: SessionDep,
    now_ms: NowMsDep,
    token: str,
    event_id: Annotated[str, Form()] = "",
    done: Annotated[list[str] | None, Form()] = None,
    celsius: Annotated[str, Form()] = "",
    level: Annotated[str, Form()] = "",
    condition: Annotated[str, Form()] = "",
    nickname: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form(alias=FIELD)] = "",
) -> HTMLResponse:
    """Log the check; the thank-you page, or the form again with what is wrong."""
    found = _target(request, session, token)
    if isinstance(found, HTMLResponse):
        return found
    site, fridge, slot = found
    if too_many(request, session, "check", now_ms):
        return message(request, "Too many tries", "Please wait a few minutes.", status=429)
    ticks = done or []
    values = {
        "event_id": event_id, "done": ticks, "celsius": celsius, "level": level,
        "condition": condition, "nickname": nickname,
    }  # fmt: skip
    fields, errors = _read(ticks, celsius, level, condition, nickname)
    problem = csrf_ok(request, csrf_token)
    if problem:
        errors["form"] = problem
    try:
        event_uuid = uuid.UUID(event_id)
    except ValueError:
        event_uuid, values["event_id"] = uuid.uuid4(), ""
        errors["form"] = "The form was damaged; check your ticks and send it again."
    values["event_id"] = str(event_uuid)
    payload: CheckPayload | None = None
    if not errors:
        try:
            payload = CheckPayload(
                via="form", slot_id=slot.id if slot is not None else None, **fields
            )
        except ValidationError as error:
            errors["form"] = str(error.errors(include_url=False)[0]["msg"])
    if errors or payload is None:
        return _form(request, site, slot, now_ms, values=values, errors=errors, status=422)
    try:
        submit_form_event(
            session,
            fridge=fridge,
            event_id=event_uuid,
            type_name="check",
            payload=payload,
            now_ms=now_ms,
        )
    except (InvalidInput, NotFound) as error:
        errors["form"] = str(error)
        return _form(request, site, slot, now_ms, values=values, errors=errors, status=422)
    assert site.id is not None
    try:
        with write_lock(session.get_bind().engine):
            match_checks(session, site_id=site.id, now_ms=now_ms)
            session.commit()
    except IntegrityError:  # the rota job matched this check at the same moment
        session.rollback()
    if slot is not None:
        session.refresh(slot)
    local = datetime.fromtimestamp(now_ms / 1000, tz=ZoneInfo(site.timezone))
    return page(
        request,
        "check_done.html",
        {
            "site": site,
            "at": f"{local:%H:%M}",
            "slot_done": slot is not None and slot.done_ms is not None,
        },
    )
