"""What every map layer provides, and the context it is built in."""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

import folium
import geopandas as gpd
import shapely

from geo.config import Settings
from geo.dataset import Dataset
from geo.i18n import t
from geo.meeliften import Parameters
from geo.workshop import seed_states

WGS84 = "EPSG:4326"
P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class MapContext:
    """The state a layer is drawn for: which data, which year, which language."""

    dataset: Dataset
    settings: Settings
    year: int
    lang: str = "nl"
    # The agreement store's current state as this user may see it; None: the data
    # directory's seed decisions (before a store is attached, and in tests).
    agreements: gpd.GeoDataFrame | None = None
    viewer: bool = True
    # The meeliften panel's choices; None: the whole period, defaults otherwise.
    meeliften: Parameters | None = None
    # Only the facilitator sees meeliften counts below 5 (DESIGN.md, "Small numbers").
    facilitator: bool = False

    @property
    def demo(self) -> bool:
        return self.dataset.manifest.demo

    @property
    def agreement_states(self) -> gpd.GeoDataFrame:
        return _seed_states(self.dataset) if self.agreements is None else self.agreements

    def t(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)


@dataclass(frozen=True)
class LegendEntry:
    symbol_html: str  # trusted HTML built from our own constants
    label: str  # plain text, escaped when rendered


@dataclass(frozen=True)
class LegendSection:
    heading: str
    entries: tuple[LegendEntry, ...]


@dataclass(frozen=True)
class Legend:
    title: str
    sections: tuple[LegendSection, ...]

    def labels(self) -> list[str]:
        return [e.label for s in self.sections for e in s.entries]


class Layer(Protocol):
    """One overlay of the map. `id` names its tests: tests/unit/layers/test_<id>.py."""

    id: str

    def title(self, ctx: MapContext) -> str: ...

    def legend(self, ctx: MapContext) -> Legend: ...

    def build(self, ctx: MapContext) -> folium.FeatureGroup:
        """The overlay for `ctx`, with its legend bound to it."""
        ...


def to_map_crs(gdf: gpd.GeoDataFrame, *, grid: float = 1e-5) -> gpd.GeoDataFrame:
    """Reproject to WGS84 for Leaflet, rounded to about 1 m to keep the payload small."""
    out = gdf.to_crs(WGS84)
    return out.set_geometry(shapely.set_precision(out.geometry.values, grid))


def per_dataset(fn: Callable[Concatenate[Dataset, P], R]) -> Callable[Concatenate[Dataset, P], R]:
    """Remember `fn(dataset, *args)` (hashable args) for as long as that dataset lives.

    For what a layer derives from the data alone (reprojection, lookup tables) or per
    year: the app keeps one Dataset per data directory, so going back to a year shown
    before costs nothing. Keyed on identity because a Dataset holds unhashable frames.
    The results are shared: callers must not change them.
    """
    cache: dict[int, dict[tuple[Any, ...], R]] = {}

    @functools.wraps(fn)
    def wrapper(dataset: Dataset, *args: P.args, **kwargs: P.kwargs) -> R:
        if id(dataset) not in cache:
            cache[id(dataset)] = {}
            weakref.finalize(dataset, cache.pop, id(dataset), None)
        results = cache[id(dataset)]
        key = (*args, *sorted(kwargs.items()))
        if key not in results:
            results[key] = fn(dataset, *args, **kwargs)
        return results[key]

    return wrapper


@per_dataset
def _seed_states(dataset: Dataset) -> gpd.GeoDataFrame:
    return seed_states(dataset)


@per_dataset
def area_names(dataset: Dataset) -> dict[str, str]:
    """Display names of the dataset's buurt and wijk codes."""
    names = dict(zip(dataset.wijken["wijkcode"], dataset.wijken["wijknaam"], strict=True))
    names.update(zip(dataset.buurten["buurtcode"], dataset.buurten["buurtnaam"], strict=True))
    return {str(k): str(v) for k, v in names.items()}
