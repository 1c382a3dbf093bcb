"""`storywall kiosk --config FILE`: run one kiosk."""

from __future__ import annotations

import argparse
import logging
import warnings

from cli.commands._extras import require
from cli.commands._signals import stop_on_signals
from cli.errors import StorywallError


def run(args: argparse.Namespace) -> int:
    require("kiosk", "gpiozero", "httpx", "pygame")
    from hardware.errors import HardwareError
    from kiosk.app import build_kiosk, choose_mode
    from kiosk.errors import KioskError
    from kiosk.settings import load_settings
    from kiosk.ui.runner import display_available

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    try:
        settings = load_settings(args.config)
    except KioskError as error:
        raise StorywallError(str(error)) from error
    backend = "mock" if args.mock_hardware else settings.hardware_backend
    # gpiozero warns once per pin library it tries and fails to load; they matter
    # only when no library loads, and then the one line below says what to do.
    with warnings.catch_warnings(record=True) as tried:
        warnings.simplefilter("always")
        try:
            app = build_kiosk(settings, mock_hardware=args.mock_hardware)
        except HardwareError as error:
            if args.mock_hardware:
                raise StorywallError(f"--mock-hardware: {error}") from error
            raise StorywallError(
                f'{args.config}: [hardware] backend = "{backend}": {error} '
                "(--mock-hardware runs this kiosk on mock pins)"
            ) from error
    for warning in tried:
        logging.getLogger("hardware").info("%s", warning.message)
    mode = choose_mode(settings, headless=args.headless, display=display_available())
    print(f"kiosk {settings.kiosk_id}: hub {settings.hub_url}, {mode}", flush=True)
    with stop_on_signals() as stop:
        app.run(stop, mode=mode)
    return 0
