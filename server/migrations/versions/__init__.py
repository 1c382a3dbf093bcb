"""Alembic revisions, one file per schema change, named r<revision>_<slug>.py."""
