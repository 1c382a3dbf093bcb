"""Every table of the hub, for what needs the whole schema: the migrations'
autogenerate, backups, tests that empty the database. Importing a model module puts
its tables on SQLModel.metadata; a new table module is added here."""

from sqlmodel import SQLModel

from server import (
    models,
    models_accounts,
    models_charts,
    models_fleet,
    models_food_safety,
    models_fridge,
    models_jobs,
    models_moderation,
    models_outbound,
    models_prompts,
    models_replies,
    models_rota,
    models_updates,
)

METADATA = SQLModel.metadata

__all__ = [
    "METADATA",
    "models",
    "models_accounts",
    "models_charts",
    "models_fleet",
    "models_food_safety",
    "models_fridge",
    "models_jobs",
    "models_moderation",
    "models_outbound",
    "models_prompts",
    "models_replies",
    "models_rota",
    "models_updates",
]
