"""The kiosk: screens, the outbox of events and the client that syncs them to the hub.

Importing this package has no side effects; a kiosk is assembled in a factory. It
never imports the hub (server/, FastAPI) nor gpiozero: hardware lives behind the
interfaces in hardware/.
"""
