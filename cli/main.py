"""The `storywall` command: hub, kiosk, demo, admin, qr, poster and simulate.

Each subcommand lives in cli/commands/ and is imported only when chosen, so
`storywall kiosk` works on a Pi that has only the kiosk extra installed.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from cli.account_args import add_account_actions
from cli.arguments import Parser
from cli.errors import StorywallError
from cli.fridge_args import add_fridge_options
from cli.prompt_args import add_prompt_actions
from cli.provision_args import add_kiosk_config_options, add_provision_options
from cli.rota_args import add_rota_actions
from cli.site_prompt_args import add_prompt_options, add_site_options
from storywall import __version__


def _add_hub_db_options(parser: argparse.ArgumentParser, *, after_action: bool = False) -> None:
    # After an action, an absent flag must not overwrite one given before it.
    default = argparse.SUPPRESS if after_action else None
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=default,
        help="folder for the SQLite database and media (env STORYWALL_DATA_DIR, default ./data)",
    )
    parser.add_argument(
        "--database-url",
        default=default,
        help="SQLAlchemy URL, e.g. postgresql+psycopg://... (env STORYWALL_DATABASE_URL)",
    )


def port_number(value: str) -> int:
    """An argparse type: a TCP port a server can listen on."""
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 1-65535, not {port}")
    return port


def non_negative_int(value: str) -> int:
    """An argparse type: a whole number, 0 or more."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {number}")
    return number


def iso_week(value: str) -> str:
    """An argparse type: an ISO week such as 2026-W48."""
    if not re.fullmatch(r"[0-9]{4}-W[0-9]{2}", value):
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO week such as 2026-W48")
    return value


