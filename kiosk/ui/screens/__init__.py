"""Screens: objects with handle_event(event), update(dt) and draw(surface); never a loop."""

from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.prompt import PromptScreen

__all__ = ["PromptScreen", "Screen"]
