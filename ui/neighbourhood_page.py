"""The neighbourhood page (/buurt): one buurt in plain Dutch, for tenants, on any screen.

The link says it all: `?code=BU17310000` (the buurt), `&year=2025` (else this year),
`&lang=en`. Without a code, `?q=` lists what a search found: an entry of the search
index (`?q=village:beilen`, the buurten of a village) or free text (`?q=9411 SS`).

It is always the viewer's sheet (geo.neighbourhood): whoever opens a shared link sees
the same. Every text from the data goes through `plain` (Markdown escaped); nothing
here uses unsafe_allow_html. On a phone the columns stack: search, the sheet, then
the map.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import partial

import streamlit as st
from streamlit_folium import st_folium

from geo.agreements import VIEWER
from geo.config import Settings
from geo.dataset import Dataset
from geo.errors import AfsprakenkaartError
from geo.i18n import number, t
from geo.neighbourhood import MIN_SHOWN, NeighbourhoodSheet, Plan, neighbourhood_sheet
from geo.printing import factsheet_pdf
from geo.search import label
from layers.base import MapContext
from layers.map_builder import base_map, buurt_bounds, selection_group, title_group
from layers.registry import LAYERS_BY_ID
from ui import data, map_controls, search_box, session
from ui import store as agreement_store
from ui.text import plain
from ui.workshop import vision_markdown

SEARCH_KEY = "search_buurt"
MAP_KEY = "buurt_map"
MAP_LAYERS = ("holiday_parks",)
MAP_ANCHOR = "kaart"

PAGE_CSS = """
<style>
/* Readable on a phone and from a sofa: body text 17 px, links and buttons at least
   44 px high, nothing wider than the screen. */
.block-container { max-width: 1400px; padding-top: 1.5rem; }
[data-testid="stMainBlockContainer"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMainBlockContainer"] [data-testid="stMarkdownContainer"] li {
  font-size: 1.0625rem; line-height: 1.6; }
/* Sections are h2 under the buurt's h1 (heading order), in the size of a subheader. */
[data-testid="stMainBlockContainer"] h2 { font-size: 1.75rem; padding: 0.75rem 0 1rem; }
[data-testid="stPageLink"] a, .st-key-afk-jump a { min-height: 48px; display: flex;
  align-items: center; }
[data-testid="stPageLink"] a p, [data-testid="stWidgetLabel"] p { font-size: 1.0625rem; }
.st-key-afk-lang button { min-height: 44px; min-width: 44px; }
[data-testid="stExpander"] summary { min-height: 48px; }
.st-key-afk-buurt-map iframe { border-radius: 6px; height: min(70vh, 680px) !important; }
/* Beside the sheet, the map stays in view while the sheet scrolls. */
div[data-testid="stColumn"]:has(.st-key-afk-buurt-map) { position: sticky; top: 1rem;
  align-self: flex-start; }
.st-key-afk-jump { display: none; }
@media (max-width: 640px) {
  .block-container { padding-left: 1rem; padding-right: 1rem; padding-top: 1rem; }
  .st-key-afk-buurt-map iframe { height: 60vh !important; }
  div[data-testid="stColumn"]:has(.st-key-afk-buurt-map) { position: static; }
  .st-key-afk-jump { display: block; }
}
</style>
"""


def _year(settings: Settings) -> int:
    """The year of the link (`year`), else this year, within the agreements' period."""
    raw = str(st.query_params.get("year", ""))
    year = int(raw) if re.fullmatch(r"[0-9]{4}", raw) else date.today().year
    return settings.years.clamp(year)


def _language(lang: str) -> str:
    """The language switch (the map page's, without its label: the row is tight)."""
    with st.container(key="afk-lang", width="content"):
        return map_controls.language_switch(lang, label=False)


def _top(year: int | None, code: str | None, lang: str) -> str:
    """The link back to the map and the language switch; returns the language."""
    from ui import pages  # here: ui.pages imports this module

    row = st.container(
        horizontal=True,
        horizontal_alignment="distribute",
        vertical_alignment="center",
    )
    with row:
        params = {"buurt": code, "year": str(year) if year and code else None}
        if lang != "nl":
            params["lang"] = lang
        st.page_link(
            pages.MAP,
            label=t("nb.to_map" if code else "nb.map_link", lang),
            icon=":material/map:",
            query_params={k: v for k, v in params.items() if v},
            width="content",
        )
        return _language(lang)


def _count(value: int | None, lang: str) -> str:
    return t("nb.fewer", lang, n=MIN_SHOWN) if value is None else number(value, lang)


def _bullets(lines: Iterable[str]) -> None:
    st.markdown("\n".join(f"- {line}" for line in lines))


def _homes(sheet: NeighbourhoodSheet, lang: str) -> None:
    st.header(t("nb.homes.title", lang), anchor=False)
    if sheet.homes_total == 0:
        st.markdown(t("nb.homes.none", lang, year=sheet.year))
        return
    st.markdown(t("nb.homes.total", lang, year=sheet.year, count=_count(sheet.homes_total, lang)))
    _bullets(
        t("nb.homes.of", lang, corporation=plain(h.corporation), count=_count(h.homes, lang))
        for h in sheet.homes
    )


