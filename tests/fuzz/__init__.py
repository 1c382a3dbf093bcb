"""Hostile-input tests: fuzzing the hub's API, the sync protocol and injection."""
