"""The floor: what Streamlit + streamlit-folium need for the least map we could show.

An empty `OfflineMap` (Leaflet and the app's small map.js/map.css from
/app/static, no tiles) with only the buurt polygons, through `st_folium`, with a
year selector that changes nothing on the map (so a rerun costs only the script
run and the component call). No page of ours can load, transfer or rerun in less
than this on the same machine.

Run by `python -m benchmarks` through a wrapper whose folder links to the
project's `static/` (Streamlit serves `static/` next to the main script).
"""

from __future__ import annotations

from datetime import date

import folium
import streamlit as st
from streamlit_folium import st_folium

from layers.base import to_map_crs
from layers.elements import OfflineMap
from ui import data


def main() -> None:
    st.set_page_config(page_title="Afsprakenkaart (floor)", layout="wide")
    settings = data.settings()
    ds = data.dataset(settings)
    years = settings.years.all()
    default = settings.years.clamp(date.today().year)
    st.sidebar.selectbox("Jaar", years, index=years.index(default), key="year")

    buurten = to_map_crs(ds.buurten[["buurtcode", "geometry"]])
    minx, miny, maxx, maxy = buurten.total_bounds
    m = OfflineMap(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=11,
        tiles=None,
        min_zoom=9,
        max_zoom=ds.manifest.max_zoom,
    )
    folium.GeoJson(
        buurten.__geo_interface__,
        style_function=lambda _: {"color": "#6b6b6b", "weight": 1, "fillOpacity": 0.01},
    ).add_to(m)
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    st_folium(m, height=700, use_container_width=True, returned_objects=[])


if __name__ == "__main__":
    main()
