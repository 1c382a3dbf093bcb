"""The dashboard's navigation: one entry per area, shown to the accounts whose role
has its permission. Each area adds its own line to NAV."""

from __future__ import annotations

from dataclasses import dataclass

from server.permissions import Permission, allowed


@dataclass(frozen=True)
class NavEntry:
    """A link in the dashboard's bar; `permission` None: every signed-in account."""

    label: str
    path: str
    permission: Permission | None = None

    def is_current(self, path: str) -> bool:
        """Whether the page at `path` belongs to this entry (it or a page under it)."""
        if path == self.path:
            return True
        return self.path != "/dashboard" and path.startswith(self.path + "/")


NAV: list[NavEntry] = [
    NavEntry("Home", "/dashboard"),
    NavEntry("Moderation", "/dashboard/moderation", Permission.MODERATE),
    NavEntry("Replies", "/dashboard/replies", Permission.REPLY),
    NavEntry("Prompts", "/dashboard/prompts", Permission.PROMPTS),
    NavEntry("Charts", "/dashboard/charts", Permission.CHARTS),
    NavEntry("Accounts", "/dashboard/accounts", Permission.ACCOUNTS),
]


def visible(role: str) -> list[NavEntry]:
    """The entries an account of `role` may see, in NAV's order."""
    return [entry for entry in NAV if entry.permission is None or allowed(role, entry.permission)]
