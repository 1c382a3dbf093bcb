"""The hub's logging under uvicorn: uvicorn's own set-up, minus credentials.

A kiosk token belongs in the Authorization header, but a person testing by hand
may paste it into a URL (`/api/v1/config?token=sw_k_...`), and uvicorn's access
log writes the query string as received: the token would then sit in the journal
of everyone who can read it. So the access log writes the path without its query
string, and every line the hub's handlers write has anything credential-like
(`sw_k_` tokens, `Authorization:`/`Bearer` values, `token=`/`key=`/`password=`
values) replaced by `[redacted]`. A provisioning link's code is a credential in
the path itself (`/api/v1/provision/<code>`): whatever follows `/provision/` is
redacted too, as is anything shaped like a link code (`sw_p_...`).

`storywall hub` passes `log_config()` to uvicorn; in `--workers N` each worker
applies it again (uvicorn re-runs dictConfig in every worker), which is why the
filter is named by its import path.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

REDACTED = "[redacted]"

# What may be a secret in a log line: our kiosk tokens and link codes wherever they
# appear, the path segment after /provision/ (a mistyped code is still most of a
# real one), the value after an Authorization header or a Bearer scheme, and the
# value of any parameter named like a credential.
_CREDENTIALS = re.compile(
    r"sw_[kp]_[A-Za-z0-9_\-]+"
    r"|(?i:(?<=/provision/))[^\s/?#&\"']+"
    r"|(?i:(?<=authorization: )|(?<=authorization=)|(?<=bearer ))[^\s&\"']+"
    r"|(?i:(?<=[?&;\s]token=)|(?<=[?&;\s]access_token=)|(?<=[?&;\s]api_key=)"
    r"|(?<=[?&;\s]key=)|(?<=[?&;\s]password=)|(?<=[?&;\s]secret=))[^\s&\"']+"
)


def redact(text: str) -> str:
    """`text` with anything that looks like a credential replaced by [redacted]."""
    return _CREDENTIALS.sub(REDACTED, text)


class RedactingFilter(logging.Filter):
    """Drops query strings from access-log paths and redacts credentials in any record.

    Attached to handlers (not loggers), so it sees every record a handler writes,
    including those propagated from child loggers.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if record.name == "uvicorn.access" and isinstance(args, tuple) and len(args) == 5:
            # uvicorn's access record: (client, method, path with query, http version, status)
            client, method, full_path, http_version, status = args
            path = str(full_path).split("?", 1)[0]
            record.args = (client, method, redact(path), http_version, status)
            return True
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


# The hub's own loggers (server.api.provision, server.core.migrate, ...). Without a handler
# of their own, INFO lines were dropped and warnings reached Python's last-resort handler,
# which no filter guards: a credential in one would have gone to the journal as it was.
HUB_LOGGERS = ("server", "cli")


def log_config() -> dict[str, Any]:
    """uvicorn's default logging configuration with RedactingFilter on every handler, and
    the hub's own loggers written at INFO through uvicorn's default (stderr) handler."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact_credentials"] = {"()": f"{__name__}.RedactingFilter"}
    for handler in config.get("handlers", {}).values():
        handler.setdefault("filters", []).append("redact_credentials")
    loggers = config.setdefault("loggers", {})
    for name in HUB_LOGGERS:
        loggers[name] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config
