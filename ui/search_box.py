"""The search box: a village, buurt, wijk or postcode, found as you type.

Streamlit's selectbox filters its options in the browser while the user types
(`filter_mode="fuzzy"`: letters in order, best match first), so results change with
every key without a round trip to the server. Its options are the whole offline
index of `geo.search`, labelled "Beilen — dorp, 5 buurten"; a name with diacritics
carries its plain spelling in the label, so "eelde" finds "Eëlde" too.

Choosing an entry opens the neighbourhood page: of that buurt, or for a village,
wijk or postcode spanning several buurten, the page's list of them (`?q=<entry id>`).
The same page takes free text (`?q=9411 SS`): then `geo.search` ranks the index on
the server (diacritics, hyphens, typos), which the browser's filter cannot.
"""

from __future__ import annotations

import streamlit as st

from geo.dataset import Dataset
from geo.i18n import t
from geo.search import Entry, SearchIndex, build_index, label
from ui import data

CSS_KEY = "afk-search"  # st.container(key=...) gives the class st-key-afk-search-<where>
# Large enough to hit with a thumb (44 px), and 16 px text: phones zoom into smaller.
CSS = """
<style>
div[class*="st-key-afk-search"] div[role="group"] { min-height: 48px; }
div[class*="st-key-afk-search"] input[role="combobox"] { font-size: 1rem; }
div[role="listbox"] div[role="option"] { min-height: 44px; display: flex;
  align-items: center; font-size: 1rem; }
</style>
"""


# cache_resource, not cache_data: the index is frozen (tuples and frozen dataclasses),
# and cache_data would unpickle a copy on every rerun of every page (1.5 ms for the
# demo's 944 entries, and growing with the postcodes of a larger municipality).
# Keyed on plain values: the data directory and its files' signature.
@st.cache_resource(show_spinner=False, max_entries=4)
def _index(
    _ds: Dataset, directory: str, signature: tuple[tuple[str, int, int], ...]
) -> SearchIndex:
    return build_index(_ds)


@st.cache_resource(show_spinner=False, max_entries=8)
def _labels(
    _idx: SearchIndex, directory: str, signature: tuple[tuple[str, int, int], ...], lang: str
) -> dict[str, str]:
    return {e.id: label(e, lang) for e in _idx.entries}


def _key(ds: Dataset) -> tuple[str, tuple[tuple[str, int, int], ...]]:
    directory = ds.directory.resolve()
    return str(directory), data.signature(directory)


def index(ds: Dataset) -> SearchIndex:
    """The search index of `ds`, built once per data directory and version of its files."""
    return _index(ds, *_key(ds))


def labels(ds: Dataset, lang: str) -> dict[str, str]:
    """Entry id -> its one-line label, in the index's order."""
    return _labels(index(ds), *_key(ds), lang)


def page_params(
    *, code: str | None = None, q: str | None = None, year: int | None = None, lang: str = "nl"
) -> dict[str, str]:
    """The query parameters of a neighbourhood page link (only those that matter)."""
    params = {"code": code, "q": q, "year": str(year) if year else None}
    if lang != "nl":
        params["lang"] = lang
    return {k: v for k, v in params.items() if v}


def target(entry: Entry) -> dict[str, str]:
    """Where an entry leads: its one buurt, or the list of its buurten."""
    return {"code": entry.codes[0]} if len(entry.codes) == 1 else {"q": entry.id}


def _chosen(key: str) -> None:
    # A callback may reset its own widget: the box is empty again when the user comes
    # back, and the page the choice opens (maybe this one) does not open it again.
    st.session_state[f"_{key}_go"] = st.session_state.get(key)
    st.session_state[key] = None


def render(ds: Dataset, lang: str, *, key: str, year: int | None = None) -> None:
    """The search box; a choice opens the neighbourhood page (with `year`, when given).

    Not from the map page with its year: there `year` is bound to a widget, and
    st.switch_page may not set a bound parameter (StreamlitAPIException)."""
    from ui import pages  # here: ui.pages imports the pages, which import this module

    names = labels(ds, lang)
    st.html(CSS)
    with st.container(key=f"{CSS_KEY}-{key}"):
        st.selectbox(
            t("search.label", lang),
            list(names),
            index=None,
            key=key,
            format_func=lambda entry_id: names.get(entry_id, entry_id),
            placeholder=t("search.placeholder", lang),
            filter_mode="fuzzy",
            on_change=_chosen,
            args=(key,),
        )
        st.caption(t("search.help", lang))
    chosen = st.session_state.pop(f"_{key}_go", None)
    entry = index(ds).get(chosen) if isinstance(chosen, str) else None
    if entry is not None:
        st.switch_page(pages.BUURT, query_params=page_params(**target(entry), year=year, lang=lang))


def sheet_link(buurtcode: str, year: int, lang: str) -> None:
    """A link to the neighbourhood page of `buurtcode` (for the map's buurt panel)."""
    from ui import pages

    st.page_link(
        pages.BUURT,
        label=t("nb.link", lang),
        icon=":material/article:",
        query_params=page_params(code=buurtcode, year=year, lang=lang),
    )
