"""The app as a whole: health, OpenAPI, security headers, error handling."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import create_engine

from server.app import create_app
from server.core.config import Settings
from server.middleware import CONTENT_SECURITY_POLICY
from tests.server.conftest import TestClient


def test_healthz(client: httpx.Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_a_broken_database(app: FastAPI, client: httpx.Client) -> None:
    app.state.engine.dispose()
    # A directory cannot be opened as a SQLite database file.
    app.state.engine = create_engine("sqlite:////")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_openapi_lists_the_endpoints(client: httpx.Client) -> None:
    schema = client.get("/openapi.json").json()
    assert schema["info"]["title"] == "Storywall hub"
    assert schema["info"]["version"]
    paths = schema["paths"]
    assert "post" in paths["/api/v1/events"]
    assert "get" in paths["/api/v1/kiosk/config"]
    for path in ("/healthz", "/wall.json", "/"):
        assert "get" in paths[path], path
    assert "PushRequest" in schema["components"]["schemas"]
    assert "KioskToken" in schema["components"]["securitySchemes"]


def test_security_headers_on_every_response(client: httpx.Client) -> None:
    for path in ("/", "/wall.json", "/healthz", "/static/wall.css", "/nope"):
        headers = client.get(path).headers
        assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, path
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert "unsafe-inline" not in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"


def test_unknown_path_and_method_are_4xx(client: httpx.Client) -> None:
    assert client.get("/api/v1/nothing").status_code == 404
    assert client.get("/api/v1/events").status_code == 405
    assert client.delete("/wall.json").status_code == 405


def test_invalid_content_length_is_400(client: httpx.Client) -> None:
    response = client.post("/api/v1/events", content=b"{}", headers={"Content-Length": "lots"})
    assert response.status_code == 400


def test_smaller_body_limit_from_settings(settings: Settings) -> None:
    small = settings.model_copy(update={"max_body_bytes": 100})
    with TestClient(create_app(small)) as client:
        response = client.post("/api/v1/events", content=b"x" * 101)
        assert response.status_code == 413
        assert client.post("/api/v1/events", content=b"x" * 100).status_code == 401


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_no_cdn_backed_docs_pages(client: httpx.Client, path: str) -> None:
    assert client.get(path).status_code == 404
