"""The hub's schema history: one Alembic revision per change, driven by server.core.migrate.

`versions/` holds the revisions, oldest first (r0001 is the schema storywall 0.1.0 made
with create_all). There is no alembic.ini: server.core.migrate configures Alembic in code,
so the migrations ship inside the wheel and run from any directory.
"""
