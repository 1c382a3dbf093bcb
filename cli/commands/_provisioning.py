"""`storywall admin` setting kiosks up: a kiosk.toml written to a file, or a one-time link.

Everything that can be refused (no public address, a file in the way) is refused
before the database is touched, so a refusal leaves the kiosk and its token as
they were.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cli.errors import StorywallError
from storywall.durable import write_atomically

if TYPE_CHECKING:
    from sqlmodel import Session

    from server.core.config import Settings

INSTALLER = "deploy/install-kiosk.sh"


def hub_address(settings: Settings, what: str) -> str:
    """The hub's public address, which a kiosk.toml and a link need; refused when unset."""
    if not settings.public_url:
        raise StorywallError(
            f"{what} needs the hub's public address (the one kiosks and phones reach it at): set "
            "STORYWALL_PUBLIC_URL (e.g. https://wall.example.org, as in the hub's "
            "environment file /etc/storywall/hub.env) and run it again"
        )
    return settings.public_url


@dataclass(frozen=True)
class KioskConfigFile:
    """Where `--kiosk-config` writes, checked, and the hub address it will name."""

    path: Path
    hub_url: str


def kiosk_config_file(args: argparse.Namespace, settings: Settings) -> KioskConfigFile | None:
    """The checked `--kiosk-config` target of add-kiosk/rotate-token (None without it)."""
    path: Path | None = args.kiosk_config
    if path is None:
        if args.force:
            raise StorywallError("--force replaces the file --kiosk-config names: give both")
        return None
    hub_url = hub_address(settings, "--kiosk-config")
    if path.is_dir():
        raise StorywallError(f"--kiosk-config: {path} is a folder; name the file to write")
    if (path.exists() or path.is_symlink()) and not args.force:
        raise StorywallError(
            f"--kiosk-config: {path} exists already; add --force to replace it "
            "(a kiosk using it would then need the new file)"
        )
    return KioskConfigFile(path, hub_url)


def write_private(path: Path, data: bytes) -> None:
    """Write `data` atomically, readable and writable by its owner only.

    write_atomically writes through mkstemp, which creates the file 0600 whatever the
    umask, and os.replace puts that very inode in place: the token is never readable
    by others, not even for a moment, and a file replaced with --force loses its old
    mode too."""
    write_atomically(path, data)


def write_kiosk_config(target: KioskConfigFile, *, kiosk_id: str, token: str) -> None:
    """Write the kiosk's complete kiosk.toml where `--kiosk-config` said."""
    from server.services.provisioning import kiosk_toml

    text = kiosk_toml(kiosk_id=kiosk_id, hub_url=target.hub_url, token=token)
    try:
        write_private(target.path, text.encode("utf-8"))
    except OSError as error:
        raise StorywallError(
            f"--kiosk-config: cannot write {target.path}: {error.strerror or error}; the "
            f"token printed above is kiosk {kiosk_id}'s now (or run rotate-token again)"
        ) from None
    print(
        f"kiosk {kiosk_id}: its kiosk.toml is {target.path} (mode 0600); copy it to the "
        f"kiosk and run there: sudo {INSTALLER} --config {target.path.name}",
        file=sys.stderr,
    )


def check_qr_path(path: Path | None) -> None:
    """Refuse a `--qr` target that cannot be a file, before a link is issued."""
    if path is not None and path.is_dir():
        raise StorywallError(f"--qr: {path} is a folder; name the PNG file to write")


def provision_kiosk(
    session: Session, args: argparse.Namespace, *, public_url: str, now_ms: int
) -> None:
    """Issue a link for the kiosk, print it on stdout alone, and draw its QR code if asked."""
    from server.services.provisioning import HOUR_MS, issue_link, provision_url, qr_png

    link = issue_link(
        session,
        kiosk_id=args.kiosk_id,
        now_ms=now_ms,
        valid_ms=round(args.valid_hours * HOUR_MS),
    )
    url = provision_url(public_url, link.code)
    until = datetime.fromtimestamp(link.expires_ms / 1000, tz=UTC).strftime("%Y-%m-%d %H:%M")
    older = f"; {link.cancelled} older unused link(s) cancelled" if link.cancelled else ""
    # The link alone on stdout, so URL=$(storywall admin provision-kiosk ...) works.
    print(
        f"kiosk {link.kiosk_id}: one-time link, valid until {until} UTC{older}. Opening it "
        "gives the kiosk a new token (the current one stops working). On the kiosk: "
        f"sudo {INSTALLER} --provision URL",
        file=sys.stderr,
    )
    print(url, flush=True)
    if args.qr is not None:
        try:
            write_private(args.qr, qr_png(url))
        except OSError as error:
            raise StorywallError(
                f"--qr: cannot write {args.qr}: {error.strerror or error}; the link printed "
                "above works without it"
            ) from None
        print(f"kiosk {link.kiosk_id}: the link's QR code is {args.qr}", file=sys.stderr)
