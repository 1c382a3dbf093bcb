"""The fleet list's rows in words: "3 min ago", "2.5 GB", "78 °C" (docs/fleet.md says
what each column means). One place, so the page's template only lays them out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from server.services.fleet import FleetKiosk

# A Raspberry Pi slows itself down from 80 °C; the list marks a kiosk close to that.
HOT_CPU_C = 75.0


def ago(now_ms: int, then_ms: int | None) -> str:
    """ "3 min ago", "2 h ago", "5 days ago"; "never" for None."""
    if then_ms is None:
        return "never"
    seconds = max(0, (now_ms - then_ms) // 1000)
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 2 * 86400:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} days ago"


def duration(seconds: int | None) -> str:
    """An uptime: "45 min", "7 h", "3 days 4 h"; "—" when unknown."""
    if seconds is None:
        return "—"
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 86400:
        return f"{seconds // 3600} h"
    days, hours = divmod(seconds // 3600, 24)
    words = f"{days} day" if days == 1 else f"{days} days"
    return f"{words} {hours} h" if hours else words


def utc(ms: int | None) -> str:
    """A moment as "2025-06-21 12:00 UTC"; "undated" when the hub cannot place it."""
    if ms is None:
        return "undated"
    return f"{datetime.fromtimestamp(ms / 1000, tz=UTC):%Y-%m-%d %H:%M} UTC"


def disk(mb: int | None) -> str:
    """Free disk: "850 MB", "12.5 GB"; "—" when unknown."""
    if mb is None:
        return "—"
    return f"{mb}\u00a0MB" if mb < 1024 else f"{mb / 1024:.1f}\u00a0GB"


@dataclass(frozen=True)
class Row:
    """One kiosk as the list shows it: every value already words."""

    id: str
    name: str
    revoked: bool
    silent: bool
    never_seen: bool
    last_seen: str
    last_seen_at: str
    backlog: str
    rejected: str
    version: str
    clock: str
    cpu: str
    hot: bool
    disk: str
    uptime: str
    heartbeat: str
    last_error: str | None


def row(item: FleetKiosk, now_ms: int) -> Row:
    """The kiosk's row: every value already words, a dash where the kiosk has not said."""
    kiosk, health = item.kiosk, item.health
    backlog = item.backlog
    kiosk_rejected = health.outbox_rejected if health is not None else None
    hub_rejected = health.hub_rejected if health is not None else 0
    rejected = "—" if kiosk_rejected is None else str(kiosk_rejected)
    if hub_rejected:
        rejected += f" / hub {hub_rejected}"
    heartbeat = "none yet"
    if health is not None and health.seq is not None:
        heartbeat = utc(health.at_ms)
    cpu = health.cpu_temp_c if health is not None else None
    clock = "—"
    if health is not None and health.clock_synced is not None:
        clock = "synchronised" if health.clock_synced else "not synchronised"
    return Row(
        id=kiosk.id,
        name=kiosk.name,
        revoked=item.revoked,
        silent=item.silent,
        never_seen=kiosk.last_seen_ms is None,
        last_seen=ago(now_ms, kiosk.last_seen_ms),
        last_seen_at=utc(kiosk.last_seen_ms) if kiosk.last_seen_ms is not None else "",
        backlog="—" if backlog is None else str(backlog),
        rejected=rejected,
        version=(health.software or "—") if health is not None else "—",
        clock=clock,
        cpu="—" if cpu is None else f"{cpu:.0f}\u00a0°C",
        hot=cpu is not None and cpu >= HOT_CPU_C,
        disk=disk(health.disk_free_mb if health is not None else None),
        uptime=duration(health.uptime_s if health is not None else None),
        heartbeat=heartbeat,
        last_error=health.last_error if health is not None else None,
    )
