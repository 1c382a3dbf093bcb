"""The fleet pages, under /dashboard/kiosks (permission `kiosks`; docs/fleet.md).

- GET  /dashboard/kiosks: every kiosk by site, from its newest heartbeat, and a form
  to register one.
- POST /dashboard/kiosks: register; the answer is the one page that shows its token,
  with kiosk.toml to download and a provisioning QR code.
- POST /dashboard/kiosks/{id}/rotate: a new token (the old one stops at once), shown once.
- POST /dashboard/kiosks/{id}/revoke: the token refused from now on.
- POST /dashboard/kiosks/{id}/provision: a one-time link and its QR code.
- POST /dashboard/kiosks/{id}/kiosk.toml: the file, for the token the page holds.

A token or a link's code only ever travels in a POST body or an answer marked
no-store, never in a URL (which proxies and access logs keep); nothing here logs one.
The QR code is an inline SVG in the page that answers the POST (no image URL to
fetch it again).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlmodel import Session

from server import crud
from server.api.deps import NowMsDep, SessionDep, public_base
from server.core.writers import write_lock
from server.errors import AlreadyExists, InvalidInput, NotFound
from server.models import Kiosk
from server.models_accounts import Account
from server.permissions import Permission, allowed
from server.services import fleet
from server.services.provisioning import (
    DEFAULT_VALID_HOURS,
    HOUR_MS,
    issue_link,
    provision_url,
    qr_svg,
)
from server.web.dash.fleet_rows import row, utc
from server.web.dash.nav import NAV, NavEntry
from server.web.dash.tiles import Tile, register_tile
from server.web.dash_auth import CheckedForm, requires
from server.web.dash_render import render_dash
from server.web.rota_common import settings_of
from storywall.protocol.limits import SLUG_PATTERN

log = logging.getLogger(__name__)
router = APIRouter(tags=["dashboard"])
PAGE = "/dashboard/kiosks"
NAV.append(NavEntry("Kiosks", PAGE, Permission.KIOSKS))

KiosksAccount = Annotated[Account, requires(Permission.KIOSKS)]
KioskId = Annotated[str, Path(pattern=SLUG_PATTERN, max_length=63)]
NO_STORE = {"Cache-Control": "no-store"}
# What sets a kiosk up from a kiosk.toml or a link (docs/deployment.md).
INSTALLER = "deploy/install-kiosk.sh"
# The ids of fridges' form kiosks (server/fridges.py form_kiosk_id).
FORM_PREFIX = "form-"


def _list_page(
    request: Request,
    session: Session,
    account: Account,
    now_ms: int,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    settings = settings_of(request)
    groups = fleet.fleet(session, now_ms=now_ms, silent_minutes=settings.kiosk_silent_minutes)
    sites = [
        {
            "slug": group.site.slug,
            "name": group.site.name,
            "silent": group.silent,
            "rows": [row(item, now_ms) for item in group.kiosks],
        }
        for group in groups
    ]
    return render_dash(
        request,
        account,
        "dash/kiosks.html",
        {
            "sites": sites,
            "silent_minutes": settings.kiosk_silent_minutes,
            "errors": errors or {},
            "values": values or {},
            "notice": notice,
            "total": sum(len(group.kiosks) for group in groups),
            "silent": sum(group.silent for group in groups),
        },
        status_code=status_code,
    )


@router.get(PAGE, response_class=HTMLResponse)
def kiosks_page(
    request: Request, session: SessionDep, now_ms: NowMsDep, account: KiosksAccount
) -> HTMLResponse:
    """Every kiosk by site, with its health; and the form to register one."""
    notice = request.query_params.get("done")
    return _list_page(request, session, account, now_ms, notice=_NOTICES.get(notice or ""))


_NOTICES = {"revoked": "Revoked: the kiosk's token no longer works."}


def slug_from(name: str) -> str:
    """An id made from a kiosk's name: "Bandstand Café" -> "bandstand-cafe"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:63].rstrip("-")


