"""Refusals on the dashboard's pages as pages, not JSON.

The API's clients read `{"detail": ...}` (server/app.py), but under /dashboard and
/account the client is a person's browser, which would show that JSON raw. So the
hub's errors (NotFound, InvalidInput...), an address no route answers and a malformed
query are answered there with a page in the dashboard's frame, with the status the API
would give: one set of handlers for every dashboard route, none of them writing its own.
A client that asks for JSON alone (Accept: application/json) still gets JSON.

The signed-in frame (navigation, the account's name) is shown when the request
carries a live session; otherwise the public frame, which offers the sign-in.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from sqlmodel import Session
from starlette.exceptions import HTTPException
from starlette.responses import Response

from server.errors import HubError
from server.services import account_sessions
from server.services.account_sessions import Login

Handler = Callable[[Request, Exception], Awaitable[Response]]

# The parts of the hub whose only client is a person's browser.
PAGE_PREFIXES = ("/dashboard", "/account")

HEADINGS = {
    400: "That did not work",
    403: "Not allowed",
    404: "Not found",
    405: "Not found",
    409: "Already there",
    413: "Too large",
    422: "That did not work",
    429: "Too many tries",
    503: "Try again in a moment",
}
BAD_ADDRESS = "This address is not one the dashboard knows. Check it, or start from the dashboard."


def is_page_request(request: Request) -> bool:
    """Whether a browser asked for a dashboard page (not a client wanting JSON)."""
    path = request.url.path
    if not any(path == prefix or path.startswith(prefix + "/") for prefix in PAGE_PREFIXES):
        return False
    accept = request.headers.get("accept", "")
    return not ("application/json" in accept and "text/html" not in accept)


def _login(request: Request) -> Login | None:
    """The session the route's dependency found, else the cookie's (read only)."""
    login: Login | None = getattr(request.state, "dash_login", None)
    if login is not None:
        return login
    from server.web.dash_auth import SESSION_COOKIE

    session_id = request.cookies.get(SESSION_COOKIE)
    if not session_id:
        return None
    with Session(request.app.state.engine) as session:
        found = account_sessions.find(
            session, session_id=session_id, now_ms=request.app.state.clock()
        )
        if found is not None:
            session.expunge_all()
        return found


def error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    """A page saying what went wrong, in the signed-in frame when there is a session."""
    from server.web.dash_render import render_dash, render_public

    heading = HEADINGS.get(status_code, "That did not work")
    words = message[:1].upper() + message[1:] if message else BAD_ADDRESS
    if not words.endswith((".", "?", "!")):
        words += "."
    login = _login(request)
    context = {"heading": heading, "message": words}
    if login is None:
        return render_public(request, "dash/public_message.html", context, status_code=status_code)
    request.state.dash_login = login
    return render_dash(
        request, login.account, "dash/message.html", context, status_code=status_code
    )


def _for_pages(api_handler: Handler, describe: Callable[[Exception], tuple[int, str]]) -> Handler:
    async def handler(request: Request, exc: Exception) -> Response:
        if not is_page_request(request):
            return await api_handler(request, exc)
        status_code, message = describe(exc)
        response = error_page(request, status_code, message)
        if status_code in (429, 503):
            api_response = await api_handler(request, exc)
            if "retry-after" in api_response.headers:
                response.headers["Retry-After"] = api_response.headers["retry-after"]
        return response

    return handler


def _http_exception(exc: Exception) -> tuple[int, str]:
    assert isinstance(exc, HTTPException)
    return exc.status_code, "" if exc.status_code in (404, 405) else str(exc.detail)


def _validation(exc: Exception) -> tuple[int, str]:
    assert isinstance(exc, RequestValidationError)
    return 422, BAD_ADDRESS


def add_handlers(
    app: FastAPI,
    *,
    hub_error: Handler,
    hub_error_status: Callable[[HubError], int],
    validation_error: Handler,
) -> None:
    """Answer dashboard requests with pages; everything else with the API's handlers."""

    def _hub(exc: Exception) -> tuple[int, str]:
        assert isinstance(exc, HubError)
        return hub_error_status(exc), str(exc)

    async def _starlette(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return await http_exception_handler(request, exc)

    app.add_exception_handler(HubError, _for_pages(hub_error, _hub))
    app.add_exception_handler(RequestValidationError, _for_pages(validation_error, _validation))
    app.add_exception_handler(HTTPException, _for_pages(_starlette, _http_exception))
