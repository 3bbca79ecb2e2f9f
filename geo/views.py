"""Saved views ("agenda items"): a facilitator stores what the map shows, with a title,
and the workshop steps through them. Each is also a link (`?agenda=ID`).

A view is the map page's state, by stable values only: year, layer ids, the buurt
whose facts are open, the panel, the theme of the area selection, the chosen areas,
and where the map looks (centre and zoom).
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from geo.agreements import Actor
from geo.errors import AfsprakenkaartError

TITLE_MAX = 120
# A workshop steps through a handful; far more is a runaway script or a double click
# held down, and would make the navigator and the agenda list unusable.
ITEMS_MAX = 60


class ViewError(AfsprakenkaartError):
    """A saved view that may not be stored, moved or removed.

    `reason` (no_title, too_long, not_facilitator, missing, full) names the UI's
    translation; `values` fill in its placeholders.
    """

    def __init__(self, message: str, reason: str, **values: object):
        super().__init__(message)
        self.reason = reason
        self.values = values


class MapView(BaseModel):
    """What a view shows."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    year: int = Field(ge=1900, le=2200)
    layers: tuple[str, ...] = ()
    buurt: str | None = Field(default=None, max_length=20)
    panel: str = Field(default="facts", max_length=20)
    theme: str | None = Field(default=None, max_length=20)
    selection: tuple[str, ...] = ()
    center: tuple[float, float] | None = None  # latitude, longitude
    zoom: float | None = Field(default=None, ge=0, le=22)

    @field_validator("center")
    @classmethod
    def _center(cls, value: tuple[float, float] | None) -> tuple[float, float] | None:
        if value is not None and not (-90 <= value[0] <= 90 and -180 <= value[1] <= 180):
            raise ValueError("not a latitude, longitude")
        return value


class SavedView(BaseModel):
    """A stored view: its place in the agenda, title and who stored it."""

    model_config = ConfigDict(frozen=True)

    id: int
    position: int
    title: str
    view: MapView
    author: str
    created_at: datetime


def clean_title(title: str) -> str:
    """The title as stored: trimmed, one line; refused when empty or too long."""
    text = " ".join(str(title).split())
    if not text:
        raise ViewError("a view needs a title", "no_title")
    if len(text) > TITLE_MAX:
        raise ViewError(
            f"a title has at most {TITLE_MAX} characters ({len(text)} given)",
            "too_long",
            n=TITLE_MAX,
        )
    return text


def check_facilitator(actor: Actor) -> None:
    """Only the facilitator prepares the agenda."""
    if actor.role != "facilitator":
        raise ViewError(
            "only the facilitator stores, moves or removes agenda items", "not_facilitator"
        )


def parse_at(text: str | None) -> tuple[tuple[float, float], float] | None:
    """`lat,lon,zoom` from a link (`?at=`), or None when it is not that."""
    try:
        lat, lon, zoom = (float(part) for part in str(text).split(","))
    except (TypeError, ValueError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 <= zoom <= 22):
        return None
    return (lat, lon), zoom
