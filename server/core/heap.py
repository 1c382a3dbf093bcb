"""Garbage-collector settings for a process that serves the hub.

A push allocates about a thousand short-lived objects per 500 events (an event and
a payload model each, their fields). CPython's cyclic collector runs its young
generation every 700 allocations and, every so often, walks every long-lived
object as well: the hundreds of thousands that FastAPI, pydantic and SQLAlchemy
keep from start-up. Profiling ingest showed that walk as a sixth of the hub's
time. Freezing what exists once the app is built takes those objects out of every
later collection, and a larger young generation makes collections rarer. Plain
reference counting still frees almost everything at once, as before.

Only the serving process calls this (cli/hub_worker.py): a test process that
builds hundreds of apps keeps the default collector.
"""

from __future__ import annotations

import gc

# Young-generation size before a collection (CPython's default is 700); the older
# generations are collected every 10 young ones, as by default.
YOUNG_GENERATION = 10_000


def settle_for_serving() -> None:
    """Collect once, freeze what is left as permanent, and make young collections rarer."""
    gc.collect()
    gc.freeze()
    _young, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION, middle, old)
