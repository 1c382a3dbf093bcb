"""`storywall admin ...`: sites, kiosks and prompts, straight on the hub's database."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from cli.commands._extras import require
from cli.commands.hub import apply_db_options
from cli.errors import StorywallError

if TYPE_CHECKING:
    from sqlmodel import Session


@contextmanager
def hub_session() -> Iterator[Session]:
    """A session on the hub's database (from STORYWALL_* settings), tables created."""
    from sqlmodel import Session

    from server.core.config import Settings
    from server.core.db import ensure_sqlite_dir, init_db, make_engine

    try:
        settings = Settings()
    except ValueError as error:
        raise StorywallError(f"settings: {error}") from error
    ensure_sqlite_dir(settings.database_url)
    engine = make_engine(settings.database_url)
    init_db(engine)
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def run(args: argparse.Namespace) -> int:
    require("hub", "sqlmodel", "fastapi")
    from server import crud
    from server.errors import HubError

    apply_db_options(args)
    try:
        with hub_session() as session:
            if args.action == "add-site":
                site = crud.create_site(
                    session=session, slug=args.slug, name=args.name, timezone=args.timezone
                )
                print(f"site {site.slug}: {site.name} ({site.timezone})")
            elif args.action == "add-kiosk":
                kiosk, token = crud.create_kiosk(
                    session=session,
                    site_slug=args.site,
                    kiosk_id=args.kiosk_id,
                    name=args.name or args.kiosk_id,
                )
                _print_token(kiosk.id, token)
            elif args.action == "rotate-token":
                kiosk, token = crud.rotate_kiosk_token(session=session, kiosk_id=args.kiosk_id)
                _print_token(kiosk.id, token)
            elif args.action == "revoke-kiosk":
                kiosk = crud.revoke_kiosk(session=session, kiosk_id=args.kiosk_id)
                print(f"kiosk {kiosk.id}: token revoked; its events stay")
            elif args.action == "set-prompt":
                prompt = crud.set_prompt(
                    session=session, site_slug=args.site, text=args.text, emoji=args.emoji
                )
                print(f"prompt {prompt.id} for {args.site}: {prompt.text} {' '.join(prompt.emoji)}")
            elif args.action == "list":
                _list(session)
    except HubError as error:
        raise StorywallError(str(error)) from error
    return 0


def _print_token(kiosk_id: str, token: str) -> None:
    print(f"kiosk {kiosk_id}: token (shown only now; the hub keeps only its hash):")
    print(token)


def _list(session: Session) -> None:
    from server import crud

    for site in crud.list_sites(session=session):
        assert site.id is not None
        prompt = crud.current_prompt(session=session, site_id=site.id)
        shown = f"{prompt.text} {' '.join(prompt.emoji)}" if prompt else "(no prompt)"
        print(f"site {site.slug}: {site.name} ({site.timezone}); prompt: {shown}")
        for kiosk in crud.list_kiosks(session=session, site_slug=site.slug):
            state = "revoked" if kiosk.revoked_ms is not None else "active"
            print(f"  kiosk {kiosk.id}: {kiosk.name} ({state})")
