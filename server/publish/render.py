"""What is sent: an update's or a digest's document (JSON, fixed when it is enqueued),
and the texts made from it (a Mastodon status, an e-mail).

Public updates carry only what the fridge's page shows (server/models_updates.py);
digests go to caretakers and carry the alerts' messages. Times shown to people are in
the fridge site's timezone, 24-hour clock (the shared decision); documents also carry
epoch ms for machines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from server.models import Site
from server.models_updates import Alert, FridgeUpdate

# Mastodon's default limit; the status is cut to fit, the link kept whole.
MAX_STATUS_CHARS = 500
ELLIPSIS = "…"


def fridge_url(public_url: str, slug: str) -> str | None:
    """The fridge's public page, when the hub knows its public address."""
    return f"{public_url}/fridges/{slug}" if public_url else None


def wall_url(public_url: str, slug: str) -> str | None:
    """The site's public wall, when the hub knows its public address."""
    return f"{public_url}/?site={slug}" if public_url else None


def _local(ms: int, timezone: str, with_date: bool = True) -> str:
    moment = datetime.fromtimestamp(ms / 1000, tz=UTC).astimezone(ZoneInfo(timezone))
    return moment.strftime("%Y-%m-%d %H:%M" if with_date else "%H:%M")


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).isoformat().replace("+00:00", "Z")


def update_document(update: FridgeUpdate, site: Site, public_url: str) -> dict[str, object]:
    """The JSON a webhook receives for a news update (and a status is made from)."""
    return {
        "type": "fridge.update",
        "update": {
            "key": update.key,
            "kind": update.kind,
            "title": update.title,
            "body": update.body,
            "occurred_ms": update.occurred_ms,
            "occurred_at": _iso(update.occurred_ms),
            "occurred_local": _local(update.occurred_ms, site.timezone),
        },
        "fridge": {
            "slug": site.slug,
            "name": site.name,
            "timezone": site.timezone,
            "url": fridge_url(public_url, site.slug),
        },
    }


def status_text(document: dict[str, object]) -> str:
    """A status of at most MAX_STATUS_CHARS: title, body, and the fridge's page link."""
    update = document["update"]
    fridge = document["fridge"]
    assert isinstance(update, dict) and isinstance(fridge, dict)
    title, body, link = str(update["title"]), str(update["body"]), fridge.get("url")
    tail = f"\n\n{link}" if link else ""
    text = f"{title}\n\n{body}" if body else title
    room = MAX_STATUS_CHARS - len(tail)
    if len(text) > room:
        text = text[: room - len(ELLIPSIS)].rstrip() + ELLIPSIS
    return text + tail


@dataclass(frozen=True)
class DigestEntry:
    """One alert as a digest lists it."""

    alert: Alert
    site: Site
    # A park's kiosk can fall silent too: its group links the site's wall, not a fridge.
    fridge: bool = True


def digest_document(
    raised: Sequence[DigestEntry], cleared: Sequence[DigestEntry], now_ms: int, public_url: str
) -> dict[str, object]:
    """The JSON an alert webhook receives; e-mails are made from it too.

    `raised` are alerts opened since the last digest and still open; `cleared` are
    alerts closed since (some raised since, too: both times are given)."""
    fridges: dict[str, dict[str, object]] = {}
    for state, entries in (("raised", raised), ("cleared", cleared)):
        for entry in entries:
            site, alert = entry.site, entry.alert
            group = fridges.setdefault(
                site.slug,
                {
                    "slug": site.slug,
                    "name": site.name,
                    "url": (
                        fridge_url(public_url, site.slug)
                        if entry.fridge
                        else wall_url(public_url, site.slug)
                    ),
                    "alerts": [],
                },
            )
            listed = group["alerts"]
            assert isinstance(listed, list)
            listed.append(
                {
                    "state": state,
                    "kind": alert.kind,
                    "key": alert.key,
                    "message": alert.message,
                    "raised_ms": alert.raised_ms,
                    "raised_local": _local(alert.raised_ms, site.timezone),
                    "cleared_ms": alert.cleared_ms,
                    "cleared_local": (
                        _local(alert.cleared_ms, site.timezone)
                        if alert.cleared_ms is not None
                        else None
                    ),
                }
            )
    return {
        "type": "alerts.digest",
        "created_ms": now_ms,
        "created_at": _iso(now_ms),
        "raised": len(raised),
        "cleared": len(cleared),
        "fridges": sorted(fridges.values(), key=lambda group: str(group["name"])),
    }


def digest_subject(document: dict[str, object]) -> str:
    """ "Storywall alerts: 3 new, 1 cleared"."""
    return f"Storywall alerts: {document['raised']} new, {document['cleared']} cleared"


def digest_text(document: dict[str, object]) -> str:
    """The digest as plain text, grouped by fridge, each line a time and a message."""
    lines = [digest_subject(document) + f" (as of {document['created_at']})", ""]
    groups = document["fridges"]
    assert isinstance(groups, list)
    for group in groups:
        lines.append(str(group["name"]) + (f"  {group['url']}" if group["url"] else ""))
        for alert in group["alerts"]:
            if alert["state"] == "raised":
                lines.append(f"  NEW      {alert['raised_local']}  {alert['message']}")
            else:
                lines.append(
                    f"  CLEARED  {alert['cleared_local']}  {alert['message']}"
                    f" (raised {alert['raised_local']})"
                )
        lines.append("")
    return "\n".join(lines)
