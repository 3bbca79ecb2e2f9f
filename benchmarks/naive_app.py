"""The naive baseline: the same map built "the straightforward way".

What a developer following the folium and streamlit-folium documentation writes
first, on the same demo data and with the same year filters as the real page
(`geo.yearview.home_states` / `geo.agreements.designated` / `effective_heat_phasing`), so
both maps show the same things:

- one `folium.Map`, rebuilt completely on every run (every year change);
- full-resolution GeoJSON (no coordinate rounding, all useful properties) of
  buurten, wijken, heat phasing and attention areas, with `GeoJsonTooltip` /
  `GeoJsonPopup`;
- one `folium.Marker` with a `folium.Popup` per corporation home, CLUSTERED with
  `folium.plugins.MarkerCluster` (the usual advice for a few thousand points;
  unclustered is no faster, see notes/map-rendering-speed.md);
- one `folium.Marker` per holiday park;
- a `st.selectbox` for the year and `st_folium(m, height=700,
  use_container_width=True)` with its default returned objects.

The data is loaded through `st.cache_data`, as every Streamlit tutorial does:
the baseline is meant to be naive about the map, not a strawman.

Concessions it cannot do without, or the map would not render offline at all
(streamlit-folium stops at the first CDN asset it cannot load and shows an
empty, 0 px high frame):
- Leaflet and Leaflet.markercluster are pointed at the copies Streamlit serves
  from /app/static, exactly like the real app does; folium's other CDN assets
  (jQuery, Bootstrap, Font Awesome, awesome-markers) are dropped;
- `folium.Popup` fills itself with jQuery's `$(html)[0]`, and the project ships
  no jQuery: a four-line stand-in for `$` is put on the map instead. That favours
  the baseline: a real naive page would also download jQuery (~87 kB);
- Leaflet's default marker icon folder and the map's maxZoom are set, without
  which the markers' icons 404 and MarkerCluster throws (notes/offline-map.md).

Streamlit serves `static/` next to the main script, so `python -m benchmarks`
runs this page through a small wrapper whose folder links to the project's
`static/` (benchmarks/server.py); `python -m benchmarks --serve naive` serves it
that way to look at. Under AppTest it runs as it is.
"""

from __future__ import annotations

from datetime import date

import folium
import pandas as pd
import streamlit as st
from branca.element import MacroElement
from folium.plugins import MarkerCluster
from folium.template import Template
from streamlit_folium import st_folium

from geo.agreements import designated
from geo.config import load_settings
from geo.dataset import Dataset, load_dataset
from geo.workshop import seed_states
from geo.yearview import effective_heat_phasing, home_states, phase_state

STATIC = "/app/static"
# folium's defaults point at CDNs, which cannot load offline (see above).
LEAFLET_JS = [("leaflet", f"{STATIC}/vendor/leaflet/leaflet.js")]
LEAFLET_CSS = [("leaflet_css", f"{STATIC}/vendor/leaflet/leaflet.css")]
CLUSTER = f"{STATIC}/vendor/leaflet.markercluster"
PERIOD_COLOURS = ("#006837", "#31a354", "#78c679", "#c2e699", "#ffffcc")


class _OfflineShims(MacroElement):
    """leaflet.css is not applied yet when the map script runs inside the iframe,
    so Leaflet cannot find its default marker icons without the first line. The
    rest stands in for jQuery's `$(html)[0]`, which folium.Popup calls."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.Icon.Default.imagePath = "/app/static/vendor/leaflet/images/";
        window.$ = window.$ || function (html) {
          var t = document.createElement("template");
          t.innerHTML = html.trim();
          return [t.content.firstChild];
        };
        {% endmacro %}
        """
    )


