"""`storywall kiosk --config FILE`: run one kiosk."""

from __future__ import annotations

import argparse
import logging

from cli.commands._extras import require
from cli.commands._signals import stop_on_signals
from cli.errors import StorywallError


def run(args: argparse.Namespace) -> int:
    require("kiosk", "gpiozero", "httpx", "pygame")
    from kiosk.app import build_kiosk, choose_mode
    from kiosk.errors import KioskError
    from kiosk.settings import load_settings
    from kiosk.ui.runner import display_available

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    try:
        settings = load_settings(args.config)
    except KioskError as error:
        raise StorywallError(str(error)) from error
    app = build_kiosk(settings, mock_hardware=args.mock_hardware)
    mode = choose_mode(settings, headless=args.headless, display=display_available())
    print(f"kiosk {settings.kiosk_id}: hub {settings.hub_url}, {mode}", flush=True)
    with stop_on_signals() as stop:
        app.run(stop, mode=mode)
    return 0
