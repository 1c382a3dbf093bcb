"""The kiosk's touchscreen: theme, text fitting, emoji pictures, screens and the display loop.

Nothing here touches hardware: physical button presses reach a screen through the app
(show_thanks), and importing any module has no side effects (pygame is initialised by the
runner, or by whoever renders off-screen).
"""
