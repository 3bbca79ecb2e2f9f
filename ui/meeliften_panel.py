"""The meeliften panel: its parameters (shown and adjustable), the ranked tables and
the exports. Only the facilitator sees addresses and counts below 5."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.codes import ENERGY_LABELS
from geo.config import Settings
from geo.i18n import t
from geo.meeliften import LABEL_COLUMNS, NO_LABEL, Parameters, Result, for_viewers
from geo.meeliften_io import LEVELS, Level, level_frame, to_csv, to_xlsx
from layers.registry import DEFAULT_LAYER_IDS
from ui import held

SIMILARITY = ("type_or_era", "type", "era", "any")
LAYER_ID = "meeliften"


def on_panel_change() -> None:
    """Opening the panel turns its map layer on (as a callback, or before the layer
    pills are drawn: widget state may only change then)."""
    if st.session_state.get("panel") == LAYER_ID:
        layers = list(st.session_state.get("layers") or DEFAULT_LAYER_IDS)
        if LAYER_ID not in layers:
            held.hold({"layers": [*layers, LAYER_ID]})


def parameters(settings: Settings, lang: str) -> Parameters:
    """The analysis' choices: all of them in one line, adjustable below it."""
    st.markdown(f"**{t('mee.title', lang)}**")
    st.caption(t("mee.intro", lang))
    summary = st.empty()  # the choices in one line, filled in below
    with st.expander(t("mee.choices", lang)):
        params = _controls(settings, lang)
    unlabelled = t("mee.summary.unlabelled", lang) if params.include_unlabelled else ""
    street = t("mee.summary.street", lang) if params.same_street else ""
    summary.markdown(
        t(
            "mee.summary",
            lang,
            first=params.year_from,
            last=params.year_to,
            radius=int(params.radius_m),
            street=street,
            label=params.max_label,
            unlabelled=unlabelled,
            similarity=t(f"mee.similarity.{params.similarity}", lang),
            era=params.era_years,
        )
    )
    return params


def _controls(settings: Settings, lang: str) -> Parameters:
    years = settings.years
    first, last = st.slider(
        t("mee.years", lang),
        min_value=years.first,
        max_value=years.last,
        value=(years.first, years.last),
        key="mee_years",
    )
    radius = st.slider(
        t("mee.radius", lang), min_value=25, max_value=500, value=150, step=25, key="mee_radius"
    )
    max_label = st.select_slider(
        t("mee.max_label", lang), options=list(ENERGY_LABELS), value="D", key="mee_label"
    )
    unlabelled = st.checkbox(t("mee.unlabelled", lang), value=True, key="mee_unlabelled")
    street = st.checkbox(t("mee.same_street", lang), value=True, key="mee_street")
    similarity = st.selectbox(
        t("mee.similarity", lang),
        SIMILARITY,
        format_func=lambda v: t(f"mee.similarity.{v}", lang),
        key="mee_similarity",
    )
    era = st.slider(t("mee.era", lang), min_value=0, max_value=50, value=15, step=5, key="mee_era")
    return Parameters(
        year_from=int(first),
        year_to=int(last),
        radius_m=float(radius),
        max_label=str(max_label),
        include_unlabelled=bool(unlabelled),
        same_street=bool(street),
        similarity=similarity,
        era_years=int(era),
    )


def _table(frame: pd.DataFrame, level: Level, lang: str) -> pd.DataFrame:
    """The columns a person reads, named in their language; label columns only for
    the labels that occur."""
    names = {
        "rank": t("mee.col.rank", lang),
        "straat": t("mee.col.street", lang),
        "buurtnaam": t("mee.col.buurt", lang),
        "project_id": t("mee.col.project", lang),
        "corporation": t("mee.col.corporation", lang),
        "year": t("mee.col.year", lang),
        "project_homes": t("mee.col.project_homes", lang),
        "streets": t("mee.col.streets", lang),
        "candidates": t("mee.col.candidates", lang),
        "private_homes": t("mee.col.private_homes", lang),
        "share": t("mee.col.share", lang),
        "postcode": t("mee.col.postcode", lang),
        "huisnummer": t("mee.col.number", lang),
        "energielabel": t("mee.col.label", lang),
        "distance_m": t("mee.col.distance", lang),
    }
    first = {
        "streets": ["rank", "straat", "buurtnaam", "candidates", "private_homes", "share"],
        "buurten": ["rank", "buurtnaam", "candidates", "private_homes", "share"],
        "projects": ["rank", "project_id", "corporation", "year", "project_homes", "streets",
                     "candidates"],
        "candidates": ["straat", "postcode", "huisnummer", "energielabel", "project_id",
                       "distance_m"],
    }[level]  # fmt: skip
    # The labels that occur; a viewer's street and project tables have none (hidden).
    labels = [] if level == "candidates" else [
        c for c in LABEL_COLUMNS if frame[c].astype("Float64").fillna(0).gt(0).any()
    ]  # fmt: skip
    out = frame[first + labels]
    if "energielabel" in out:
        out = out.assign(energielabel=out["energielabel"].fillna(t("popup.no_label", lang)))
    out = out.rename(columns={**names, NO_LABEL: t("popup.no_label", lang)})
    share = names["share"]
    if share in out:
        out[share] = (out[share].astype(float) * 100).round(0)
    return out


def render(result: Result, *, facilitator: bool, lang: str) -> None:
    """Ranked tables per street, buurt and project (and addresses for the facilitator),
    with CSV and XLSX downloads of exactly what is shown."""
    shown = result if facilitator else for_viewers(result)
    total = result.total_for(facilitator=facilitator)
    st.metric(t("mee.total", lang), "< 5" if total is None else f"{total:,}".replace(",", "."))
    if not facilitator:
        st.caption(t("mee.privacy", lang))
    levels: list[Level] = [lv for lv in LEVELS if lv != "candidates" or facilitator]
    tabs = st.tabs([t(f"mee.level.{lv}", lang) for lv in levels])
    for tab, level in zip(tabs, levels, strict=True):
        with tab:
            frame = level_frame(shown, level)
            if frame.empty:
                st.write(t("mee.none", lang))
                continue
            table = _table(frame, level, lang)
            st.dataframe(
                table,
                hide_index=True,
                width="stretch",
                height=min(420, 38 + 35 * len(table)),
                column_config={
                    t("mee.col.share", lang): st.column_config.NumberColumn(format="%d %%")
                },
            )
            st.download_button(
                t("mee.download_csv", lang),
                # Made on the click, not on every rerun of the page.
                lambda frame=frame: to_csv(frame),  # type: ignore[misc]
                file_name=f"meeliften-{level}.csv",
                mime="text/csv",
                key=f"mee_csv_{level}",
                on_click="ignore",  # a download needs no rerun of the map
            )
    st.download_button(
        t("mee.download_xlsx", lang),
        lambda: to_xlsx(shown, addresses=facilitator),
        file_name="meeliften.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="mee_xlsx",
        on_click="ignore",
    )
