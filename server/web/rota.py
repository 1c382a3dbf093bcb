"""The rota's pages: the public rota of a fridge, taking a slot through the organisers'
shared link, and a volunteer's own slot (release it, or open its check form).

The public page says only "open", "taken" or "checked": a nickname is words no
moderator has read, so it is shown to nobody but the organisers (the CLI)."""

from __future__ import annotations

from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from server.api.deps import NowMsDep, SessionDep
from server.core.writers import write_lock
from server.errors import AlreadyExists, InvalidInput, NotFound
from server.fridges import get_fridge
from server.models import Site
from server.models_fridge import Fridge
from server.models_rota import RotaSlot
from server.services import rota
from server.services.rota_links import (
    check_token,
    read_slot_token,
    read_take_token,
    slot_token,
)
from server.signing import LinkRefused
from server.web.csrf import FIELD
from server.web.rota_common import (
    absolute,
    csrf_ok,
    form_page,
    message,
    page,
    refused,
    settings_of,
    too_many,
)
from storywall.protocol.limits import MAX_NICKNAME_CHARS

router = APIRouter(tags=["public"])
HTML: dict[str, Any] = {"content": {"text/html": {}}}


def _fridge_site(session: Session, site_id: int) -> Site | None:
    site = session.get(Site, site_id)
    if site is None or session.get(Fridge, site_id) is None:
        return None
    return site


@router.get("/fridges/{slug}/rota", response_class=HTMLResponse, responses={404: HTML})
def rota_page(request: Request, session: SessionDep, now_ms: NowMsDep, slug: str) -> HTMLResponse:
    """A fridge's rota: its check times and the coming slots, open or taken."""
    try:
        site, _fridge = get_fridge(session=session, site_slug=slug)
    except NotFound:
        return message(request, "No such fridge", "There is no fridge here.", status=404)
    assert site.id is not None
    return page(
        request,
        "rota.html",
        {
            "site": site,
            "schedules": [
                (schedule.at, rota.describe_days(schedule.days))
                for schedule in rota.list_schedules(session, site_id=site.id)
            ],
            "slots": rota.upcoming(session, site=site, now_ms=now_ms),
            "recent": rota.recent(session, site=site, now_ms=now_ms),
            "summary": rota.rota_summary(session, site.id, now_ms),
        },
    )


def _take_form(
    request: Request,
    session: Session,
    site: Site,
    now_ms: int,
    *,
    errors: dict[str, str] | None = None,
    nickname: str = "",
    chosen: int | None = None,
    status: int = 200,
) -> HTMLResponse:
    slots = rota.upcoming(session, site=site, now_ms=now_ms)
    return form_page(
        request,
        "rota_take.html",
        {
            "site": site,
            "slots": slots,
            "errors": errors or {},
            "nickname": nickname,
            "chosen": chosen,
            "max_nickname": MAX_NICKNAME_CHARS,
        },
        status=status,
    )


@router.get("/rota/take/{token}", response_class=HTMLResponse, responses={403: HTML, 410: HTML})
def take_page(request: Request, session: SessionDep, now_ms: NowMsDep, token: str) -> HTMLResponse:
    """The organisers' shared link: the coming slots, and a form to take an open one."""
    try:
        site_id = read_take_token(settings_of(request).secret_key, token, now_ms=now_ms)
    except LinkRefused as error:
        return refused(request, error)
    site = _fridge_site(session, site_id)
    if site is None:
        return message(request, "No such fridge", "This fridge has left the hub.", status=404)
    return _take_form(request, session, site, now_ms)


