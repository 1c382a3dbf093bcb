"""What the rota's tests share: a fridge with a daily check time, links, form fields."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from server.core.config import Settings
from server.models import Site
from server.models_rota import RotaSlot
from server.services import rota
from server.services.rota_links import check_token, take_token
from tests.server.factories import NOW_MS, iso

DAY_MS = 86_400_000
HOUR_MS = 3_600_000
# Harbour is in America/New_York: NOW_MS is 08:00 there, so today's 10:00 slot is
# due two hours from now.
TODAY_10 = NOW_MS + 2 * HOUR_MS


def daily_at_ten(session: Session, site: Site) -> int:
    """Give the fridge a daily 10:00 check; how many slots that made."""
    _schedule, made = rota.add_schedule(session, site=site, at="10:00", days="daily", now_ms=NOW_MS)
    return made


def slots(engine: Engine, site_id: int) -> list[RotaSlot]:
    """Every slot of the site, by due time."""
    with Session(engine) as session:
        return list(
            session.exec(
                select(RotaSlot)
                .where(col(RotaSlot.site_id) == site_id)
                .order_by(col(RotaSlot.due_ms))
            ).all()
        )


def take_path(settings: Settings, site_id: int, until_ms: int = NOW_MS + 30 * DAY_MS) -> str:
    """The organisers' shared link."""
    return f"/rota/take/{take_token(settings.secret_key, site_id=site_id, until_ms=until_ms)}"


def sticker_check_path(settings: Settings, site_id: int) -> str:
    """The fridge's check QR link."""
    return f"/c/{check_token(settings.secret_key, site_id=site_id)}"


def hidden(html: str, name: str) -> str:
    """A hidden field's value in a page."""
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, f"no hidden field {name!r}"
    return found.group(1)


def take(client: httpx.Client, path: str, slot_id: int, nickname: str) -> httpx.Response:
    """Open the take page, then post the form as a browser would."""
    page = client.get(path)
    assert page.status_code == 200, page.text
    return client.post(
        path,
        data={
            "slot": str(slot_id),
            "nickname": nickname,
            "csrf_token": hidden(page.text, "csrf_token"),
        },
        follow_redirects=False,
    )


def kiosk_check(*, seq: int, wall_ms: int, **payload: Any) -> dict[str, Any]:
    """A check event as the fridge's kiosk (harbour-1) sends it."""
    return {
        "v": 1,
        "id": str(uuid.uuid4()),
        "kiosk_id": "harbour-1",
        "boot_id": "boot-a",
        "seq": seq,
        "mono_ms": 60_000 + seq,
        "wall_time": iso(wall_ms),
        "clock_synced": True,
        "type": "check",
        "payload": {"via": "kiosk", "done": ["shelves_wiped"], **payload},
    }
