"""A provisioning link's code is a credential in the URL path: no log line may keep it.

Once through the log filter itself, and once through a real `storywall hub` whose
log an operator would read, with a link set up by `storywall admin` as a person would.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import httpx
import pytest

from cli.main import main
from server.launch import HubProcess, free_port
from server.log_config import RedactingFilter

ROOT = Path(__file__).resolve().parents[2]
CODE = "sw_p_Zx9-Q_w3ErTyUiOpAsDfGhJkLzXcVbNm"


def _access_record(path: str, status: int = 200) -> logging.LogRecord:
    # As uvicorn.logging.AccessFormatter receives it.
    return logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:50000", "GET", path, "1.1", status),
        None,
    )


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/provision/{CODE}",
        f"/api/v1/provision/{CODE}?again=1",
        "/api/v1/provision/Zx9-Q_w3ErTyUiOpAsDfGhJkLzXcVbNm",  # the prefix left off
    ],
)
def test_the_access_log_redacts_the_code(path: str) -> None:
    record = _access_record(path)
    assert RedactingFilter().filter(record)
    assert (
        record.getMessage() == '127.0.0.1:50000 - "GET /api/v1/provision/[redacted] HTTP/1.1" 200'
    )


def test_any_log_line_redacts_a_code() -> None:
    record = logging.LogRecord(
        "server.api", logging.WARNING, __file__, 1, "fetching %s failed", (f"/x?c={CODE}",), None
    )
    RedactingFilter().filter(record)
    assert CODE not in record.getMessage()


@pytest.mark.slow
def test_a_running_hub_logs_no_code_and_no_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    port = free_port()
    hub_url = f"http://127.0.0.1:{port}"
    for name in [name for name in os.environ if name.startswith("STORYWALL_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("STORYWALL_DATA_DIR", str(data))
    monkeypatch.setenv("STORYWALL_PUBLIC_URL", hub_url)
    for command in (
        ["admin", "db", "upgrade"],
        ["admin", "add-site", "riverside", "--name", "Riverside Park"],
        ["admin", "add-kiosk", "riverside-1", "--site", "riverside"],
    ):
        assert main(command) == 0
    capsys.readouterr()
    assert main(["admin", "provision-kiosk", "riverside-1"]) == 0
    link = capsys.readouterr().out.strip()
    code = link.rsplit("/", 1)[1]

    hub = HubProcess(
        [sys.executable, "-m", "cli", "hub", "--port", str(port), "--data-dir", str(data)],
        url=hub_url,
        log=tmp_path / "hub.log",
        env=dict(os.environ),
        cwd=ROOT,
        start_timeout_s=60.0,
    )
    hub.start()
    try:
        with httpx.Client(timeout=10) as client:
            answer = client.get(link)
            assert answer.status_code == 200, answer.text
            assert client.get(link).status_code == 404
            assert client.get(link[:-3] + "abc").status_code == 404
    finally:
        hub.stop()  # graceful: every handler has flushed
    token = answer.text.split('token = "', 1)[1].split('"', 1)[0]
    logged = hub.log.read_text(encoding="utf-8")
    assert logged.count('"GET /api/v1/provision/[redacted] HTTP/1.1" 404') == 2, logged
    assert '"GET /api/v1/provision/[redacted] HTTP/1.1" 200' in logged, logged
    for secret in (code, code[5:], code[:-3], token):
        assert secret not in logged, logged
    # The hub's own line says which kiosk took its settings, through the same filter.
    assert "kiosk riverside-1: settings and a new token taken through a one-time link" in logged
