"""The Storywall hub: kiosks push events here, the public reads the wall.

Build it with `server.app.create_app()`; nothing is created at import time.
"""
