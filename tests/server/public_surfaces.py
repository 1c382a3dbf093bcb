"""Every public surface of the hub, as text: what a passer-by, a feed reader or a
kiosk can see without an organiser's login.

`PUBLIC_SURFACES` is the one list the moderation property test
(tests/server/test_public_surfaces_property.py) reads: it asserts that a note,
doodle or photo shows in none of these unless it is approved. A new public page,
feed, export or kiosk pull is added here, or that test cannot see it.

Each surface is a function `(client, known) -> str`: `client` talks to the app
(TestClient, whose `.app` also gives the engine for surfaces rendered without HTTP,
such as the wall image's description) and `known` names what only the test knows:
the kiosks' tokens (for their pulls) and the media hashes it made (for the media
routes, which are asked for each one and expose the hashes they serve).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import NamedTuple

from sqlmodel import Session, select
from starlette.testclient import TestClient

from server.models import Kiosk, Site
from server.models_fridge import Fridge
from server.services.poster import this_week
from server.services.wall_image import describe
from tests.server.factories import auth

WALL_IMAGE_SIZE = (800, 480)


@dataclass
class Known:
    """What the surfaces need that the hub does not publish."""

    kiosk_tokens: dict[str, str] = field(default_factory=dict)
    # Doodle PNGs and drop-off photos, by SHA-256 (of the upload, for a photo).
    doodles: list[str] = field(default_factory=list)
    photos: list[str] = field(default_factory=list)


class Surface(NamedTuple):
    """One public surface: its name (for failure messages) and how to read it."""

    name: str
    read: Callable[[TestClient, Known], str]


def _get(client: TestClient, path: str, **params: str) -> str:
    response = client.get(path, params=params)
    assert response.status_code in (200, 404), (path, response.status_code)
    return response.text if response.status_code == 200 else ""


def _slugs(client: TestClient, *, fridges_only: bool = False) -> list[str]:
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        statement = select(Site.slug)
        if fridges_only:
            statement = statement.join(Fridge, Fridge.site_id == Site.id)  # type: ignore[arg-type]
        return list(session.exec(statement).all())


def wall_page(client: TestClient, known: Known) -> str:
    """GET /, every site, and each site's own wall."""
    pages = [_get(client, "/")]
    pages += [_get(client, "/", site=slug) for slug in _slugs(client)]
    return "\n".join(pages)


def wall_json(client: TestClient, known: Known) -> str:
    """GET /wall.json, every site and each one."""
    pages = [_get(client, "/wall.json")]
    pages += [_get(client, "/wall.json", site=slug) for slug in _slugs(client)]
    return "\n".join(pages)


def kiosk_config(client: TestClient, known: Known) -> str:
    """GET /api/v1/kiosk/config as each kiosk pulls it (its `notes`)."""
    pulls = []
    for token in known.kiosk_tokens.values():
        response = client.get("/api/v1/kiosk/config", headers=auth(token))
        assert response.status_code == 200, response.text
        pulls.append(response.text)
    return "\n".join(pulls)


def wall_image(client: TestClient, known: Known) -> str:
    """What each kiosk's wall image draws (wall_image.describe: the PNG's content)."""
    engine = client.app.state.engine  # type: ignore[attr-defined]
    clock = client.app.state.clock  # type: ignore[attr-defined]
    shown = []
    with Session(engine) as session:
        for kiosk in session.exec(select(Kiosk)).all():
            picture = describe(session, kiosk, now_ms=clock(), size=WALL_IMAGE_SIZE, language=None)
            shown.append(json.dumps(asdict(picture), ensure_ascii=False))
    return "\n".join(shown)


def weekly_posters(client: TestClient, known: Known) -> str:
    """GET /poster/<site>/<this week>.json for each site: what its A3 poster draws (its
    PNG and PDF are drawn from the same description)."""
    engine = client.app.state.engine  # type: ignore[attr-defined]
    clock = client.app.state.clock  # type: ignore[attr-defined]
    with Session(engine) as session:
        weeks = [(site.slug, this_week(site, clock())) for site in session.exec(select(Site))]
    return "\n".join(_get(client, f"/poster/{slug}/{week}.json") for slug, week in weeks)


def fridge_pages(client: TestClient, known: Known) -> str:
    """The fridges' list, pages and their JSON: where a drop-off's photo can show."""
    pages = [_get(client, "/fridges"), _get(client, "/fridges.json")]
    for slug in _slugs(client, fridges_only=True):
        pages += [_get(client, f"/fridges/{slug}"), _get(client, f"/fridges/{slug}.json")]
    return "\n".join(pages)


def fridge_feeds(client: TestClient, known: Known) -> str:
    """The fridges' Atom and JSON feeds, all and each."""
    feeds = [_get(client, "/fridges/feed.atom"), _get(client, "/fridges/feed.json")]
    for slug in _slugs(client, fridges_only=True):
        feeds += [
            _get(client, f"/fridges/{slug}/feed.atom"),
            _get(client, f"/fridges/{slug}/feed.json"),
        ]
    return "\n".join(feeds)


def site_feeds(client: TestClient, known: Known) -> str:
    """Each site's Atom and JSON feed of replies, spotlights and "you said, we did" cards."""
    feeds = []
    for slug in _slugs(client):
        feeds += [
            _get(client, f"/sites/{slug}/feed.atom"),
            _get(client, f"/sites/{slug}/feed.json"),
        ]
    return "\n".join(feeds)


def media_routes(client: TestClient, known: Known) -> str:
    """The hashes GET /media/<sha256>.png and /media/photos/<sha256>/... serve."""
    served = []
    for sha256 in known.doodles:
        response = client.get(f"/media/{sha256}.png")
        assert response.status_code in (200, 404)
        if response.status_code == 200:
            served.append(sha256)
    for sha256 in known.photos:
        for size in ("display", "thumb"):
            response = client.get(f"/media/photos/{sha256}/{size}.jpg")
            assert response.status_code in (200, 404)
            if response.status_code == 200:
                served.append(sha256)
    return "\n".join(served)


PUBLIC_SURFACES: list[Surface] = [
    Surface("wall page", wall_page),
    Surface("wall.json", wall_json),
    Surface("kiosk config", kiosk_config),
    Surface("wall image", wall_image),
    Surface("weekly posters", weekly_posters),
    Surface("fridge pages", fridge_pages),
    Surface("fridge feeds", fridge_feeds),
    Surface("site feeds", site_feeds),
    Surface("media routes", media_routes),
]