@st.cache_data(show_spinner=False)
def _load(directory: str) -> Dataset:
    from pathlib import Path

    return load_dataset(Path(directory))


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def build_map(ds: Dataset, year: int, show_basemap: bool, basemap_url: str) -> folium.Map:
    buurten = ds.buurten.to_crs("EPSG:4326")
    minx, miny, maxx, maxy = buurten.total_bounds
    m = folium.Map(location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=11, tiles=None)
    m.default_js = LEAFLET_JS
    m.default_css = LEAFLET_CSS
    m.options["maxZoom"] = ds.manifest.max_zoom  # MarkerCluster needs it with tiles=None
    m.add_child(_OfflineShims())
    if show_basemap:
        folium.TileLayer(basemap_url, attr="PDOK", name="Achtergrond").add_to(m)
    m.fit_bounds([[miny, minx], [maxy, maxx]])

    # Heat phasing: every wijk (or overriding buurt) coloured by its period.
    heat = effective_heat_phasing(ds.buurten, ds.heat_phasing).to_crs("EPSG:4326")
    heat["period"] = heat["period_start"].astype(str) + "–" + heat["period_end"].astype(str)
    heat["phase"] = [
        phase_state(int(s), int(e), year)
        for s, e in zip(heat["period_start"], heat["period_end"], strict=True)
    ]
    periods = sorted(heat["period"].unique())
    colours = {p: PERIOD_COLOURS[min(i, len(PERIOD_COLOURS) - 1)] for i, p in enumerate(periods)}
    heat = heat[["area_code", "period", "phase", "strategy", "plan_status", "level", "geometry"]]
    folium.GeoJson(
        heat,
        name="Warmtetransitie per wijk",
        style_function=lambda f: {
            "fillColor": colours[f["properties"]["period"]],
            "fillOpacity": 0.55 if f["properties"]["phase"] == "current" else 0.35,
            "color": "#1a1a1a" if f["properties"]["phase"] == "current" else "#4d4d4d",
            "weight": 4 if f["properties"]["phase"] == "current" else 1,
        },
        popup=folium.GeoJsonPopup(
            fields=["area_code", "period", "phase", "strategy", "plan_status"],
            aliases=["Gebied", "Periode", f"Stand in {year}", "Strategie", "Planstatus"],
        ),
    ).add_to(m)

    # Liveability attention areas designated in the year.
    attention = designated(seed_states(ds), year).to_crs("EPSG:4326")
    if not attention.empty:
        attention = attention[["area_code", "year", "status", "reasons", "lead_party", "geometry"]]
        attention = attention.assign(
            year=attention["year"].astype(str), reasons=attention["reasons"].map(_text)
        )
        folium.GeoJson(
            attention,
            name="Aandachtsgebieden leefbaarheid",
            style_function=lambda _: {"color": "#B2182B", "weight": 4, "fillOpacity": 0.3},
            popup=folium.GeoJsonPopup(
                fields=["area_code", "year", "status", "reasons", "lead_party"],
                aliases=["Gebied", "Jaar", "Status", "Redenen", "Trekker"],
            ),
        ).add_to(m)

    # Holiday parks: one Marker each.
    parks = ds.holiday_parks.set_geometry(ds.holiday_parks.representative_point())
    parks_group = folium.FeatureGroup(name="Vakantieparken").add_to(m)
    for _, park in parks.to_crs("EPSG:4326").iterrows():
        popup = (
            f"<b>{park['name']}</b><br>Vitaliteit: {park['vitality']}<br>"
            f"Eenheden: {_text(park['units'])}<br>"
            f"Permanent bewoond: {_text(park['permanent_residents'])}"
        )
        folium.Marker(
            [park.geometry.y, park.geometry.x],
            popup=folium.Popup(popup, max_width=300),
            tooltip=str(park["name"]),
        ).add_to(parks_group)

    # Corporation homes: one Marker with a Popup each, clustered.
    homes = home_states(ds.corporation_homes, year)
    homes = homes[~(homes.geometry.isna() | homes.geometry.is_empty)].to_crs("EPSG:4326")
    cluster = MarkerCluster(name="Corporatiewoningen")
    cluster.default_js = [("markerclusterjs", f"{CLUSTER}/leaflet.markercluster.js")]
    cluster.default_css = [
        ("markerclustercss", f"{CLUSTER}/MarkerCluster.css"),
        ("markerclusterdefaultcss", f"{CLUSTER}/MarkerCluster.Default.css"),
    ]
    cluster.add_to(m)
    for _, home in homes.iterrows():
        popup = (
            f"<b>{home['corporation']}</b><br>"
            f"Complex: {_text(home['complex_id'])}<br>"
            f"Bouwjaar: {_text(home['bouwjaar'])}<br>"
            f"Type: {_text(home['woningtype'])}<br>"
            f"Energielabel: {_text(home['energielabel'])}<br>"
            f"Maatregel: {_text(home['measure'])} {_text(home['measure_year'])}<br>"
            f"Stand in {year}: {home['state']}"
        )
        folium.Marker(
            [home.geometry.y, home.geometry.x], popup=folium.Popup(popup, max_width=300)
        ).add_to(cluster)

    # Wijk and buurt boundaries on top, with tooltips.
    wijken = ds.wijken.to_crs("EPSG:4326")[["wijkcode", "wijknaam", "geometry"]]
    folium.GeoJson(
        wijken,
        name="Wijken",
        style_function=lambda _: {"color": "#505050", "weight": 2, "fill": False},
        tooltip=folium.GeoJsonTooltip(fields=["wijknaam"], aliases=["Wijk"]),
    ).add_to(m)
    folium.GeoJson(
        buurten[["buurtcode", "buurtnaam", "wijkcode", "geometry"]],
        name="Buurten",
        style_function=lambda _: {"color": "#6b6b6b", "weight": 1, "fillOpacity": 0.01},
        tooltip=folium.GeoJsonTooltip(fields=["buurtnaam"], aliases=["Buurt"]),
        popup=folium.GeoJsonPopup(fields=["buurtnaam", "buurtcode"], aliases=["Buurt", "Code"]),
    ).add_to(m)
    folium.LayerControl().add_to(m)
    return m


def main() -> None:
    st.set_page_config(page_title="Afsprakenkaart (naive)", layout="wide")
    settings = load_settings()
    ds = _load(str(settings.data_dir.resolve()))
    years = settings.years.all()
    default = settings.years.clamp(date.today().year)
    year = st.sidebar.selectbox("Jaar", years, index=years.index(default), key="year")
    st.title(f"{ds.manifest.municipality_name} · {year}")
    m = build_map(ds, int(year), settings.show_basemap, settings.basemap.url)
    st_folium(m, height=700, use_container_width=True)


if __name__ == "__main__":
    main()
