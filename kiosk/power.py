"""What the safe-shutdown button does: run the settings' shutdown command.

The command is an argument list from the kiosk's own settings file, run without a
shell (nothing a passer-by typed ever reaches it), and logged with its outcome.
"""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Sequence

logger = logging.getLogger(__name__)

COMMAND_TIMEOUT_S = 60.0


def run_shutdown_command(argv: Sequence[str], *, timeout_s: float = COMMAND_TIMEOUT_S) -> bool:
    """Run `argv` (no shell); True when it exited 0. Failures are logged, not raised."""
    command = list(argv)
    logger.warning("shutting down: running %s", command)
    try:
        finished = subprocess.run(  # noqa: S603 - an argument list from the settings file
            command, check=False, capture_output=True, text=True, timeout=timeout_s
        )
    except (OSError, subprocess.SubprocessError) as error:
        logger.error("shutdown command %s failed: %s", command, error)
        return False
    if finished.returncode != 0:
        detail = (finished.stderr or finished.stdout).strip().splitlines()
        logger.error(
            "shutdown command %s exited %d: %s",
            command,
            finished.returncode,
            detail[0] if detail else "no output",
        )
        return False
    return True
