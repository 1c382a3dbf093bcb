"""Enqueue news updates for every configured publisher, each once.

Run by the publish job, never in a request: a drop-off's push only writes its
FridgeUpdate row (server/updates.py), and this finds the news updates that
a publisher has no queue row for yet. An update written more than NEWS_MAX_AGE_MS
ago is history by the time it would go out (a publisher configured today does not
get last month's restocks; a hub that was down for two days does not post them
late), so it is left out.
"""

from __future__ import annotations

from sqlalchemy import Engine, exists
from sqlmodel import Session, col, select

from server.models import Site
from server.models_outbound import OUTBOUND_TABLE, UPDATE_PUBLISHERS
from server.models_updates import FridgeUpdate
from server.publish import render
from server.publish.queue import enqueue_many

# Far shorter than queue.KEEP_SETTLED_MS, so a pruned row's update is never queued again.
NEWS_MAX_AGE_MS = 86_400_000
# Updates enqueued per publisher per run; the rest wait for the next run.
BATCH = 200

_ROW = OUTBOUND_TABLE.c


def update_row_key(update: FridgeUpdate) -> str:
    """The queue key of an update: its own key, unique and the same on every hub."""
    return f"update:{update.key}"


def enqueue_news(engine: Engine, *, publishers: list[str], public_url: str, now_ms: int) -> int:
    """Queue each recent news update not yet queued for each of `publishers`; how many."""
    added = 0
    for publisher in (name for name in publishers if name in UPDATE_PUBLISHERS):
        queued = exists().where(_ROW.publisher == publisher, _ROW.update_id == col(FridgeUpdate.id))
        with Session(engine) as session:
            found = session.exec(
                select(FridgeUpdate, Site)
                .join(Site, col(Site.id) == col(FridgeUpdate.site_id))
                .where(
                    col(FridgeUpdate.news),
                    col(FridgeUpdate.created_ms) >= now_ms - NEWS_MAX_AGE_MS,
                    ~queued,
                )
                .order_by(col(FridgeUpdate.id))
                .limit(BATCH)
            ).all()
            rows = [
                (update, render.update_document(update, site, public_url)) for update, site in found
            ]
        if not rows:
            continue
        # A transaction of writes only (SQLite takes its lock at the first statement);
        # a row another process queued meanwhile is skipped by the unique key.
        with engine.begin() as connection:
            added += enqueue_many(
                connection,
                [
                    {
                        "publisher": publisher,
                        "key": update_row_key(update),
                        "payload": document,
                        "update_id": update.id,
                    }
                    for update, document in rows
                ],
                now_ms=now_ms,
            )
    return added
