"""Storywall: kiosks for park story walls and community fridges, and their hub.

This package holds only what kiosk and hub share (the wire protocol) and the
command line; it imports neither side at import time.
"""

__version__ = "0.1.0"
