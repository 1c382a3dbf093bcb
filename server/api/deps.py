"""Dependencies shared by the routes, as `Annotated` aliases."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col

from server import crud
from server.core.db import bookkeeping
from server.core.writers import write_lock
from server.errors import RateLimited
from server.models import Kiosk
from server.services import rate_limit

# Every route a kiosk token opens counts in one window per kiosk (docs/fleet.md).
KIOSK_RATE_PURPOSE = "kiosk"
KIOSK_RATE_WINDOW_S = 60

# last_seen_ms is for the dashboard ("seen 3 min ago"); the rate count is written on
# every request, and last_seen joins that write at most every few seconds, so a
# chatty kiosk's requests touch one small row each, not two.
LAST_SEEN_RESOLUTION_MS = 10_000

kiosk_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="KioskToken",
    description="The kiosk's token (`sw_k_...`), printed once when the kiosk is added.",
)


# The two below are `async` on purpose: they do no I/O, and FastAPI runs a plain
# `def` dependency in its thread pool, a thread hop per request for nothing.
async def get_engine(request: Request) -> Engine:
    """The app's database engine."""
    engine: Engine = request.app.state.engine
    return engine


def get_session(engine: Annotated[Engine, Depends(get_engine)]) -> Iterator[Session]:
    """A database session for one request."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


async def get_now_ms(request: Request) -> int:
    """The hub's clock in epoch ms (replaceable in tests through create_app)."""
    clock: Callable[[], int] = request.app.state.clock
    return clock()


EngineDep = Annotated[Engine, Depends(get_engine)]
SessionDep = Annotated[Session, Depends(get_session)]
NowMsDep = Annotated[int, Depends(get_now_ms)]
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(kiosk_bearer)]


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail=detail,
        headers={"WWW-Authenticate": 'Bearer realm="storywall-kiosk"'},
    )


def authenticate_kiosk(
    session: Session,
    credentials: HTTPAuthorizationCredentials | None,
    now_ms: int,
    *,
    per_minute: int,
) -> Kiosk:
    """The kiosk whose token the request carries; 401 when missing, unknown or revoked,
    RateLimited (429) past `per_minute` requests of this kiosk in the current minute.

    The count lives in the database (server/services/rate_limit.py), so every worker
    shares it; it is written in one transaction with `last_seen_ms`, without waiting
    on the disk (core/db.py `bookkeeping`; docs/fleet.md)."""
    if credentials is None:
        raise _unauthorized("missing bearer token")
    kiosk = crud.kiosk_by_token(session=session, token=credentials.credentials)
    if kiosk is None:
        raise _unauthorized("unknown or revoked kiosk token")
    with write_lock(session.get_bind().engine), bookkeeping(session) as connection:
        if (
            kiosk.last_seen_ms is None
            or abs(now_ms - kiosk.last_seen_ms) >= LAST_SEEN_RESOLUTION_MS
        ):
            connection.execute(
                update(Kiosk).where(col(Kiosk.id) == kiosk.id).values(last_seen_ms=now_ms)
            )
            # Written above; the session need not write it again.
            set_committed_value(kiosk, "last_seen_ms", now_ms)
        allowed = rate_limit.count_hit(
            connection,
            key=kiosk_rate_key(kiosk.id),
            limit=per_minute,
            window_s=KIOSK_RATE_WINDOW_S,
            now_ms=now_ms,
        )
    if not allowed:
        wait_s = rate_limit.retry_after_s(window_s=KIOSK_RATE_WINDOW_S, now_ms=now_ms)
        raise RateLimited(
            f"more than {per_minute} requests from this kiosk in a minute; retry after {wait_s} s",
            retry_after_s=wait_s,
        )
    return kiosk


def kiosk_rate_key(kiosk_id: str) -> str:
    """The kiosk's key in the rate_hit table (a kiosk id is no personal data)."""
    return f"{KIOSK_RATE_PURPOSE}:{kiosk_id}"


def kiosk_rate_limit(request: Request) -> int:
    """Requests a kiosk may make per minute (`kiosk_requests_per_minute`)."""
    limit: int = request.app.state.settings.kiosk_requests_per_minute
    return limit


def get_current_kiosk(
    request: Request, session: SessionDep, now_ms: NowMsDep, credentials: BearerDep
) -> Kiosk:
    """`authenticate_kiosk` as a dependency."""
    return authenticate_kiosk(session, credentials, now_ms, per_minute=kiosk_rate_limit(request))


CurrentKiosk = Annotated[Kiosk, Depends(get_current_kiosk)]


def public_base(request: Request) -> str:
    """The hub's public address, no trailing slash: STORYWALL_PUBLIC_URL, else the
    address this request came to (links in pages, feeds, QR codes and kiosk configs)."""
    settings = request.app.state.settings
    return str(settings.public_url or request.base_url).rstrip("/")
