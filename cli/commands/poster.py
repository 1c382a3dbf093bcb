"""`storywall poster SITE --week 2026-W48 --out FILE`: a site's weekly A3 poster to print.

The same poster as the hub's /poster/<site>/<week>.png|.pdf (server/services/poster.py):
approved notes and doodles only. The file's suffix chooses PNG or PDF; the week defaults to
the current one at the site.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from cli.commands._database import hub_settings
from cli.commands._extras import require
from cli.errors import StorywallError

PROG = "storywall poster"
KINDS = (".png", ".pdf")


def run(args: argparse.Namespace) -> int:
    require("hub", "sqlmodel", "fastapi", "alembic", "PIL")
    out: Path = args.out
    if out.suffix.lower() not in KINDS:
        raise StorywallError(f"--out: {out} must end in .png or .pdf")
    settings = hub_settings(args)

    from cli.commands.admin import hub_session
    from server import crud
    from server.errors import HubError
    from server.media import LocalMediaStore
    from server.services.poster import describe_poster, this_week
    from server.web.poster import poster_files

    now_ms = int(time.time() * 1000)
    try:
        with hub_session(settings, prog=PROG) as session:
            site = crud.get_site(session=session, slug=args.site)
            week = args.week or this_week(site, now_ms)
            poster = describe_poster(session, site_slug=site.slug, week=week, now_ms=now_ms)
            store = LocalMediaStore(settings.data_dir / "media")
            files = poster_files(poster, store, settings.data_dir / "posters")
    except HubError as error:
        raise StorywallError(str(error)) from error
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(files.pdf if out.suffix.lower() == ".pdf" else files.png)
    except OSError as error:
        raise StorywallError(f"--out: cannot write {out}: {error.strerror or error}") from None
    print(
        f"{PROG}: {poster.site_name}, {poster.week}: {len(poster.prompts)} prompts, "
        f"{len(poster.notes)} notes, {len(poster.doodles)} doodles -> {out} (A3)",
        file=sys.stderr,
    )
    return 0