@router.post(
    "/rota/take/{token}",
    response_class=HTMLResponse,
    status_code=303,
    responses={403: HTML, 409: HTML, 410: HTML, 422: HTML, 429: HTML},
)
def take_slot(
    request: Request,
    session: SessionDep,
    now_ms: NowMsDep,
    token: str,
    slot: Annotated[str, Form()] = "",
    nickname: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form(alias=FIELD)] = "",
) -> Response:
    """Take a slot under a nickname; on success, off to the volunteer's own slot page."""
    secret = settings_of(request).secret_key
    try:
        site_id = read_take_token(secret, token, now_ms=now_ms)
    except LinkRefused as error:
        return refused(request, error)
    site = _fridge_site(session, site_id)
    if site is None:
        return message(request, "No such fridge", "This fridge has left the hub.", status=404)
    if too_many(request, session, "rota", now_ms):
        return message(request, "Too many tries", "Please wait a few minutes.", status=429)
    chosen = int(slot) if slot.isdigit() else None
    errors: dict[str, str] = {}
    problem = csrf_ok(request, csrf_token)
    if problem:
        errors["form"] = problem
    name = " ".join(nickname.split())
    if not name:
        errors["nickname"] = "Give a nickname, so the organisers know who is coming."
    elif len(name) > MAX_NICKNAME_CHARS:
        errors["nickname"] = f"At most {MAX_NICKNAME_CHARS} characters, please."
    if chosen is None:
        errors["slot"] = "Choose a slot."
    if errors:
        return _take_form(
            request, session, site, now_ms, errors=errors, nickname=nickname, chosen=chosen,
            status=422,
        )  # fmt: skip
    assert chosen is not None and site.id is not None
    try:
        with write_lock(session.get_bind().engine):
            taken = rota.take_slot(
                session, site_id=site.id, slot_id=chosen, nickname=name, now_ms=now_ms
            )
    except (NotFound, AlreadyExists, InvalidInput) as error:
        status = 409 if isinstance(error, AlreadyExists) else 422
        return _take_form(
            request, session, site, now_ms, errors={"slot": f"{str(error).capitalize()}."},
            nickname=nickname, status=status,
        )  # fmt: skip
    assert taken.id is not None and taken.claim is not None
    personal = slot_token(secret, slot_id=taken.id, claim=taken.claim)
    return RedirectResponse(f"/rota/slot/{personal}?taken=1", status_code=303)


def _own_slot(request: Request, session: Session, token: str) -> tuple[RotaSlot, Site] | str:
    """The slot a personal link names, or why it opens nothing."""
    slot_id, claim = read_slot_token(settings_of(request).secret_key, token)
    slot = session.get(RotaSlot, slot_id)
    if slot is None or slot.claim != claim or slot.cancelled_ms is not None:
        return "This slot is no longer yours: it was given back or taken off the rota."
    site = _fridge_site(session, slot.site_id)
    if site is None:
        return "This fridge has left the hub."
    return slot, site


@router.get("/rota/slot/{token}", response_class=HTMLResponse, responses={403: HTML, 404: HTML})
def slot_page(
    request: Request, session: SessionDep, now_ms: NowMsDep, token: str, taken: int = 0
) -> HTMLResponse:
    """A volunteer's own slot: when and where, its check form, and giving it back."""
    try:
        found = _own_slot(request, session, token)
    except LinkRefused as error:
        return refused(request, error)
    if isinstance(found, str):
        return message(request, "Slot not found", found, status=404)
    slot, site = found
    assert slot.id is not None and site.id is not None
    check = check_token(settings_of(request).secret_key, site_id=site.id, slot_id=slot.id)
    return form_page(
        request,
        "rota_slot.html",
        {
            "site": site,
            "slot": rota.view(slot, ZoneInfo(site.timezone), now_ms),
            "just_taken": bool(taken),
            "own_link": absolute(request, f"/rota/slot/{token}"),
            "check_path": f"/c/{check}",
            "token": token,
            "can_release": slot.done_ms is None and rota.slot_state(slot, now_ms) == "taken",
        },
    )


@router.post(
    "/rota/slot/{token}/release",
    response_class=HTMLResponse,
    responses={403: HTML, 404: HTML, 422: HTML, 429: HTML},
)
def release_slot(
    request: Request,
    session: SessionDep,
    now_ms: NowMsDep,
    token: str,
    csrf_token: Annotated[str, Form(alias=FIELD)] = "",
) -> HTMLResponse:
    """Give the slot back: it is open again and this link opens nothing more."""
    try:
        found = _own_slot(request, session, token)
    except LinkRefused as error:
        return refused(request, error)
    if isinstance(found, str):
        return message(request, "Slot not found", found, status=404)
    if too_many(request, session, "rota", now_ms):
        return message(request, "Too many tries", "Please wait a few minutes.", status=429)
    problem = csrf_ok(request, csrf_token)
    if problem:
        return message(request, "Not given back", problem, status=422)
    slot, site = found
    assert slot.id is not None and slot.claim is not None
    with write_lock(session.get_bind().engine):
        released = rota.release_slot(session, slot_id=slot.id, claim=slot.claim, now_ms=now_ms)
    if not released:
        return message(request, "Not given back", "This slot is done or past.", status=422)
    return message(
        request,
        "Slot given back",
        f"Thank you for telling us. The slot at {site.name} is open again for someone else.",
        status=200,
    )
