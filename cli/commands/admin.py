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

from cli.commands import account_admin, prompt_admin, rota_admin
from cli.commands._database import (
    describe_upgrade,
    hub_settings,
    say_database,
    upgrade_command,
    upgrade_database,
)
from cli.commands._extras import require
from cli.commands._provisioning import (
    check_qr_path,
    hub_address,
    kiosk_config_file,
    provision_kiosk,
    write_kiosk_config,
)
from cli.errors import StorywallError
from cli.fridge_args import fridge_flag_words
from cli.site_prompt_args import site_values

if TYPE_CHECKING:
    from sqlmodel import Session

    from server.core.config import Settings
    from server.models import Prompt, Site

PROG = "storywall admin"


@contextmanager
def hub_session(settings: Settings, *, prog: str = PROG, say: bool = True) -> Iterator[Session]:
    """A session on the hub's database, which must exist at head: nothing is created.

    `prog` names the command in the line that says which database it used; `say=False`
    leaves that line to a caller that has already printed it."""
    from sqlmodel import Session

    from server.core.db import make_engine
    from server.core.migrate import DatabaseNotReady, require_head

    engine = make_engine(settings.database_url)
    try:
        try:
            state = require_head(engine, upgrade_command(settings))
        except DatabaseNotReady as error:
            raise StorywallError(str(error)) from None
        if say:
            say_database(prog, state.where)
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def run(args: argparse.Namespace) -> int:
    require("hub", "sqlmodel", "fastapi", "alembic")
    settings = hub_settings(args)
    if args.action in ("backup", "restore"):
        from cli.commands import backup

        return backup.run(args, settings)
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
    from server.clock import now_ms
    from server.errors import HubError

    # Refused before the database is touched: nothing changes when these fail.
    config_file = kiosk_config_file(args, settings) if "kiosk_config" in args else None
    public_url = ""
    if args.action == "provision-kiosk":
        public_url = hub_address(settings, "provision-kiosk")
        check_qr_path(args.qr)
    if args.action == "rota-link":
        public_url = hub_address(settings, "rota-link")
    email = password = ""
    if args.action == "create-organiser":
        email = account_admin.check_email(args)
        password = account_admin.read_password(args)
    try:
        with hub_session(settings) as session:
            if args.action == "add-site":
                site = crud.create_site(
                    session=session,
                    slug=args.slug,
                    name=args.name,
                    timezone=args.timezone,
                    **site_values(args),
                )
                site = _set_moderation(session, site, args.moderation)
                print(describe_site(site))
            elif args.action == "update-site":
                changes = site_values(args, changing=True)
                if not changes and args.moderation is None:
                    raise StorywallError("update-site: name something to change (see --help)")
                if changes:
                    site = crud.update_site(session=session, slug=args.slug, **changes)
                else:
                    site = crud.get_site(session=session, slug=args.slug)
                site = _set_moderation(session, site, args.moderation)
                print(describe_site(site))
            elif args.action == "add-kiosk":
                kiosk, token = crud.create_kiosk(
                    session=session,
                    site_slug=args.site,
                    kiosk_id=args.kiosk_id,
                    name=args.name or args.kiosk_id,
                )
                _print_token(kiosk.id, token)
                if config_file is not None:
                    write_kiosk_config(config_file, kiosk_id=kiosk.id, token=token)
            elif args.action == "rotate-token":
                kiosk, token = crud.rotate_kiosk_token(session=session, kiosk_id=args.kiosk_id)
                _print_token(kiosk.id, token)
                if config_file is not None:
                    write_kiosk_config(config_file, kiosk_id=kiosk.id, token=token)
            elif args.action == "provision-kiosk":
                provision_kiosk(session, args, public_url=public_url, now_ms=now_ms())
            elif args.action == "revoke-kiosk":
                kiosk = crud.revoke_kiosk(session=session, kiosk_id=args.kiosk_id)
                print(f"kiosk {kiosk.id}: token revoked; its events stay")
            elif args.action == "set-prompt":
                prompt = prompt_admin.set_prompt(session, args)
                sites = ", ".join(dict.fromkeys(args.site))
                print(f"prompt {prompt.id} for {sites}: {describe_prompt(prompt)}")
            elif args.action in ("prompts", "prompt", "calendar"):
                prompt_admin.manage(session, args)
            elif args.action == "list":
                _list(session)
            elif args.action == "moderation":
                _moderation(session, args)
            elif args.action in ("add-fridge", "set-fridge", "list-fridges"):
                _fridges(session, args)
            elif args.action == "outbound":
                _outbound(session, args)
            elif args.action.startswith("rota-"):
                rota_admin.manage(session, args, settings, public_url)
            elif args.action == "charts-rebuild":
                _charts_rebuild(session, args.site)
            elif args.action == "create-organiser":
                account_admin.create_organiser(session, args, email, password)
    except HubError as error:
        raise StorywallError(_in_flag_words(str(error))) from error
    return 0


def _charts_rebuild(session: Session, slug: str | None) -> None:
    from server import crud
    from server.clock import now_ms
    from server.services.rollup import rebuild_sites

    site_ids = None if slug is None else [crud.get_site(session=session, slug=slug).id or 0]
    rebuilt = rebuild_sites(session, site_ids=site_ids, now_ms=now_ms())
    session.commit()
    print(f"charts: rollup counted again from the raw events for {rebuilt} site(s)")