def _plan_lines(plans: Iterable[Plan], lang: str) -> list[str]:
    return [
        t(
            f"nb.plans.{'done' if p.done else 'planned'}.{p.measure}",
            lang,
            corporation=plain(p.corporation),
            count=_count(p.homes, lang),
        )
        for p in plans
    ]


def _by_year(plans: tuple[Plan, ...], sheet_year: int, lang: str, *, done: bool) -> None:
    for year in sorted({p.year for p in plans}):
        late = not done and year < sheet_year
        heading = t("nb.plans.late_year" if late else "nb.plans.in_year", lang, year=year)
        st.markdown(f"**{heading}**")
        _bullets(_plan_lines((p for p in plans if p.year == year), lang))


def _plans(sheet: NeighbourhoodSheet, lang: str) -> None:
    st.header(t("nb.plans.title", lang), anchor=False)
    if sheet.planned:
        _by_year(sheet.planned, sheet.year, lang, done=False)
    else:
        st.markdown(t("nb.plans.none", lang))
    if sheet.done:
        with st.expander(f"{t('nb.plans.done_title', lang)} ({len(sheet.done)})"):
            _by_year(sheet.done, sheet.year, lang, done=True)
    if sheet.plans:
        st.markdown(t("nb.plans.words", lang))
    st.info(t("nb.plans.privacy", lang, n=MIN_SHOWN), icon=":material/lock:")


def _heat(sheet: NeighbourhoodSheet, lang: str) -> None:
    st.header(t("nb.heat.title", lang), anchor=False)
    st.markdown(t("nb.heat.explain", lang))
    heat = sheet.heat
    if heat is None:
        st.markdown(t("nb.heat.none", lang))
        return
    strategy = t(f"strategy.{heat.strategy}", lang)
    lines = [
        f"**{t('nb.heat.way', lang, strategy=strategy)}** "
        + t(f"nb.heat.means.{heat.strategy}", lang),
        t(f"nb.heat.phase.{heat.phase}", lang, start=heat.period_start, end=heat.period_end)
        + " "
        + t(f"nb.heat.plan.{heat.plan_status}", lang),
    ]
    if heat.own_plan:
        lines.append(t("nb.heat.own", lang))
    st.markdown("\n\n".join(lines))
    st.info(t("nb.heat.tenant", lang), icon=":material/home:")


def _attention(sheet: NeighbourhoodSheet, settings: Settings, lang: str) -> None:
    st.header(t("nb.att.title", lang), anchor=False)
    st.markdown(t("nb.att.explain", lang))
    attention = sheet.attention
    if not attention.current:
        st.markdown(f"**{t('nb.att.none', lang, year=sheet.year)}**")
    for case in attention.current:
        lines = [f"**{t(f'nb.att.status.{case.status}', lang, year=case.year)}**"]
        if case.area_kind != "buurt":
            lines.append(t("nb.att.via", lang, area=plain(case.area_name)))
        if case.reasons:
            reasons = ", ".join(t(f"nb.att.reason.{r}", lang) for r in case.reasons)
            lines.append(t("nb.att.reasons", lang, reasons=reasons))
        if case.lead_party:
            party = plain(settings.party_name(case.lead_party))
            lines.append(t("nb.att.lead", lang, party=party))
        if case.vision:
            lines.append(t("nb.att.vision", lang, vision=vision_markdown(case.vision)))
        if case.note:
            lines.append(t("nb.att.note", lang, note=plain(case.note)))
        st.markdown("  \n".join(lines))
    earlier = [y for y in attention.designated_years if y < sheet.year]
    later = [y for y in attention.designated_years if y > sheet.year]
    if earlier:
        st.markdown(t("nb.att.history", lang, years=_years(earlier, lang)))
    if later:
        st.markdown(t("nb.att.later", lang, years=_years(later, lang)))


def _years(years: list[int], lang: str) -> str:
    """2023, 2024 en 2025."""
    if len(years) == 1:
        return str(years[0])
    return f"{', '.join(str(y) for y in years[:-1])} {t('nb.and', lang)} {years[-1]}"


def _km(metres: int, lang: str) -> str:
    text = f"{metres / 1000:.1f}"
    return text.replace(".", ",") if lang == "nl" else text


def _parks(sheet: NeighbourhoodSheet, lang: str) -> None:
    st.header(t("nb.parks.title", lang), anchor=False)
    km = _km(int(sheet.parks_within_m), lang).removesuffix(",0").removesuffix(".0")
    if not sheet.parks:
        st.markdown(t("nb.parks.none", lang, km=km))
        return
    st.markdown(t("nb.parks.intro", lang, km=km))
    lines = []
    for park in sheet.parks:
        name = plain(park.name)
        where = (
            t("nb.parks.inside", lang, name=name)
            if park.distance_m == 0
            else t("nb.parks.near", lang, name=name, distance=_km(park.distance_m, lang))
        )
        vitality = t(f"nb.parks.vitality.{park.vitality or 'unknown'}", lang)
        lines.append(f"{where} {vitality}")
    _bullets(lines)


