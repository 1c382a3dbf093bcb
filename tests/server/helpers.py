"""Reading the hub's database back in tests."""

from __future__ import annotations

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from server.models import Event


def stored_ids(engine: Engine) -> set[str]:
    """Ids of every stored event."""
    with Session(engine) as session:
        return set(session.exec(select(Event.id)).all())


def event_count(engine: Engine) -> int:
    """How many events the hub holds."""
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Event)).one()


def stored_event(engine: Engine, event_id: str) -> Event:
    """One stored event by id."""
    with Session(engine) as session:
        return session.exec(select(Event).where(col(Event.id) == event_id)).one()
