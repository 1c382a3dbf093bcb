"""How a note, doodle or photo arrives: its automatic flags and whether it is held.

Below the event kinds, which call it from their `arrival_states` hooks, and below
the services, which read its flags; it imports neither."""
