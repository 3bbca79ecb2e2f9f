"""Layer 1: corporation homes, coloured by corporation, lettered by planned measure.

Sent to the browser as one compact array with lookup tables (about 40 bytes a
home) and clustered there: a folium object per home costs ~1.5 ms each on the
server on every rerun (see notes/map-rendering-speed.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import folium
import geopandas as gpd
import pandas as pd

from geo.codes import MEASURES
from geo.dataset import Dataset
from geo.i18n import number, t
from geo.palette import MEASURE_LETTERS, SENSITIVE_MEASURES, corporation_colours
from geo.yearview import home_states
from layers.base import Legend, LegendEntry, LegendSection, MapContext, per_dataset, to_map_crs
from layers.elements import HomeCluster
from layers.html import esc, symbol_svg
from layers.legend import legend_element

STATES = ("done", "planned", "none")
MEASURE_KEYS = ("none", *MEASURES)


def _icon(colour: str, measure: str, state: str) -> str:
    letter = MEASURE_LETTERS.get(measure, "")
    if measure == "none":
        return symbol_svg("circle", colour, size=14)
    return symbol_svg("circle", colour, letter=letter, filled=state == "done")


class CorporationHousing:
    id = "corporation_housing"

    def title(self, ctx: MapContext) -> str:
        return ctx.t("layer.corporation_housing")

    def homes(self, ctx: MapContext) -> gpd.GeoDataFrame:
        """Homes with their state in the context year; those without a location are left out."""
        homes = home_states(ctx.dataset.corporation_homes, ctx.year)
        located = ~(homes.geometry.isna() | homes.geometry.is_empty)
        return homes[located]

    def legend(self, ctx: MapContext) -> Legend:
        all_homes = ctx.dataset.corporation_homes
        colours = corporation_colours(all_homes)
        located = _static_payload(ctx.dataset).frame  # every home with a location
        without = len(all_homes) - len(located)
        corps = tuple(
            LegendEntry(symbol_svg("circle", c, size=18), name) for name, c in colours.items()
        )
        measures = tuple(
            LegendEntry(
                symbol_svg("circle", "#444444", letter=letter, size=20), ctx.t(f"measure.{m}")
            )
            for m, letter in MEASURE_LETTERS.items()
        )
        states = (
            LegendEntry(
                symbol_svg("circle", "#444444", letter="V", size=20), ctx.t("legend.state.done")
            ),
            LegendEntry(
                symbol_svg("circle", "#444444", letter="V", size=20, filled=False),
                ctx.t("legend.state.planned"),
            ),
        )
        notes = [
            LegendEntry("", ctx.t("legend.homes_on_map", count=number(len(located), ctx.lang)))
        ]
        if without:
            notes.append(LegendEntry("", ctx.t("legend.no_location", count=without)))
        if ctx.viewer:
            notes.append(LegendEntry("", ctx.t("legend.sensitive_per_buurt")))
        return Legend(
            self.title(ctx),
            (
                LegendSection(ctx.t("legend.corporation"), corps),
                LegendSection(ctx.t("legend.measure"), measures),
                LegendSection(ctx.t("legend.state", year=ctx.year), states),
                LegendSection("", tuple(notes)),
            ),
        )

    def payload(self, ctx: MapContext) -> tuple[list[list[object]], dict[str, object]]:
        """Rows [lat, lon, corp, measure, state, complex, bouwjaar, type, label, year]
        and the lookup tables their indexes point into (shared: do not change them)."""
        return _payload(ctx.dataset, ctx.year, ctx.lang, ctx.viewer)

    def build(self, ctx: MapContext) -> folium.FeatureGroup:
        group = folium.FeatureGroup(name=self.title(ctx), overlay=True, control=True)
        rows, lookups = self.payload(ctx)
        # Homes of a street stand metres apart: even at the demo's top zoom their
        # symbols overlap, so clusters stay and spiderfy when clicked at max zoom.
        options = {"maxClusterRadius": 40, "showCoverageOnHover": False, "spiderfyOnMaxZoom": True}
        group.add_child(HomeCluster(rows, lookups, options))
        group.add_child(legend_element(self.legend(ctx)))
        return group


ROW_COLUMNS = (
    "lat",
    "lon",
    "corp",
    "measure",
    "state",
    "complex",
    "bouwjaar",
    "type",
    "label",
    "year",
)
POPUP_FIELDS = (
    "corporation",
    "complex",
    "bouwjaar",
    "woningtype",
    "energielabel",
    "measure",
    "measure_year",
    "state",
)


@per_dataset
def _payload(
    dataset: Dataset, year: int, lang: str, viewer: bool = False
) -> tuple[list[list[object]], dict[str, object]]:
    static = _static_payload(dataset)
    homes = home_states(dataset.corporation_homes.loc[static.frame.index], year)
    frame = static.frame.assign(state=homes["state"].map({s: i for i, s in enumerate(STATES)}))
    if viewer:
        # Sensitive plans: tenants hear of the sale or demolition of their home from
        # their corporation, not from a map. Viewers see these per buurt (the panel).
        sensitive = homes["measure"].isin(SENSITIVE_MEASURES).to_numpy()
        frame.loc[sensitive, ["measure", "state", "year"]] = [
            MEASURE_KEYS.index("none"),
            STATES.index("none"),
            0,
        ]
    rows = frame[list(ROW_COLUMNS)].astype(object).values.tolist()
    unknown = esc(t("popup.unknown", lang))
    lookups: dict[str, object] = {
        "title": esc(t("layer.corporation_housing", lang)),
        "corps": [esc(c) for c in static.corps],
        "complexes": [esc(c) for c in static.complexes],
        "types": [esc(c) or unknown for c in static.types],
        "labels": [esc(c) or unknown for c in static.labels],
        "measures": [esc(t(f"measure.{m}", lang)) for m in MEASURE_KEYS],
        "states": [esc(t(f"state.{s}", lang)) for s in STATES],
        "unknown": unknown,
        "fields": [esc(t(f"popup.{k}", lang)) for k in POPUP_FIELDS],
        "icons": static.icons,
        "demo": (
            f"<div class='afk-demo-tag'>{esc(t('demo.mark', lang))}</div>"
            if dataset.manifest.demo
            else ""
        ),
    }
    return rows, lookups


@dataclass(frozen=True)
class _StaticPayload:
    """Everything about the homes that does not change with the year."""

    frame: pd.DataFrame  # per located home: coordinates and lookup indexes
    corps: list[str]
    complexes: list[str]
    types: list[str]
    labels: list[str]
    icons: list[list[list[str]]]  # [corp][measure][state] -> SVG


@per_dataset
def _static_payload(dataset: Dataset) -> _StaticPayload:
    homes = dataset.corporation_homes
    homes = to_map_crs(homes[~(homes.geometry.isna() | homes.geometry.is_empty)])
    colours = corporation_colours(dataset.corporation_homes)
    corps = list(colours)

    def coded(column: str) -> tuple[pd.Series, list[str]]:
        values = homes[column].fillna("").astype(str)
        table = sorted(values.unique())
        return values.map({v: i for i, v in enumerate(table)}), table

    complex_idx, complexes = coded("complex_id")
    type_idx, types = coded("woningtype")
    label_idx, labels = coded("energielabel")
    frame = pd.DataFrame(
        {
            "lat": homes.geometry.y.round(5),
            "lon": homes.geometry.x.round(5),
            "corp": homes["corporation"].map({c: i for i, c in enumerate(corps)}),
            "measure": homes["measure"]
            .fillna("none")
            .map({m: i for i, m in enumerate(MEASURE_KEYS)}),
            "complex": complex_idx,
            "bouwjaar": homes["bouwjaar"].fillna(0).astype(int),
            "type": type_idx,
            "label": label_idx,
            "year": homes["measure_year"].fillna(0).astype(int),
        },
        index=homes.index,
    )
    icons = [[[_icon(colours[c], m, s) for s in STATES] for m in MEASURE_KEYS] for c in corps]
    return _StaticPayload(frame, corps, complexes, types, labels, icons)


LAYER = CorporationHousing()
