"""Small device interfaces for the kiosk, each with a real and a mock backend.

Nothing here touches a pin at import time; Pi-only libraries are imported inside
the backends that need them, so `import hardware` works on any laptop.
"""
