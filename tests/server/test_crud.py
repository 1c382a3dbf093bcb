"""crud: sites, kiosks, tokens and prompts, with errors from server.errors."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from server import crud
from server.errors import AlreadyExists, HubError, InvalidInput, NotFound
from server.models import Kiosk
from server.security import TOKEN_PREFIX, hash_token
from tests.server.conftest import Seed
from tests.server.factories import NOW_MS


def test_create_kiosk_returns_token_once_and_stores_only_its_hash(
    session: Session, seed: Seed
) -> None:
    assert seed.token.startswith(TOKEN_PREFIX)
    assert len(seed.token) >= len(TOKEN_PREFIX) + 43
    stored = session.exec(select(Kiosk).where(Kiosk.id == "riverside-1")).one()
    assert stored.token_hash == hash_token(seed.token)
    assert seed.token not in stored.token_hash
    assert seed.token != seed.other_token


def test_kiosk_by_token(session: Session, seed: Seed) -> None:
    found = crud.kiosk_by_token(session=session, token=seed.token)
    assert found is not None and found.id == "riverside-1"
    assert crud.kiosk_by_token(session=session, token=seed.token + "x") is None
    assert crud.kiosk_by_token(session=session, token="not-a-token") is None
    assert crud.kiosk_by_token(session=session, token=TOKEN_PREFIX + "a" * 500) is None


def test_revoked_kiosk_has_no_token(session: Session, seed: Seed) -> None:
    revoked = crud.revoke_kiosk(session=session, kiosk_id="riverside-1", revoked_ms=5)
    assert revoked.revoked_ms == 5
    assert crud.kiosk_by_token(session=session, token=seed.token) is None
    # Idempotent: the first revocation time stays.
    assert crud.revoke_kiosk(session=session, kiosk_id="riverside-1").revoked_ms == 5


def test_duplicates_and_unknowns(session: Session, seed: Seed) -> None:
    with pytest.raises(AlreadyExists):
        crud.create_site(session=session, slug="riverside", name="Again", timezone="UTC")
    with pytest.raises(AlreadyExists):
        crud.create_kiosk(session=session, site_slug="harbour", kiosk_id="riverside-1", name="x")
    with pytest.raises(NotFound):
        crud.create_kiosk(session=session, site_slug="nowhere", kiosk_id="k-2", name="x")
    with pytest.raises(NotFound):
        crud.revoke_kiosk(session=session, kiosk_id="ghost")
    assert issubclass(NotFound, HubError) and issubclass(AlreadyExists, HubError)


@pytest.mark.parametrize(
    ("slug", "timezone"),
    [("Bad Slug", "UTC"), ("-dash", "UTC"), ("ok", "Mars/Olympus"), ("ok", "../../etc/passwd")],
)
def test_create_site_validates(session: Session, slug: str, timezone: str) -> None:
    with pytest.raises(InvalidInput):
        crud.create_site(session=session, slug=slug, name="Name", timezone=timezone)
    assert crud.list_sites(session=session) == []


@pytest.mark.parametrize(
    ("text", "emoji"),
    [
        ("", ["😀", "😢"]),
        ("x" * 201, ["😀", "😢"]),
        ("Fine?", ["😀"]),
        ("Fine?", ["1", "2", "3", "4", "5", "6", "7"]),
        ("Fine?", ["😀", "😀"]),
        ("Fine?", ["😀", ""]),
        ("Fine?", ["😀", "x" * 17]),
        ("Fine?", "😀😢"),
    ],
)
def test_set_prompt_validates(session: Session, seed: Seed, text: str, emoji: list[str]) -> None:
    with pytest.raises(InvalidInput):
        crud.set_prompt(
            session=session, site_slug="riverside", created_ms=NOW_MS, text=text, emoji=emoji
        )
    assert len(crud.list_prompts(session=session, site_slug="riverside")) == 1


def test_current_prompt_is_the_newest(session: Session, seed: Seed) -> None:
    assert seed.site.id is not None
    newer = crud.set_prompt(
        session=session,
        site_slug="riverside",
        created_ms=NOW_MS,
        text="  Again?  ",
        emoji=["👍", "👎"],
    )
    current = crud.current_prompt(session=session, site_id=seed.site.id, now_ms=NOW_MS)
    assert current is not None
    assert current.id == newer.id
    assert current.text == "Again?"
    assert current.emoji == ["👍", "👎"]
    other = crud.current_prompt(session=session, site_id=seed.other_site.id or 0, now_ms=NOW_MS)
    assert other is not None and other.id == seed.other_prompt.id


def test_list_kiosks(session: Session, seed: Seed) -> None:
    assert [k.id for k in crud.list_kiosks(session=session)] == ["harbour-1", "riverside-1"]
    assert [k.id for k in crud.list_kiosks(session=session, site_slug="harbour")] == ["harbour-1"]


def test_rotate_token_replaces_the_old_one_and_re_enables(session: Session, seed: Seed) -> None:
    crud.revoke_kiosk(session=session, kiosk_id="riverside-1")
    kiosk, token = crud.rotate_kiosk_token(session=session, kiosk_id="riverside-1")
    assert token != seed.token and token.startswith(TOKEN_PREFIX)
    assert kiosk.revoked_ms is None
    assert crud.kiosk_by_token(session=session, token=seed.token) is None
    found = crud.kiosk_by_token(session=session, token=token)
    assert found is not None and found.id == "riverside-1"
    with pytest.raises(NotFound):
        crud.rotate_kiosk_token(session=session, kiosk_id="ghost")