def _field(form: CheckedForm, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _secrets_page(
    request: Request,
    session: Session,
    account: Account,
    secrets: fleet.KioskSecrets,
    now_ms: int,
    *,
    heading: str,
    with_link: bool,
) -> HTMLResponse:
    link = _link(request, session, secrets.kiosk.id, now_ms) if with_link else None
    return render_dash(
        request,
        account,
        "dash/kiosk_token.html",
        {
            "heading": heading,
            "kiosk": secrets.kiosk,
            "token": secrets.token,
            "kiosk_toml": secrets.kiosk_toml,
            "link": link,
            "has_public_url": bool(settings_of(request).public_url),
            "installer": INSTALLER,
        },
    )


@dataclass(frozen=True)
class Link:
    """A provisioning link just issued, as its page shows it."""

    url: str
    qr_svg: str
    until: str


def _link(request: Request, session: Session, kiosk_id: str, now_ms: int) -> Link | None:
    """A new one-time link for the kiosk (older unused ones cancelled), or None when the
    hub has no public address (a link could not name it)."""
    public_url = settings_of(request).public_url
    if not public_url:
        return None
    with write_lock(session.get_bind().engine):
        issued = issue_link(
            session,
            kiosk_id=kiosk_id,
            now_ms=now_ms,
            valid_ms=round(DEFAULT_VALID_HOURS * HOUR_MS),
        )
    url = provision_url(public_url, issued.code)
    log.info("kiosk %s: a one-time provisioning link issued", kiosk_id)
    return Link(url=url, qr_svg=qr_svg(url), until=utc(issued.expires_ms))


@router.post(PAGE, response_class=HTMLResponse)
def register_kiosk(
    request: Request,
    session: SessionDep,
    now_ms: NowMsDep,
    account: KiosksAccount,
    form: CheckedForm,
) -> HTMLResponse:
    """Register a kiosk at a site; the answer shows its token, once."""
    values = {name: _field(form, name) for name in ("site", "id", "name")}
    errors: dict[str, str] = {}
    if not values["site"]:
        errors["site"] = "Choose the kiosk's site."
    if not values["id"] and values["name"]:
        values["id"] = slug_from(values["name"])
    if not values["id"]:
        errors["id"] = "Give the kiosk an id, such as riverside-2."
    elif values["id"].startswith(FORM_PREFIX):
        errors["id"] = f"Ids starting with “{FORM_PREFIX}” are kept for fridges' forms."
    if not values["name"]:
        errors["name"] = "Give the kiosk a name people recognise, such as “Riverside gate”."
    if not errors:
        try:
            with write_lock(session.get_bind().engine):
                secrets = fleet.register(
                    session,
                    site_slug=values["site"],
                    kiosk_id=values["id"],
                    name=values["name"],
                    hub_url=public_base(request),
                    now_ms=now_ms,
                )
        except AlreadyExists:
            errors["id"] = f"A kiosk {values['id']!r} exists already: choose another id."
        except NotFound:
            errors["site"] = "That site does not exist (any more)."
        except InvalidInput as error:
            where = "id" if " id" in str(error) else "name"
            errors[where] = str(error).removeprefix("kiosk ")
        else:
            log.info("kiosk %s registered by account %s", secrets.kiosk.id, account.id)
            return _secrets_page(
                request,
                session,
                account,
                secrets,
                now_ms,
                heading=f"Kiosk {secrets.kiosk.name} registered",
                with_link=True,
            )
    return _list_page(
        request, session, account, now_ms, errors=errors, values=values, status_code=422
    )


@router.post(PAGE + "/{kiosk_id}/rotate", response_class=HTMLResponse)
def rotate_token(
    request: Request,
    kiosk_id: KioskId,
    session: SessionDep,
    now_ms: NowMsDep,
    account: KiosksAccount,
    form: CheckedForm,
) -> HTMLResponse:
    """A new token for the kiosk, shown once; the old one stops working at once."""
    if _fleet_kiosk(session, kiosk_id) is None:
        return _gone(request, account, NO_SUCH_KIOSK)
    with write_lock(session.get_bind().engine):
        secrets = fleet.rotate(session, kiosk_id=kiosk_id, hub_url=public_base(request))
    log.info("kiosk %s: token rotated by account %s", kiosk_id, account.id)
    return _secrets_page(
        request,
        session,
        account,
        secrets,
        now_ms,
        heading=f"New token for {secrets.kiosk.name}",
        with_link=False,
    )


@router.post(PAGE + "/{kiosk_id}/revoke")
def revoke_kiosk(
    request: Request,
    kiosk_id: KioskId,
    session: SessionDep,
    now_ms: NowMsDep,
    account: KiosksAccount,
    form: CheckedForm,
) -> Response:
    """Refuse the kiosk's token from now on (its events stay); back to the list."""
    if _fleet_kiosk(session, kiosk_id) is None:
        return _gone(request, account, NO_SUCH_KIOSK)
    with write_lock(session.get_bind().engine):
        crud.revoke_kiosk(session=session, kiosk_id=kiosk_id, revoked_ms=now_ms)
    log.info("kiosk %s revoked by account %s", kiosk_id, account.id)
    return RedirectResponse(f"{PAGE}?done=revoked", status_code=303, headers=NO_STORE)


@router.post(PAGE + "/{kiosk_id}/provision", response_class=HTMLResponse)
def provision_link(
    request: Request,
    kiosk_id: KioskId,
    session: SessionDep,
    now_ms: NowMsDep,
    account: KiosksAccount,
    form: CheckedForm,
) -> HTMLResponse:
    """A one-time link that sets the kiosk up (a new token), with its QR code."""
    kiosk = _fleet_kiosk(session, kiosk_id)
    if kiosk is None:
        return _gone(request, account, NO_SUCH_KIOSK)
    link = _link(request, session, kiosk_id, now_ms)
    # The link is a secret: render_dash sends every dashboard page no-store.
    return render_dash(
        request,
        account,
        "dash/kiosk_link.html",
        {"kiosk": kiosk, "link": link, "installer": INSTALLER},
        status_code=200 if link is not None else 503,
    )


@router.post(PAGE + "/{kiosk_id}/kiosk.toml")
def download_kiosk_toml(
    request: Request,
    kiosk_id: KioskId,
    session: SessionDep,
    account: KiosksAccount,
    form: CheckedForm,
) -> Response:
    """The kiosk.toml for the token the token page holds (posted back, never in a URL);
    refused when that token is no longer the kiosk's."""
    text = fleet.kiosk_toml_for(
        session, kiosk_id=kiosk_id, token=_field(form, "token"), hub_url=public_base(request)
    )
    if text is None:
        return _gone(
            request,
            account,
            "That token is not this kiosk's any more (rotated or revoked since): rotate it "
            "again for a new token and its kiosk.toml.",
        )
    return Response(
        text,
        media_type="text/plain; charset=utf-8",
        headers={**NO_STORE, "Content-Disposition": 'attachment; filename="kiosk.toml"'},
    )


def _fleet_kiosk(session: Session, kiosk_id: str) -> Kiosk | None:
    """The kiosk, if it is one of the fleet's (not a fridge's forms)."""
    kiosk = session.get(Kiosk, kiosk_id)
    if kiosk is None or fleet.is_form_kiosk(session, kiosk_id):
        return None
    return kiosk


def _gone(request: Request, account: Account, message: str) -> HTMLResponse:
    """A 404 in the dashboard's frame, not a JSON body a browser would show raw."""
    return render_dash(
        request,
        account,
        "dash/message.html",
        {"heading": "Not found", "message": message},
        status_code=404,
    )


NO_SUCH_KIOSK = "There is no such kiosk (any more). The list shows every kiosk there is."


@register_tile
def silent_kiosks_tile(session: Session, account: Account, now_ms: int) -> Tile | None:
    """How many kiosks are silent now: the open `kiosk_silent` alerts (the job's)."""
    if not allowed(account.role, Permission.KIOSKS):
        return None
    count = fleet.open_silences(session)
    detail = "none gone quiet" if count == 0 else "not heard from for a while: see which"
    return Tile("Silent kiosks", str(count), detail, PAGE)
