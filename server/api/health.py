"""GET /healthz: the process answers and the database does too."""

from __future__ import annotations

import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from server.api.deps import SessionDep

router = APIRouter(tags=["health"])
log = logging.getLogger(__name__)


@router.get(
    "/healthz",
    responses={503: {"description": "The database does not answer."}},
)
def healthz(session: SessionDep) -> JSONResponse:
    """`200 {"status": "ok"}` when the database answers a query, else 503."""
    try:
        session.connection().execute(text("SELECT 1")).scalar_one()
    except SQLAlchemyError:
        log.exception("health check: database unreachable")
        return JSONResponse({"status": "error", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})
