"""Who may do what on the organiser hub: each role's permissions, one table.

Pages ask for a permission (server/web/dash_auth.py `requires`), never for a role, so
a role can gain or lose a power here without touching a page. docs/accounts.md shows
the same table (tests/server/test_permissions.py keeps the two equal).
"""

from __future__ import annotations

from enum import StrEnum


class Permission(StrEnum):
    """One power on the hub; the comment says which pages it opens."""

    MODERATE = "moderate"  # the queue, decisions, flags, audit log, house rules
    REPLY = "reply"  # replies, spotlights, "you said, we did" cards
    PROMPTS = "prompts"  # prompts, polls, the calendar
    KIOSKS = "kiosks"  # the fleet: register, revoke, rotate tokens
    CHARTS = "charts"  # charts and exports
    ACCOUNTS = "accounts"  # invite, change roles, disable accounts
    SITES = "sites"  # site settings such as pre- or post-moderation


ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    "organiser": frozenset(Permission),
    "moderator": frozenset({Permission.MODERATE, Permission.REPLY, Permission.CHARTS}),
    # Every role may change its own password (/account/password): that needs none.
    "volunteer": frozenset({Permission.CHARTS}),
}


def allowed(role: str, permission: Permission) -> bool:
    """Whether an account of `role` may do what `permission` names (an unknown role: no)."""
    return permission in ROLE_PERMISSIONS.get(role, frozenset())
