"""`storywall admin ...`: sites, kiosks, prompts and the schema, on the hub's database.

Only `admin db upgrade` creates or changes tables; every other action needs a hub
database at the newest revision and says which database it used on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from cli.commands._database import (
    describe_upgrade,
    hub_settings,
    say_database,
    upgrade_command,
    upgrade_database,
)
from cli.commands._extras import require
from cli.errors import StorywallError

if TYPE_CHECKING:
    from sqlmodel import Session

    from server.core.config import Settings

PROG = "storywall admin"


@contextmanager
def hub_session(settings: Settings, *, prog: str = PROG) -> Iterator[Session]:
    """A session on the hub's database, which must exist at head: nothing is created.

    `prog` names the command in the line that says which database it used."""
    from sqlmodel import Session

    from server.core.db import make_engine
    from server.core.migrate import DatabaseNotReady, require_head

    engine = make_engine(settings.database_url)
    try:
        try:
            state = require_head(engine, upgrade_command(settings))
        except DatabaseNotReady as error:
            raise StorywallError(str(error)) from None
        say_database(prog, state.where)
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def run(args: argparse.Namespace) -> int:
    require("hub", "sqlmodel", "fastapi", "alembic")
    settings = hub_settings(args)
    if args.action == "db":
        return _db(args.db_action, settings)
    return _manage(args, settings)


def _db(action: str, settings: Settings) -> int:
    from server.core.migrate import DatabaseNotReady, current

    if action == "upgrade":
        before, after = upgrade_database(settings)
        say_database(PROG, after.where)
        print(describe_upgrade(before, after))
        return 0
    try:
        state = current(settings.database_url)
    except DatabaseNotReady as error:
        raise StorywallError(str(error)) from None
    if state.empty:
        problem = state.problem(upgrade_command(settings))
        raise StorywallError(str(problem))
    say_database(PROG, state.where)
    print(state.describe())
    return 0


def _manage(args: argparse.Namespace, settings: Settings) -> int:
    from server import crud
    from server.errors import HubError

    try:
        with hub_session(settings) as session:
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
        raise StorywallError(_in_flag_words(str(error))) from error
    return 0


# crud names the model's field; the person at the command line typed a flag.
_FLAG_WORDS = {
    "prompt text:": "--text:",
    "prompt emoji:": "--emoji (2 to 6 emoji, separated by spaces):",
    "prompt emoji.": "--emoji, item ",
    "site timezone:": "--timezone:",
    "site name:": "--name:",
    "kiosk name:": "--name:",
}


def _in_flag_words(message: str) -> str:
    for field, flag in _FLAG_WORDS.items():
        if message.startswith(field):
            return flag + message.removeprefix(field)
    return message


def _print_token(kiosk_id: str, token: str) -> None:
    # The token alone on stdout, so TOKEN=$(storywall admin add-kiosk ...) works;
    # the words around it go to stderr with the database line.
    print(f"kiosk {kiosk_id}: its token follows, shown only now (the hub keeps a hash)",
          file=sys.stderr)  # fmt: skip
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