def _add_moderation_mode(parser: argparse.ArgumentParser, *, default: str | None) -> None:
    parser.add_argument(
        "--moderation",
        choices=("pre", "post"),
        default=default,
        help="pre: notes and doodles wait for a person before they are public (the default); "
        "post: public at once, checked after, and a flagged one still waits",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="storywall", description="Park story walls and community fridges.")
    parser.add_argument("--version", action="version", version=f"storywall {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    hub = commands.add_parser("hub", help="run the hub (FastAPI under uvicorn)")
    _add_hub_db_options(hub)
    hub.add_argument("--host", default="127.0.0.1", help="address to listen on")
    hub.add_argument("--port", type=port_number, default=8000, help="TCP port to listen on")
    hub.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    hub.add_argument(
        "--forwarded-allow-ips",
        metavar="IPS",
        help="comma-separated addresses of reverse proxies whose X-Forwarded-For/-Proto "
        "headers are trusted, or '*' (default: env FORWARDED_ALLOW_IPS, else 127.0.0.1)",
    )

    kiosk = commands.add_parser("kiosk", help="run a kiosk from its config file")
    kiosk.add_argument("--config", type=Path, required=True, help="kiosk TOML file")
    kiosk.add_argument(
        "--mock-hardware",
        action="store_true",
        help="use mock GPIO pins (keys 1-6 press the buttons): for a laptop",
    )
    kiosk.add_argument("--headless", action="store_true", help="no window even with a display")

    demo = commands.add_parser("demo", help="hub + simulated kiosk + sample data, on SQLite")
    demo.add_argument(
        "--data-dir",
        type=Path,
        default=Path("demo-data"),
        help="where the demo keeps its hub database, kiosk outbox and logs between runs",
    )
    demo.add_argument("--port", type=port_number, default=8000, help="the hub's TCP port")
    demo.add_argument("--headless", action="store_true", help="no kiosk window")
    demo.add_argument(
        "--sample-presses",
        type=non_negative_int,
        default=60,
        help="presses the simulated kiosk records (and syncs) before the demo opens",
    )
    demo.add_argument(
        "--live-rate",
        type=float,
        default=0.2,
        help="presses per second the simulated kiosk keeps making afterwards; 0 for none",
    )

    admin = commands.add_parser("admin", help="manage sites, kiosks and prompts")
    _add_hub_db_options(admin)
    actions = admin.add_subparsers(dest="action", required=True, metavar="ACTION")
    add_site = actions.add_parser("add-site", help="add a site (a park or a fridge)")
    add_site.add_argument("slug", help="short id used in URLs, e.g. riverside")
    add_site.add_argument("--name", required=True, help="the name shown on the wall")
    add_site.add_argument("--timezone", default="Europe/London", help="IANA time zone")
    add_site_options(add_site)
    _add_moderation_mode(add_site, default="pre")
    update_site = actions.add_parser(
        "update-site", help="change a site's name, time zone, languages or house rules"
    )
    update_site.add_argument("slug", help="the site's slug")
    update_site.add_argument("--name", help="the name shown on the wall")
    update_site.add_argument("--timezone", help="IANA time zone")
    add_site_options(update_site, changing=True)
    _add_moderation_mode(update_site, default=None)
    add_kiosk = actions.add_parser("add-kiosk", help="add a kiosk; prints its token once")
    add_kiosk.add_argument("kiosk_id", help="short id, e.g. riverside-gate")
    add_kiosk.add_argument("--site", required=True, help="site slug")
    add_kiosk.add_argument("--name", help="human name (default: the id)")
    revoke = actions.add_parser("revoke-kiosk", help="revoke a kiosk's token")
    revoke.add_argument("kiosk_id", help="the kiosk's id")
    rotate = actions.add_parser("rotate-token", help="give a kiosk a new token; prints it once")
    rotate.add_argument("kiosk_id", help="the kiosk's id")
    for kiosk_action in (add_kiosk, rotate):
        add_kiosk_config_options(kiosk_action)
    add_provision_options(
        actions.add_parser(
            "provision-kiosk",
            help="print a one-time link that sets a kiosk up (its kiosk.toml, a new token)",
        )
    )
    set_prompt = actions.add_parser(
        "set-prompt", help="a new prompt at one site or more: from now, at a time, or a day"
    )
    set_prompt.add_argument(
        "--site", required=True, action="append", help="site slug (again for more sites)"
    )
    add_prompt_options(set_prompt)
    add_prompt_actions(actions)
    actions.add_parser("list", help="list sites, kiosks and current prompts")
    add_fridge = actions.add_parser(
        "add-fridge",
        help="make a site a community fridge (with --name: create the site too)",
        description="Make a site a community fridge, with the default rules and food-safety "
        "settings unless given (docs/fridges.md). With --name, the site is created first.",
    )
    add_fridge.add_argument("slug", help="the site's slug, e.g. elm-street")
    add_fridge.add_argument("--name", help="a new site's name, e.g. 'Elm Street fridge'")
    add_fridge.add_argument("--timezone", help="a new site's IANA time zone (Europe/London)")
    add_fridge_options(add_fridge)
    set_fridge = actions.add_parser(
        "set-fridge", help="change a fridge's address, position, rules or food-safety settings"
    )
    set_fridge.add_argument("slug", help="the fridge's site slug")
    add_fridge_options(set_fridge)
    actions.add_parser("list-fridges", help="list fridges with their settings, rules and status")
    add_rota_actions(actions)
    charts = actions.add_parser(
        "charts-rebuild",
        help="count the charts' rollup again from the raw events (all sites, or one)",
        description="Throw away the charts' rollup and count it again from the raw events, "
        "which stay the truth (docs/charts.md). The hub keeps it up to date by itself; run "
        "this after restoring events by hand, or to build a big hub's rollup at once after "
        "upgrading.",
    )
    charts.add_argument("--site", help="only this site's slug")
    add_account_actions(actions)
    moderation = actions.add_parser(
        "moderation", help="notes, doodles and drop-off photos held for a person"
    )
    moderation_actions = moderation.add_subparsers(
        dest="moderation_action", required=True, metavar="MODERATION_ACTION"
    )
    moderation_actions.add_parser(
        "list", help="the held notes, doodles and drop-off photos, oldest first"
    )
    photo = moderation_actions.add_parser(
        "photo", help="write a held drop-off's photo (its display JPEG) to a file, to look at"
    )
    photo.add_argument("event_id", help="the drop-off's event id (from `moderation list`)")
    photo.add_argument("out", type=Path, help="the JPEG file to write")
    approve = moderation_actions.add_parser("approve", help="show it publicly")
    approve.add_argument("event_id", help="the event's id (from `moderation list`)")
    reject = moderation_actions.add_parser("reject", help="keep it off every public page")
    reject.add_argument("event_id", help="the event's id (from `moderation list`)")
    reject.add_argument("--reason", required=True, help="why, for the audit log")
    hide = moderation_actions.add_parser(
        "hide", help="take an approved one down from every public page"
    )
    hide.add_argument("event_id", help="the event's id")
    hide.add_argument("--reason", required=True, help="why, for the audit log")
    log = moderation_actions.add_parser("log", help="the audit log, newest first")
    log.add_argument("--site", help="only this site's (its slug)")
    log.add_argument("--limit", type=non_negative_int, default=50, help="how many lines")
    for decision in (approve, reject, hide):
        decision.add_argument("--by", help="who decides (default: your login name)")
    outbound = actions.add_parser(
        "outbound", help="the outbound queue: posts and alert digests not delivered yet"
    )
    outbound_actions = outbound.add_subparsers(
        dest="outbound_action", required=True, metavar="OUTBOUND_ACTION"
    )
    outbound_actions.add_parser("list", help="pending and failed deliveries, oldest first")
    retry = outbound_actions.add_parser("retry", help="send a failed delivery again")
    retry.add_argument("row_id", type=int, help="the row's id (from `outbound list`)")
    backup = actions.add_parser(
        "backup", help="back the hub up (database and media) into one tar file, while it runs"
    )
    backup.add_argument("archive", type=Path, metavar="OUT.tar", help="the backup file to write")
    restore = actions.add_parser(
        "restore", help="restore a backup into this hub's database and media (hub stopped)"
    )
    restore.add_argument("archive", type=Path, metavar="IN.tar", help="a backup file")
    restore.add_argument(
        "--force", action="store_true", help="replace a hub database that already holds data"
    )
    db = actions.add_parser("db", help="the hub's database schema (migrations)")
    db_actions = db.add_subparsers(dest="db_action", required=True, metavar="DB_ACTION")
    db_actions.add_parser("upgrade", help="create the database if absent; migrate it to the newest")
    db_actions.add_parser("current", help="print the database's revision and whether it is newest")
    # `storywall admin list --data-dir DIR` works as well as `storywall admin --data-dir DIR list`.
    for action in (
        *actions.choices.values(),
        *db_actions.choices.values(),
        *moderation_actions.choices.values(),
        *outbound_actions.choices.values(),
    ):
        _add_hub_db_options(action, after_action=True)

    qr = commands.add_parser("qr", help="printable QR codes: a fridge's drop-off sticker")
    qr_kinds = qr.add_subparsers(dest="qr_kind", required=True, metavar="KIND")
    qr_fridge = qr_kinds.add_parser(
        "fridge", help="a fridge's A6 drop-off sticker, as PNG and PDF (needs STORYWALL_PUBLIC_URL)"
    )
    qr_fridge.add_argument("slug", help="the fridge's site slug, e.g. elm-street-fridge")
    qr_fridge.add_argument(
        "--out", type=Path, default=Path("."), help="folder to write the sticker in"
    )
    _add_hub_db_options(qr_fridge)

    poster = commands.add_parser(
        "poster", help="a site's weekly A3 poster (PNG or PDF): approved notes and doodles only"
    )
    poster.add_argument("site", help="the site's slug, e.g. riverside")
    poster.add_argument(
        "--week", type=iso_week, default=None, help="ISO week, e.g. 2026-W48 (default: this one)"
    )
    poster.add_argument(
        "--out", type=Path, required=True, help="the file to write: poster.png or poster.pdf"
    )
    _add_hub_db_options(poster)

    simulate = commands.add_parser(
        "simulate", help="N virtual kiosks pressing buttons through the real outbox and sync"
    )
    simulate.add_argument("--hub", required=True, help="hub URL, e.g. http://127.0.0.1:8000")
    simulate.add_argument(
        "--tokens", type=Path, required=True, help="file of 'kiosk_id token' lines"
    )
    simulate.add_argument(
        "--kiosks", default="all", help="how many kiosks of the tokens file to use: N or all"
    )
    simulate.add_argument("--rate", type=float, default=1.0, help="presses per second per kiosk")
    simulate.add_argument("--duration", type=float, default=10.0, help="seconds to press for")
    simulate.add_argument(
        "--work-dir",
        type=Path,
        default=Path("simulate-data"),
        help="the virtual kiosks' outboxes, kept between runs",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # pygame greets on import; a kiosk's journal has no use for it.
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    args = build_parser().parse_args(argv)
    module = importlib.import_module(f"cli.commands.{args.command}")
    try:
        code: int = module.run(args)
    except StorywallError as error:
        print(f"storywall {args.command}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    raise SystemExit(main())
