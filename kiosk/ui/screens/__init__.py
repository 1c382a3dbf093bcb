"""Screens: handle_event(event), update(dt), draw(surface), nav(action); never a loop.

The screen manager (kiosk.ui.manager) owns them and decides which one shows."""

from kiosk.ui.screens.base import NavAction, Screen

__all__ = ["NavAction", "Screen"]
