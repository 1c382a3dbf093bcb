"""`storywall demo`: a hub on SQLite, the kiosk app on mock hardware, and sample data.

Everything lives under --data-dir (default ./demo-data). Running it again reuses
the data; the demo kiosks get fresh tokens each time because the hub keeps only
hashes of the old ones.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import threading
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from cli.commands._extras import require
from cli.commands._signals import stop_on_signals
from cli.errors import StorywallError

if TYPE_CHECKING:
    from cli.demo_hub import Organiser
    from server.launch import HubProcess

SITE = "riverside"
TIMEZONE = "Europe/London"
KIOSK = "riverside-gate"
SIM_KIOSK = "riverside-bench"
PROMPT = "How was the park today?"
# The demo site speaks English and Spanish: the kiosk's language button switches.
LANGUAGES = ["en", "es"]
PROMPT_TEXTS = {"es": "¿Qué tal el parque hoy?"}
EMOJI = ["😀", "🙂", "😐", "😢"]
PROMPT_RUNNING_MS = 2 * 24 * 3600 * 1000
OPERATOR = "Friends of Riverside Park (demo)"
CONTACT = "hello@riverside.example"
# The sample is pressed this fast (per second); then the simulated kiosk keeps pressing
# at --live-rate so the wall moves.
SAMPLE_RATE_PER_S = 200.0


def _seed(data_dir: Path) -> tuple[dict[str, str], Organiser]:
    """Create the sample site, kiosks, prompt, organiser and notes (once); return fresh
    tokens and how the organiser signs in."""
    from cli.commands._database import migrate_before_serving
    from cli.commands.admin import hub_session
    from cli.demo_fridge import seed_fridge
    from cli.demo_hub import seed_notes, seed_organiser
    from server import crud
    from server.clock import now_ms
    from server.core.config import Settings
    from server.errors import NotFound

    os.environ["STORYWALL_DATA_DIR"] = str(data_dir / "hub")
    os.environ.pop("STORYWALL_DATABASE_URL", None)
    settings = Settings()
    # The demo's pre-start step: its hub (started next) finds the database at head.
    migrate_before_serving("storywall demo", settings)
    tokens: dict[str, str] = {}
    # migrate_before_serving has named the database already.
    with hub_session(settings, prog="storywall demo", say=False) as session:
        try:
            site = crud.get_site(session=session, slug=SITE)
        except NotFound:
            site = crud.create_site(
                session=session,
                slug=SITE,
                name="Riverside Park",
                timezone=TIMEZONE,
                languages=LANGUAGES,
                operator=OPERATOR,
                contact=CONTACT,
            )
            # Revealed: the demo's wall shows the tallies move as the kiosk is pressed.
            # Running for two days already: the sample notes (cli/demo_hub.py) answer it.
            crud.set_prompt(
                session=session,
                site_slug=SITE,
                text=PROMPT,
                texts=PROMPT_TEXTS,
                emoji=EMOJI,
                results_revealed=True,
                created_ms=now_ms() - PROMPT_RUNNING_MS,
            )
        if site.languages != LANGUAGES:  # demo data from before the site spoke Spanish
            crud.update_site(
                session=session, slug=SITE, languages=LANGUAGES, operator=OPERATOR, contact=CONTACT
            )
            # Revealed: the demo's wall shows the tallies move as the kiosk is pressed.
            crud.set_prompt(
                session=session,
                site_slug=SITE,
                text=PROMPT,
                texts=PROMPT_TEXTS,
                emoji=EMOJI,
                results_revealed=True,
            )
        # The park's site is a community fridge too, with a little history.
        seed_fridge(session, now_ms())
        for kiosk_id, name in ((KIOSK, "Riverside gate"), (SIM_KIOSK, "Riverside bench")):
            try:
                crud.get_kiosk(session=session, kiosk_id=kiosk_id)
                _, token = crud.rotate_kiosk_token(session=session, kiosk_id=kiosk_id)
            except NotFound:
                _, token = crud.create_kiosk(
                    session=session, site_slug=SITE, kiosk_id=kiosk_id, name=name
                )
            tokens[kiosk_id] = token
        # The organiser hub's sample: an account, and notes held, approved and answered.
        organiser = seed_organiser(session, data_dir, now_ms())
        seed_notes(session, now_ms())
    return tokens, organiser


def _write_kiosk_config(data_dir: Path, hub_url: str, token: str, mode: str) -> Path:
    folder = data_dir / "kiosk"
    folder.mkdir(parents=True, exist_ok=True)
    token_file = folder / "token"
    token_file.write_text(token + "\n", encoding="utf-8")
    token_file.chmod(0o600)
    config = folder / "kiosk.toml"
    config.write_text(
        "# Written by `storywall demo`; a real kiosk's file is firmware_config/kiosk.example.toml\n"
        "[kiosk]\n"
        f'id = "{KIOSK}"\n'
        f'hub_url = "{hub_url}"\n'
        'token_file = "token"\n'
        'data_dir = "."\n'
        "heartbeat_interval_s = 60\n"
        "assume_clock_synced = true\n\n"
        "[hardware]\n"
        'backend = "mock"\n\n'
        "[display]\n"
        f'mode = "{mode}"\n'
        "width = 800\nheight = 480\n\n"
        "[sync]\nidle_interval_s = 5\nconfig_interval_s = 10\n",
        encoding="utf-8",
    )
    return config


def _hub_process(data_dir: Path, port: int) -> HubProcess:
    from server.launch import HubProcess

    env = dict(os.environ, STORYWALL_DATA_DIR=str(data_dir / "hub"), STORYWALL_ENV="development")
    env.pop("STORYWALL_DATABASE_URL", None)
    # The kiosk's QR code opens this site's wall (on this machine, unless told otherwise).
    env.setdefault("STORYWALL_PUBLIC_URL", f"http://127.0.0.1:{port}")
    return HubProcess(
        [sys.executable, "-m", "cli", "hub", "--port", str(port)],
        url=f"http://127.0.0.1:{port}",
        log=data_dir / "hub.log",
        env=env,
    )


def run(args: argparse.Namespace) -> int:
    require("hub", "fastapi", "uvicorn", "sqlmodel")
    require("kiosk", "gpiozero", "pygame")
    from cli.simulator import KioskCredentials, run_simulation
    from kiosk.app import build_kiosk, choose_mode
    from kiosk.settings import load_settings
    from kiosk.ui.runner import display_available
    from server.launch import HubStartError, port_free

    if not (math.isfinite(args.live_rate) and args.live_rate >= 0):
        raise StorywallError(f"--live-rate must be 0 or a positive number, not {args.live_rate}")
    data_dir: Path = args.data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    if not port_free(args.port):
        raise StorywallError(
            f"port {args.port} is in use; pick another: make demo PORT=8010 "
            "(or storywall demo --port 8010)"
        )
    url = f"http://127.0.0.1:{args.port}"
    tokens, organiser = _seed(data_dir)
    display = display_available() and not args.headless
    kiosk_config = _write_kiosk_config(
        data_dir, url, tokens[KIOSK], "window" if display else "headless"
    )

    hub = _hub_process(data_dir, args.port)
    try:
        try:
            hub.start()
        except HubStartError as error:
            raise StorywallError(str(error)) from error
        with stop_on_signals() as stop:
            sim = KioskCredentials(SIM_KIOSK, tokens[SIM_KIOSK])
            # Exactly --sample-presses presses, all synced before the banner says so.
            sample = run_simulation(
                url,
                [sim],
                work_dir=data_dir / "simulated",
                rate=SAMPLE_RATE_PER_S,
                presses=args.sample_presses,
                stop=stop,
                seed=7,
            )
            live = None
            if args.live_rate > 0:
                live = threading.Thread(
                    target=run_simulation,
                    args=(url, [sim]),
                    kwargs={
                        "work_dir": data_dir / "simulated",
                        "rate": args.live_rate,
                        "duration": 24 * 3600.0,
                        "stop": stop,
                    },
                    name="demo-simulated-kiosk",
                    daemon=True,
                )
                live.start()
            settings = load_settings(kiosk_config)
            app = build_kiosk(settings, mock_hardware=True)
            mode = choose_mode(settings, headless=not display, display=display)
            _print_banner(
                url, data_dir, sample.presses, mode, organiser=organiser, live=live is not None
            )
            app.run(stop, mode=mode)
            stop.set()
            if live is not None:
                live.join(timeout=15)
    finally:
        hub.stop()
    print("demo: stopped; data kept in", data_dir)
    return 0


def _print_banner(
    url: str, data_dir: Path, sample: int, mode: str, *, organiser: Organiser, live: bool
) -> None:
    from cli.demo_hub import SIGN_IN_FILE
    from server.services.poster import iso_week

    kiosk_line = (
        "kiosk window open: touch an emoji, or press keys 1-4 for the arcade buttons"
        if mode != "headless"
        else "no display: the kiosk runs headless (its buttons are mock pins)"
    )
    password = organiser.password or (
        f"the one you chose (the demo's first, in {data_dir / SIGN_IN_FILE}, was changed)"
    )
    week = iso_week(datetime.now(ZoneInfo(TIMEZONE)).date())
    print(
        "\nStorywall demo is running (Ctrl-C stops everything)\n"
        f"  wall           {url}/\n"
        f"  wall as JSON   {url}/wall.json\n"
        f"  fridge         {url}/fridges/riverside (all: {url}/fridges, as JSON: /fridges.json)\n"
        f"  dashboard      {url}/dashboard\n"
        f"    e-mail       {organiser.email}\n"
        f"    password     {password}\n"
        f"  house rules    {url}/rules\n"
        f"  poster         {url}/poster/{SITE}/{week}.png (A3; .pdf too)\n"
        f"  site feed      {url}/sites/{SITE}/feed.atom\n"
        f"  API schema     {url}/openapi.json\n"
        f"  health         {url}/healthz\n"
        f"  {kiosk_line}\n"
        f"  sample data    {sample} presses from the simulated kiosk '{SIM_KIOSK}'"
        f"{', more every few seconds' if live else ''}\n"
        f"  data           {data_dir} (hub.log, hub/hub.sqlite3, kiosk/outbox.sqlite3)\n",
        flush=True,
    )
