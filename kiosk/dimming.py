"""Quiet hours on the panel itself: the backlight dimmed while the site is quiet.

The screen manager decides when it is quiet (the hub's quiet hours in the site's time zone,
kiosk.ui.quiet) and shades its own picture; this turns the backlight down too, to
`quiet_brightness` of full, and back to full when quiet hours end or the kiosk stops. A
panel without a backlight device (HDMI) or one the kiosk may not write is left alone,
said once in the log: dimming is a courtesy to the neighbours, never a reason to fail.
"""

from __future__ import annotations

import logging

from hardware.backlight import Backlight, BacklightError

logger = logging.getLogger(__name__)

FULL = 1.0


class QuietDimmer:
    """Follows the quiet state with the backlight, writing only when it changes."""

    def __init__(self, backlight: Backlight | None, quiet_level: float) -> None:
        self.backlight = backlight
        self.quiet_level = quiet_level
        self.quiet = False

    def follow(self, quiet: bool) -> None:
        """Called every turn of the screen loop with the manager's quiet state."""
        if quiet == self.quiet:
            return
        self.quiet = quiet
        self._set(self.quiet_level if quiet else FULL)

    def close(self) -> None:
        """Back to full brightness; safe to call twice."""
        if self.quiet:
            self.quiet = False
            self._set(FULL)

    def _set(self, level: float) -> None:
        backlight = self.backlight
        if backlight is None:
            return
        try:
            backlight.level = level
        except BacklightError as error:
            logger.warning("cannot dim the screen, leaving its backlight alone: %s", error)
            self.backlight = None
        else:
            logger.info(
                "backlight at %d%% (%s)", round(level * 100), "quiet hours" if self.quiet else "day"
            )
