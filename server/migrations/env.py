"""Alembic's environment: run by server.core.migrate, always on a connection it opened.

The caller holds the transaction (and on PostgreSQL an advisory lock), so a revision
that fails leaves the database as it was. SQLite cannot ALTER most things in place:
render_as_batch makes autogenerate write `batch_alter_table` blocks, which copy the
table on SQLite and are plain ALTERs on PostgreSQL.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import server.schema  # noqa: F401  (registers every hub table on SQLModel.metadata)

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("run the hub's migrations through server.core.migrate, not alembic's CLI")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