def _map(
    ds: Dataset, settings: Settings, sheet: NeighbourhoodSheet, states: object, lang: str
) -> None:
    st.header(t("nb.map", lang), anchor=MAP_ANCHOR)
    st.markdown(t("nb.map_help", lang))
    ctx = MapContext(
        dataset=ds,
        settings=settings,
        year=sheet.year,
        lang=lang,
        agreements=states,  # type: ignore[arg-type]
        viewer=True,
    )
    groups = [LAYERS_BY_ID[i].build(ctx) for i in MAP_LAYERS]
    groups += [title_group(ctx, MAP_LAYERS), selection_group(ctx, sheet.buurtcode)]
    with st.container(key="afk-buurt-map"):
        st_folium(
            base_map(ctx, fit=buurt_bounds(ds, sheet.buurtcode, sheet.parks_within_m)),
            key=MAP_KEY,
            height=460,
            use_container_width=True,
            feature_group_to_add=groups,
            returned_objects=[],
        )


def _sheet(
    ds: Dataset, settings: Settings, sheet: NeighbourhoodSheet, states: object, lang: str
) -> None:
    st.title(plain(sheet.buurtnaam), anchor=False)
    where = t("nb.where", lang, wijk=plain(sheet.wijknaam), municipality=plain(sheet.municipality))
    st.markdown(f"{where} · {t('nb.code', lang, code=plain(sheet.buurtcode))}")
    if sheet.demo:
        st.markdown(f":red[**{t('demo.mark', lang)}**]")
    with st.container(key="afk-jump"):
        st.markdown(f"[↓ {t('nb.jump_map', lang)}](#{MAP_ANCHOR})")
    facts, picture = st.columns([3, 2], gap="large")
    with facts:
        _homes(sheet, lang)
        _plans(sheet, lang)
        _heat(sheet, lang)
        _attention(sheet, settings, lang)
        _parks(sheet, lang)
        st.markdown(t("nb.share", lang))
        st.download_button(
            t("nb.pdf", lang),
            # Made on the click: drawing the sheet takes about a second.
            partial(factsheet_pdf, ds, settings, sheet.buurtcode, sheet.year, lang, states),
            file_name=f"buurt-{sheet.buurtcode}-{sheet.year}.pdf",
            mime="application/pdf",
            icon=":material/print:",
            key="nb_pdf",
            on_click="ignore",
        )
    with picture:
        _map(ds, settings, sheet, states, lang)


def _results(ds: Dataset, q: str, year: int | None, lang: str) -> None:
    """What `?q=` found: the buurten of one index entry, or the ranked hits of free text."""
    from ui import pages

    idx = search_box.index(ds)
    entry = idx.get(q)
    if entry is not None:
        st.markdown(
            f"**{t('search.choose', lang, name=plain(entry.name), count=len(entry.codes))}**"
        )
        for code in entry.codes:
            st.page_link(
                pages.BUURT,
                label=plain(idx.buurtnamen.get(code, code)),
                icon=":material/chevron_right:",
                query_params=search_box.page_params(code=code, year=year, lang=lang),
            )
        return
    hits = idx.search(q)
    if not hits:
        st.warning(t("search.none", lang, query=plain(q)))
        return
    st.markdown(f"**{t('search.results', lang, query=plain(q))}**")
    for hit in hits:
        st.page_link(
            pages.BUURT,
            label=plain(label(hit.entry, lang)),
            icon=":material/chevron_right:",
            query_params=search_box.page_params(
                **search_box.target(hit.entry), year=year, lang=lang
            ),
        )


def render() -> None:
    """The whole neighbourhood page."""
    st.html(PAGE_CSS)
    lang = session.language()
    code = str(st.query_params.get("code", "")).strip().upper() or None
    q = str(st.query_params.get("q", "")).strip() or None
    found = data.loaded(lang)
    if found is None:
        return
    settings, ds = found
    year = _year(settings)
    linked_year = year if "year" in st.query_params else None  # passed on to links
    lang = _top(year, code, lang)
    # The address bar shows what the page shows, also after a link to this same page
    # (Streamlit then runs it with the link's parameters but leaves the old address).
    st.query_params.from_dict(
        search_box.page_params(code=code, q=None if code else q, year=linked_year, lang=lang)
    )
    search_box.render(ds, lang, key=SEARCH_KEY, year=linked_year)

    if code is None:
        if q:
            _results(ds, q, linked_year, lang)
        else:
            st.markdown(t("nb.intro", lang, municipality=plain(ds.manifest.municipality_name)))
            st.markdown(t("nb.start", lang))
        return
    if code not in set(ds.buurten["buurtcode"]):
        st.warning(t("nb.unknown", lang, code=plain(code)))
        return
    try:
        store = agreement_store.store(settings, ds)
        states = agreement_store.agreements(settings, ds, store).for_actor(VIEWER).states
    except AfsprakenkaartError as exc:
        st.error(t("app.store_error", lang) + "\n\n" + plain(exc))
        return
    sheet = neighbourhood_sheet(ds, code, year, states)
    _sheet(ds, settings, sheet, states, lang)
