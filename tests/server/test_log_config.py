"""The hub's own log lines go where uvicorn's go, through the same redaction."""

from __future__ import annotations

import io
import logging
import logging.config
from collections.abc import Iterator

import pytest

from server.log_config import HUB_LOGGERS, log_config


@pytest.fixture
def written() -> Iterator[io.StringIO]:
    """The hub's logging applied as `storywall hub` applies it, its stderr handler
    writing here; every touched logger is put back afterwards (dictConfig is global)."""
    names = (*HUB_LOGGERS, "uvicorn", "uvicorn.error", "uvicorn.access")
    saved = {
        name: (logger.handlers[:], logger.level, logger.propagate)
        for name in names
        for logger in [logging.getLogger(name)]
    }
    stream = io.StringIO()
    config = log_config()
    config["handlers"]["default"]["stream"] = stream
    logging.config.dictConfig(config)
    yield stream
    for name, (handlers, level, propagate) in saved.items():
        logger = logging.getLogger(name)
        logger.handlers[:] = handlers
        logger.setLevel(level)
        logger.propagate = propagate


def test_the_hubs_own_info_and_warnings_are_written_with_credentials_redacted(
    written: io.StringIO,
) -> None:
    logging.getLogger("server.core.migrate").info("database hub.sqlite3: from none to 0005")
    logging.getLogger("server.app").warning("a kiosk sent ?token=sw_k_Secret123 in its URL")
    text = written.getvalue()
    assert "database hub.sqlite3: from none to 0005" in text
    assert "a kiosk sent ?token=[redacted] in its URL" in text
    assert "sw_k_Secret123" not in text
