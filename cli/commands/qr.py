"""`storywall qr fridge <slug>`: a fridge's printable drop-off sticker (PNG and PDF, A6).

The sticker's link is the hub's public address plus the fridge's signed sticker
token (server/services/dropoff_links.py), so the command needs the hub's database
(the fridge must exist), its secret key and STORYWALL_PUBLIC_URL: the same settings
as the hub, or the link on the sticker would not open the form.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.commands._database import hub_settings
from cli.commands._extras import require
from cli.errors import StorywallError

PROG = "storywall qr"


def run(args: argparse.Namespace) -> int:
    require("hub", "sqlmodel", "fastapi", "alembic", "qrcode", "PIL")
    settings = hub_settings(args)
    public_url = settings.public_url
    if not public_url:
        raise StorywallError(
            "qr fridge needs the hub's public address, which phones open the sticker's link "
            "at: set STORYWALL_PUBLIC_URL (e.g. https://wall.example.org, as in the hub's "
            "environment file /etc/storywall/hub.env) and run it again"
        )
    out: Path = args.out
    if out.exists() and not out.is_dir():
        raise StorywallError(f"--out: {out} is a file; name a folder for the sticker")

    from cli.commands.admin import hub_session
    from server.errors import HubError
    from server.fridges import get_fridge
    from server.services.dropoff_links import sticker_url
    from server.services.sticker import draw_sticker

    try:
        with hub_session(settings, prog=PROG) as session:
            site, _fridge = get_fridge(session=session, site_slug=args.slug)
            url = sticker_url(public_url, settings.secret_key, site.slug)
            sticker = draw_sticker(name=site.name, url=url)
    except HubError as error:
        raise StorywallError(str(error)) from error
    try:
        out.mkdir(parents=True, exist_ok=True)
        png = out / f"{site.slug}-dropoff-sticker.png"
        pdf = png.with_suffix(".pdf")
        png.write_bytes(sticker.png)
        pdf.write_bytes(sticker.pdf)
    except OSError as error:
        raise StorywallError(f"--out: cannot write in {out}: {error.strerror or error}") from None
    print(f"{PROG}: {site.name}: printable A6 sticker {png} and {pdf}", file=sys.stderr)
    # The link alone on stdout, so URL=$(storywall qr fridge ...) works.
    print(url)
    return 0
