"""The fridge tables: a community fridge is a site with a `fridge` row."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field as PydanticField
from pydantic import model_validator
from sqlalchemy import JSON, BigInteger, Boolean, CheckConstraint, String, Table
from sqlmodel import Field, SQLModel

from storywall.protocol.fields import InfoLine
from storywall.protocol.limits import MAX_FRIDGE_RULES, MAX_NAME_CHARS

# A new fridge's rules until its organisers edit them (docs/fridges.md).
DEFAULT_ACCEPTS = [
    "Fresh fruit and vegetables",
    "Bread and bakery",
    "Sealed dairy and eggs",
    "Packaged and dry food",
    "Prepared food labelled with its ingredients and the date it was made",
]
DEFAULT_REFUSES = [
    "Raw meat or fish",
    "Anything past its use-by date",
    "Alcohol",
]
# Food-safety defaults: too warm above 5 °C for 15 minutes (the UK legal limit is 8 °C,
# so a fridge may set that), recovered after 30 minutes back below.
DEFAULT_WARM_ABOVE_C = 5.0
DEFAULT_WARM_FOR_MIN = 15
DEFAULT_RECOVER_FOR_MIN = 30
DEFAULT_DOOR_OPEN_LIMIT_MIN = 5
DEFAULT_SILENT_AFTER_MIN = 15

Rules = Annotated[list[InfoLine], PydanticField(max_length=MAX_FRIDGE_RULES)]
Latitude = Annotated[float, PydanticField(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[float, PydanticField(ge=-180, le=180, allow_inf_nan=False)]


class FridgeBase(SQLModel):
    """What an organiser says about a community fridge (a site with a fridge)."""

    address: InfoLine = Field(default="", sa_type=String(MAX_NAME_CHARS))
    latitude: Latitude | None = Field(default=None)
    longitude: Longitude | None = Field(default=None)
    # When it is open and anything a visitor should know ("24/7, in the porch").
    opening_notes: InfoLine = Field(default="", sa_type=String(MAX_NAME_CHARS))
    accepts: Rules = Field(default_factory=lambda: list(DEFAULT_ACCEPTS), sa_type=JSON)
    refuses: Rules = Field(default_factory=lambda: list(DEFAULT_REFUSES), sa_type=JSON)
    # Drop-off photos wait for a moderator unless the organisers turn this off.
    moderate_photos: bool = Field(default=True, sa_type=Boolean)
    # The food-safety rule (server/services/food_safety.py).
    warm_above_c: Annotated[float, PydanticField(ge=0, le=15, allow_inf_nan=False)] = Field(
        default=DEFAULT_WARM_ABOVE_C
    )
    warm_for_min: Annotated[int, PydanticField(ge=1, le=24 * 60)] = Field(
        default=DEFAULT_WARM_FOR_MIN
    )
    recover_for_min: Annotated[int, PydanticField(ge=1, le=24 * 60)] = Field(
        default=DEFAULT_RECOVER_FOR_MIN
    )
    door_open_limit_min: Annotated[int, PydanticField(ge=1, le=24 * 60)] = Field(
        default=DEFAULT_DOOR_OPEN_LIMIT_MIN
    )
    silent_after_min: Annotated[int, PydanticField(ge=2, le=7 * 24 * 60)] = Field(
        default=DEFAULT_SILENT_AFTER_MIN
    )

    @model_validator(mode="after")
    def _position_whole(self) -> FridgeBase:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("a map position needs both latitude and longitude")
        return self


class FridgeCreate(FridgeBase):
    """A fridge as an organiser describes it (and later changes it)."""


class Fridge(FridgeBase, table=True):
    """The fridge at a site. Its drop-off and check forms post as `form_kiosk_id`, a
    kiosk row no device holds (its token hash is of random bytes nobody keeps), so
    that form-born events travel the same ingest pipeline as a kiosk's."""

    __tablename__ = "fridge"
    __table_args__ = (
        CheckConstraint("(latitude IS NULL) = (longitude IS NULL)", name="ck_fridge_position"),
    )

    site_id: int = Field(foreign_key="site.id", primary_key=True)
    form_kiosk_id: str = Field(sa_type=String(63), foreign_key="kiosk.id", unique=True)
    created_ms: int = Field(sa_type=BigInteger)


class FridgePublic(FridgeBase):
    """A fridge as the public sees it."""


FRIDGE_TABLE: Table = SQLModel.metadata.tables["fridge"]
