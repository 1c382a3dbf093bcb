"""The organiser hub's pages, under /dashboard (and /account, /logout): one module per
area, each with its own router, listed once in ROUTERS, which server/app.py includes.

They sit behind a sign-in (server/web/dash_auth.py), so they are left out of the
OpenAPI schema: the public fuzzing could only ever meet the redirect to /login.
tests/server/test_dash_csrf.py walks every POST among them instead.
"""

from __future__ import annotations

from fastapi import APIRouter

from server.web.dash import (
    accounts,
    charts,
    home,
    kiosks,
    moderation,
    password,
    prompts,
    replies,
    session,
)

ROUTERS: list[APIRouter] = [
    home.router,
    session.router,
    password.router,
    accounts.router,
    moderation.router,
    prompts.router,
    replies.router,
    charts.router,
    kiosks.router,
]
