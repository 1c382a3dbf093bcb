"""The kiosk's touchscreen: theme, fonts and words, screens, the screen manager, the loop.

Nothing here touches hardware: physical button presses reach the screen manager through the
app (kiosk.app.KioskApp.submit_button), which makes each one an answer or a navigation step,
and importing any module has no side effects (pygame is initialised by the runner, or by
whoever renders off-screen).
"""
