"""Storywall's ground floor: what kiosk and hub both stand on.

The wire protocol (`storywall.protocol`), the package version and small shared
helpers. It depends on pydantic only and imports neither kiosk nor hub; the
command line lives on top, in `cli/`.
"""

__version__ = "0.2.0"