# crud names the model's field; the person at the command line typed a flag.
_FLAG_WORDS = {
    "prompt text:": "--text:",
    "prompt texts.": "--text ",
    "prompt emoji:": "--emoji (2 to 6 emoji, separated by spaces):",
    "prompt emoji.": "--emoji, item ",
    "prompt options:": "--poll:",
    "prompt options.": "--poll, option ",
    "prompt option_texts.": "--option-texts ",
    "prompt option_texts:": "--option-texts:",
    "prompt runs.": "--start/--end at ",
    "site timezone:": "--timezone:",
    "site name:": "--name:",
    "site languages": "--languages",
    "site quiet_": "--quiet-hours, ",
    "site operator:": "--operator:",
    "site contact:": "--contact:",
    "kiosk name:": "--name:",
    "link validity:": "--valid-hours:",
    "prompt:": "set-prompt:",
    "rota at:": "--at:",
    "rota days:": "--days:",
    "email:": "--email:",
    "name:": "--name:",
}


def _in_flag_words(message: str) -> str:
    if message.startswith("fridge"):
        return fridge_flag_words(message)
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
    from server.clock import now_ms

    for site in crud.list_sites(session=session):
        assert site.id is not None
        prompt = crud.current_prompt(session=session, site_id=site.id, now_ms=now_ms())
        shown = describe_prompt(prompt) if prompt else "(no prompt)"
        print(f"{describe_site(site)}; prompt: {shown}")
        for kiosk in crud.list_kiosks(session=session, site_slug=site.slug):
            state = "revoked" if kiosk.revoked_ms is not None else "active"
            print(f"  kiosk {kiosk.id}: {kiosk.name} ({state})")


def _set_moderation(session: Session, site: Site, mode: str | None) -> Site:
    from server.services.arrivals import set_site_moderation

    if mode is None or mode == site.moderation:
        return site
    return set_site_moderation(session, site=site, mode=mode)


def _fridges(session: Session, args: argparse.Namespace) -> None:
    from cli.commands import _fridges

    if args.action == "add-fridge":
        _fridges.add_fridge(session, args)
    elif args.action == "set-fridge":
        _fridges.set_fridge(session, args)
    else:
        _fridges.list_fridges(session)


def _moderation(session: Session, args: argparse.Namespace) -> None:
    import getpass

    from server.clock import now_ms
    from server.media import LocalMediaStore
    from server.services import moderation
    from server.services.photos import held_photo

    if args.moderation_action == "list":
        held = moderation.list_held(session)
        for item in held:
            print(item.describe())
        print(f"{len(held)} held", file=sys.stderr)
        return
    if args.moderation_action == "log":
        for line in moderation.audit_log(session, site_slug=args.site, limit=args.limit):
            reason = f": {line.reason}" if line.reason else ""
            print(
                f"{line.id} {line.event_id} {line.type} {line.site_slug} {line.state} "
                f"by {line.decided_by or '-'}{reason}"
            )
        return
    if args.moderation_action == "photo":
        store = LocalMediaStore(hub_settings(args).data_dir / "media")
        data = held_photo(session, store, event_id=args.event_id)
        args.out.write_bytes(data)
        print(f"{args.event_id}: photo written to {args.out} ({len(data)} bytes)")
        return
    by = args.by or getpass.getuser()
    if args.moderation_action == "approve":
        moderation.approve(session, event_id=args.event_id, decided_by=by, now_ms=now_ms())
        print(f"{args.event_id}: approved by {by}")
    elif args.moderation_action == "hide":
        moderation.hide(
            session, event_id=args.event_id, reason=args.reason, decided_by=by, now_ms=now_ms()
        )
        print(f"{args.event_id}: hidden by {by}")
    else:
        moderation.reject(
            session, event_id=args.event_id, reason=args.reason, decided_by=by, now_ms=now_ms()
        )
        print(f"{args.event_id}: rejected by {by}")


def _outbound(session: Session, args: argparse.Namespace) -> None:
    from sqlalchemy import Engine

    from server.clock import now_ms
    from server.publish import queue

    engine = session.get_bind()
    assert isinstance(engine, Engine)
    if args.outbound_action == "list":
        rows = queue.undelivered(engine)
        for row in rows:
            print(row.describe())
        tally = queue.counts(engine)
        print(
            f"{tally['pending']} pending, {tally['failed']} failed, {tally['delivered']} delivered",
            file=sys.stderr,
        )
        return
    if not queue.requeue(engine, args.row_id, now_ms=now_ms()):
        raise StorywallError(f"outbound retry: no failed delivery {args.row_id}")
    print(f"{args.row_id}: will be sent again at the next run")


def describe_site(site: Site) -> str:
    """One line: the site, its languages, quiet hours and who runs it."""
    line = f"site {site.slug}: {site.name} ({site.timezone}, {','.join(site.languages)})"
    if site.quiet_start and site.quiet_end:
        line += f"; quiet {site.quiet_start}-{site.quiet_end}"
    if site.operator:
        line += f"; run by {site.operator}" + (f" ({site.contact})" if site.contact else "")
    if site.moderation == "post":
        line += "; post-moderated"
    return line


def describe_prompt(prompt: Prompt) -> str:
    """One line: the question and its answers (poll options in quotes)."""
    if prompt.kind == "poll":
        answers = " / ".join(f'"{option}"' for option in prompt.options)
    else:
        answers = " ".join(prompt.emoji)
    kind = "" if prompt.kind == "emoji" else f"{prompt.kind}: "
    more = f" [+{','.join(sorted(prompt.texts))}]" if prompt.texts else ""
    return f"{prompt.text}{more} {kind}{answers}"
