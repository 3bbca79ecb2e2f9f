"""The agreements panel: choose areas, propose, record positions, decide, correct.

Every write states the case versions this screen showed (`_seen`), so a write made
on a stale screen is refused with the store's conflict message, never merged
silently. What a role may do is checked again in geo (check_permission); the
panel only leaves out what the role cannot use.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote
from zoneinfo import ZoneInfo

import geopandas as gpd
import pandas as pd
import shapely
import streamlit as st

from geo.agreements import (
    DECIDED,
    Actor,
    Area,
    ConflictError,
    NewEvent,
    PermissionDenied,
    new_event,
    not_superseded,
    root_of,
    supersedes_map,
    timeline,
)
from geo.codes import POSITIONS, REASONS, THEMES, split_reasons
from geo.config import Settings
from geo.dataset import Dataset
from geo.errors import AfsprakenkaartError
from geo.i18n import t
from geo.store import Store
from geo.workshop import area_of
from ui.text import plain

SELECTION = "_selection"  # list[Area] chosen for a proposal
SEEN = "_seen"  # case_key -> version this session last showed
LOCAL = ZoneInfo("Europe/Amsterdam")
POSITION_MARK = {"agree": "✔", "disagree": "✖", "abstain": "○", "reservation": "◐"}
POSITION_COLOUR = {
    "agree": "#1b7837",
    "disagree": "#b2182b",
    "abstain": "#555555",
    "reservation": "#8c510a",
}


@dataclass(frozen=True)
class Desk:
    """What every form of the panel needs: where to write, as whom, in which language,
    and the case versions this screen showed (the optimistic concurrency check)."""

    store: Store
    settings: Settings
    actor: Actor
    seen_before: dict[str, int]
    lang: str


# -- selection ---------------------------------------------------------------------


def chosen() -> list[Area]:
    """The areas chosen on the map for a proposal."""
    value = st.session_state.get(SELECTION)
    return list(value) if isinstance(value, list) else []


def toggle_area(area: Area) -> None:
    """Click to add, click again to remove."""
    current = chosen()
    keys = [a.key for a in current]
    if area.key in keys:
        current.pop(keys.index(area.key))
    else:
        current.append(area)
    st.session_state[SELECTION] = current


def selecting() -> bool:
    """Whether a map click chooses areas (a mode, so a click never does two things)."""
    return bool(st.session_state.get("select_mode"))


def select_level() -> str:
    return str(st.session_state.get("select_level") or "buurt")


def _clear() -> None:
    st.session_state[SELECTION] = []


def _remove(key: str) -> None:
    st.session_state[SELECTION] = [a for a in chosen() if a.key != key]


def _selection_box(ds: Dataset, lang: str, drawing: shapely.Geometry | None) -> None:
    st.toggle(t("ws.select_mode", lang), key="select_mode")
    st.caption(t("ws.select_help", lang))
    if selecting():
        st.radio(
            t("ws.select_level", lang),
            ["buurt", "wijk"],
            key="select_level",
            horizontal=True,
            format_func=lambda v: t(f"ws.level.{v}", lang),
        )
    if drawing is not None:
        with st.form("drawn_area", border=True):
            st.markdown(t("ws.drawn_new", lang))
            name = st.text_input(t("ws.drawn_name", lang), max_chars=120)
            if st.form_submit_button(t("ws.drawn_add", lang)) and name.strip():
                toggle_area(Area.drawn(name.strip(), drawing, ds.manifest.municipality_code))
                st.session_state["_drawing_used"] = True
                st.rerun()
    areas = chosen()
    if not areas:
        st.caption(t("ws.nothing_chosen", lang))
        return
    st.markdown(f"**{t('ws.chosen', lang, count=len(areas))}**")
    st.caption(t("ws.remove_hint", lang))
    for area in areas:
        left, right = st.columns([5, 1], vertical_alignment="center")
        left.markdown(f"{plain(area.name)} · {t(f'ws.level.{area.kind}', lang)}")
        right.button(
            t("ws.remove_area", lang, name=plain(area.name)),  # shown as ✕ (ui.style)
            key=f"rm_{area.key}",
            on_click=_remove,
            args=(area.key,),
        )
    st.button(t("ws.clear", lang), on_click=_clear, key="clear_selection")


# -- writing -----------------------------------------------------------------------


def _seen() -> dict[str, int]:
    return st.session_state.setdefault(SEEN, {})


def _write(desk: Desk, events: Sequence[NewEvent]) -> bool:
    lang = desk.lang
    expected = {e.case_key: desk.seen_before.get(e.case_key, 0) for e in events}
    try:
        desk.store.append(events, desk.actor, desk.settings.party_ids, expected)
    except ConflictError as exc:
        st.session_state["_flash"] = (
            "error",
            t("ws.conflict", lang) + "\n\n" + "\n".join(f"- {plain(c)}" for c in exc.changes),
        )
        return False
    except PermissionDenied as exc:
        st.session_state["_flash"] = ("error", f"{t('ws.denied', lang)} {plain(exc)}")
        return False
    except AfsprakenkaartError as exc:  # e.g. a correction that does not fit its event
        st.session_state["_flash"] = ("error", f"{t('ws.refused', lang)} {plain(exc)}")
        return False
    st.session_state["_flash"] = ("success", t("ws.saved", lang))
    return True


def _flash() -> None:
    kind, text = st.session_state.pop("_flash", (None, ""))
    if kind == "error":
        st.error(text, icon=":material/warning:")
    elif kind == "success":
        st.success(text, icon=":material/check_circle:")


def _proposal_form(desk: Desk, year: int) -> None:
    lang, settings, actor = desk.lang, desk.settings, desk.actor
    areas = chosen()
    if not areas:
        return
    parties = [p.id for p in settings.parties]
    with st.form("proposal", clear_on_submit=True):
        st.markdown(f"**{t('ws.propose', lang, count=len(areas))}**")
        theme = st.selectbox(
            t("ws.theme", lang), THEMES, format_func=lambda v: t(f"theme.{v}", lang)
        )
        p_year = st.selectbox(
            t("app.year", lang), settings.years.all(), index=settings.years.all().index(year)
        )
        reasons = st.multiselect(
            t("ws.reasons", lang),
            REASONS,
            format_func=lambda v: t(f"reason.{v}", lang),
            placeholder=t("ws.reasons_placeholder", lang),
        )
        st.caption(t("ws.reasons_help", lang))
        lead = st.selectbox(
            t("popup.lead_party", lang),
            parties,
            index=parties.index(actor.party) if actor.party in parties else 0,
            format_func=settings.party_name,
        )
        note = st.text_area(t("ws.note", lang), max_chars=4000)
        published = False
        if actor.role == "facilitator":
            published = st.checkbox(t("ws.publish", lang))
            st.caption(t("ws.publish_help", lang))
        if st.form_submit_button(t("ws.propose_button", lang), type="primary"):
            events = [
                new_event(
                    area,
                    theme,
                    int(p_year),
                    "proposal",
                    status="proposed",
                    reasons=tuple(reasons) if theme == "liveability" else (),
                    lead_party=lead,
                    party=actor.party,
                    note=note,
                    published=bool(published),
                )
                for area in areas
            ]
            if _write(desk, events):
                _clear()
            st.rerun()


# -- the cases of a year -----------------------------------------------------------


GLANCE_CSS = """
<style>
.afk-case { border-bottom: 1px solid #ddd; padding: 6px 0 8px; }
.afk-case-name { font-weight: 700; font-size: 1.1rem; }
.afk-case-meta { font-size: 0.95rem; color: #222; margin-bottom: 4px; }
.afk-chips { display: flex; flex-wrap: wrap; gap: 4px; }
.afk-chip { border: 2px solid #bbb; border-radius: 12px; padding: 1px 8px 1px 6px;
  font-size: 0.95rem; white-space: nowrap; background: #fff; }
.afk-chip b { font-size: 1.05rem; }
.afk-chip-none { border-style: dashed; color: #666; }
.afk-glance-key { font-size: 0.95rem; color: #222; margin: 6px 0 10px; }
</style>
"""


def _chip(party: str, position: str | None, lang: str) -> str:
    """A party's position: a shape, the party's name and a coloured border; the shape's
    word is in the key below and read out by screen readers (never colour alone)."""
    name = html.escape(party)
    if not position:
        none = html.escape(t("ws.no_position", lang))
        return f"<span class='afk-chip afk-chip-none' aria-label='{name}: {none}'>… {name}</span>"
    word = html.escape(t(f"position.{position}", lang))
    colour = POSITION_COLOUR[position]
    return (
        f"<span class='afk-chip' style='border-color:{colour}' aria-label='{name}: {word}'>"
        f"<b style='color:{colour}'>{POSITION_MARK[position]}</b> {name}</span>"
    )


def _positions_of(row: pd.Series) -> dict[str, str]:
    pairs = split_reasons(row.get("positions"))
    return dict(p.split(":", 1) for p in pairs if ":" in p)


def glance_html(cases: gpd.GeoDataFrame, settings: Settings, lang: str) -> str:
    """Where every party stands on every case, in a block per case that wraps to the
    width of the panel (a beamer's wide panel and a laptop's narrow one alike)."""
    blocks = []
    for _, row in cases.iterrows():
        pos = _positions_of(row)
        status = html.escape(t(f"status.{row['status']}", lang))
        theme = html.escape(t(f"theme.{row['theme']}", lang))
        flag = (
            f" · ⚠ {html.escape(t('popup.opposed_text', lang))}"
            if row.get("opposed") is True
            else ""
        )
        chips = "".join(_chip(p.name, pos.get(p.id), lang) for p in settings.parties)
        blocks.append(
            f"<div class='afk-case'><div class='afk-case-name'>"
            f"{html.escape(str(row['area_name'] or row['area_key']))}</div>"
            f"<div class='afk-case-meta'>{theme} · <b>{status}</b>{flag}</div>"
            f"<div class='afk-chips'>{chips}</div></div>"
        )
    key = " &nbsp; ".join(
        f"{POSITION_MARK[p]} {html.escape(t(f'position.{p}', lang))}" for p in POSITIONS
    )
    key += f" &nbsp; … {html.escape(t('ws.no_position', lang))}"
    return f"{GLANCE_CSS}{''.join(blocks)}<div class='afk-glance-key'>{key}</div>"


def vision_markdown(vision: str) -> str:
    """A neighbourhood vision as text, or as a link when it is a web address."""
    text = vision.strip()
    if re.fullmatch(r"https?://\S+", text):
        # Percent-encode what could end the Markdown link; show the address as text.
        return f"[{plain(text)}]({quote(text, safe=':/?#&=%~+.,;@!$*-_')})"
    return plain(text)


def _case_label(row: pd.Series, lang: str) -> str:
    # Without the status: the list keeps a choice by its label, so a label that
    # changed with a decision would close the case on everyone's screen.
    return f"{row['area_name'] or row['area_key']} · {t('theme.' + row['theme'], lang)}"


def _area_from_state(row: pd.Series) -> Area:
    return Area(
        str(row["area_kind"]),
        None if pd.isna(row["area_code"]) else str(row["area_code"]),
        str(row["area_name"] or ""),
        row.geometry,
        None if pd.isna(row["gemeentecode"]) else str(row["gemeentecode"]),
        drawn_id=str(row["area_key"]).split(":", 1)[1] if row["area_kind"] == "drawn" else None,
    )


def _position_form(desk: Desk, row: pd.Series) -> None:
    lang, settings, actor = desk.lang, desk.settings, desk.actor
    parties = [p.id for p in settings.parties]
    key = str(row["case_key"])
    with st.form(f"position_{key}", clear_on_submit=True):
        st.markdown(f"**{t('ws.record_position', lang)}**")
        if actor.role == "facilitator":
            party = st.selectbox(
                t("ws.party", lang), parties, format_func=settings.party_name, key=f"pp_{key}"
            )
        else:
            party = actor.party or ""
            st.caption(f"{t('ws.party', lang)}: {plain(settings.party_name(party))}")
        position = st.radio(
            t("ws.position", lang),
            POSITIONS,
            horizontal=True,
            format_func=lambda v: f"{POSITION_MARK[v]} {t(f'position.{v}', lang)}",
            key=f"pv_{key}",
        )
        note = st.text_input(t("ws.note", lang), max_chars=4000, key=f"pn_{key}")
        if st.form_submit_button(t("ws.save_position", lang)):
            event = new_event(
                _area_from_state(row),
                str(row["theme"]),
                int(row["year"]),
                "position",
                position=position,
                party=party,
                note=note,
            )
            _write(desk, [event])
            st.rerun()


def _decision_form(desk: Desk, row: pd.Series) -> None:
    lang, settings = desk.lang, desk.settings
    key = str(row["case_key"])
    disagree = [p for p, v in _positions_of(row).items() if v == "disagree"]
    with st.form(f"decision_{key}", clear_on_submit=True):
        st.markdown(f"**{t('ws.decide', lang)}**")
        status = st.radio(
            t("popup.status", lang),
            DECIDED,
            horizontal=True,
            format_func=lambda v: t(f"status.{v}", lang),
            key=f"ds_{key}",
        )
        if disagree:
            names = ", ".join(settings.party_name(p) for p in disagree)
            st.warning(t("ws.opposed_warning", lang, parties=plain(names)))
        vision = st.text_input(
            t("popup.vision", lang),
            value="" if pd.isna(row["vision"]) else str(row["vision"]),
            max_chars=4000,
            key=f"dv_{key}",
        )
        st.caption(t("ws.vision_help", lang))
        note = st.text_input(t("ws.note", lang), max_chars=4000, key=f"dn_{key}")
        if st.form_submit_button(t("ws.save_decision", lang), type="primary"):
            event = new_event(
                _area_from_state(row),
                str(row["theme"]),
                int(row["year"]),
                "decision",
                status=status,
                reasons=split_reasons(row["reasons"]),
                lead_party=None if pd.isna(row["lead_party"]) else str(row["lead_party"]),
                vision=vision,
                note=note,
            )
            _write(desk, [event])
            st.rerun()


def _when(value: object) -> str:
    stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    return stamp.tz_convert(LOCAL).strftime("%d-%m-%Y %H:%M") if pd.notna(stamp) else ""


def _describe_event(ev: pd.Series, settings: Settings, lang: str) -> str:
    kind = t(f"event.{ev['event_type']}", lang)
    value = ev["position"] if pd.notna(ev["position"]) else ev["status"]
    label = ""
    if pd.notna(value):
        group = "position" if pd.notna(ev["position"]) else "status"
        label = f": {t(f'{group}.{value}', lang)}"
    elif ev["event_type"] == "correction":
        label = f": {t('ws.undone', lang)}"
    party = f" · {settings.party_name(str(ev['party']))}" if pd.notna(ev["party"]) else ""
    return f"{kind}{label}{party}"


def timeline_frame(
    events: gpd.GeoDataFrame, area_key: str, settings: Settings, lang: str
) -> pd.DataFrame:
    """An area's whole history as the table the panel shows (texts stay plain)."""
    tl = timeline(events, area_key)
    return pd.DataFrame(
        {
            "#": tl["id"].astype(int),
            t("ws.when", lang): [_when(v) for v in tl["created_at"]],
            t("app.year", lang): tl["year"].astype(int).astype(str),
            t("ws.theme", lang): [t(f"theme.{v}", lang) for v in tl["theme"]],
            t("ws.what", lang): [_describe_event(ev, settings, lang) for _, ev in tl.iterrows()],
            t("ws.by", lang): tl["author"],
            t("ws.note", lang): tl["note"].fillna(""),
            t("ws.superseded_by", lang): [
                "" if pd.isna(v) else f"#{int(v)}" for v in tl["superseded_by"]
            ],
        }
    )


def _correction_form(desk: Desk, row: pd.Series, events: gpd.GeoDataFrame) -> None:
    lang, settings = desk.lang, desk.settings
    key = str(row["case_key"])
    mine = events[(events["case_key"] == key)]
    open_events = not_superseded(mine)
    if open_events.empty:
        return
    labels = {
        int(ev["id"]): f"#{int(ev['id'])} {_describe_event(ev, settings, lang)}"
        for _, ev in open_events.iterrows()
    }
    with (
        st.expander(t("ws.correct", lang)),
        st.form(f"correct_{key}", clear_on_submit=True, border=False),
    ):
        st.caption(t("ws.correct_help", lang))
        target = st.selectbox(t("ws.event", lang), list(labels), format_func=labels.__getitem__)
        action = st.radio(
            t("ws.correct_action", lang),
            ["undo", "change"],
            horizontal=True,
            format_func=lambda v: t(f"ws.correct.{v}", lang),
        )
        status = st.selectbox(
            t("ws.correct.new_status", lang),
            DECIDED,
            format_func=lambda v: t(f"status.{v}", lang),
        )
        position = st.selectbox(
            t("ws.correct.new_position", lang),
            POSITIONS,
            format_func=lambda v: t(f"position.{v}", lang),
        )
        note = st.text_input(t("ws.note", lang), max_chars=4000)
        if st.form_submit_button(t("ws.save_correction", lang)):
            original = open_events[open_events["id"] == target].iloc[0]
            root = root_of(int(target), supersedes_map(mine))
            kind = str(mine.loc[mine["id"] == root, "event_type"].iloc[0])
            values: dict[str, object] = {
                "supersedes": int(target),
                "note": note,
                "party": None if pd.isna(original["party"]) else original["party"],
                "lead_party": None if pd.isna(original["lead_party"]) else original["lead_party"],
                "reasons": split_reasons(original["reasons"]),
                "vision": None if pd.isna(original["vision"]) else original["vision"],
                "published": bool(original["published"]),
            }
            # "Change" sets what fits the corrected event: a position for a position,
            # a decided status for a decision; a proposal keeps `proposed`.
            if action == "change":
                if kind == "position":
                    values["position"] = position
                elif kind == "decision":
                    values["status"] = status
                else:
                    values["status"] = "proposed"
            event = new_event(
                _area_from_state(row), str(row["theme"]), int(row["year"]), "correction", **values
            )
            _write(desk, [event])
            st.rerun()


def _publish(desk: Desk, row: pd.Series, events: gpd.GeoDataFrame) -> None:
    proposals = not_superseded(events[(events["case_key"] == row["case_key"])])
    live = proposals[
        proposals["event_type"].isin(["proposal", "correction"])
        & proposals["status"].eq("proposed")
    ]
    if live.empty:
        return
    latest = live.iloc[-1]
    event = new_event(
        _area_from_state(row),
        str(row["theme"]),
        int(row["year"]),
        "correction",
        supersedes=int(latest["id"]),
        status="proposed",
        reasons=split_reasons(latest["reasons"]),
        lead_party=None if pd.isna(latest["lead_party"]) else latest["lead_party"],
        party=None if pd.isna(latest["party"]) else latest["party"],
        vision=None if pd.isna(latest["vision"]) else latest["vision"],
        note=None if pd.isna(latest["note"]) else latest["note"],
        published=True,
    )
    _write(desk, [event])


# -- the panel ---------------------------------------------------------------------


def render(
    store: Store,
    ds: Dataset,
    settings: Settings,
    actor: Actor,
    year: int,
    states: gpd.GeoDataFrame,
    events: gpd.GeoDataFrame,
    lang: str,
    drawing: shapely.Geometry | None = None,
) -> None:
    """The agreements panel for `year`; `states` is already filtered for the role."""
    desk = Desk(store, settings, actor, dict(_seen()), lang)
    _flash()
    writer = actor.role != "viewer"
    if writer:
        busy = selecting() or bool(chosen()) or drawing is not None
        with st.expander(t("ws.new_proposal", lang), expanded=busy):
            _selection_box(ds, lang, drawing)
            _proposal_form(desk, year)
    else:
        st.info(t("ws.viewer_note", lang))

    from ui import pages  # here: ui.pages imports the map page, which imports this module

    st.page_link(pages.SUMMARY, label=t("summary.link", lang), icon=":material/description:")
    cases = states[states["year"] == year]
    # Open proposals first: they are what the room discusses.
    cases = cases.sort_values("status", key=lambda s: s != "proposed", kind="stable")
    st.markdown(f"**{t('ws.agenda', lang, year=year)}**")
    if cases.empty:
        st.caption(t("ws.no_cases", lang, year=year))
    else:
        st.markdown(glance_html(cases, settings, lang), unsafe_allow_html=True)
        options = list(cases["case_key"])
        labels = {str(r["case_key"]): _case_label(r, lang) for _, r in cases.iterrows()}
        chosen_case = st.selectbox(
            t("ws.open_case", lang),
            options,
            index=None,
            key="case",
            placeholder=t("ws.choose_case", lang),
            format_func=lambda k: labels.get(k, k),
        )
        if chosen_case in options:
            row = cases[cases["case_key"] == chosen_case].iloc[0]
            _case_detail(desk, row, events)

    # Remember what this screen showed: the next write is checked against it.
    _seen().update(dict(zip(states["case_key"], states["version"].astype(int), strict=True)))


def _case_detail(desk: Desk, row: pd.Series, events: gpd.GeoDataFrame) -> None:
    lang, settings, actor = desk.lang, desk.settings, desk.actor
    with st.container(border=True):
        st.markdown(f"## {plain(row['area_name'] or row['area_key'])}")
        reasons = ", ".join(t(f"reason.{r}", lang) for r in split_reasons(row["reasons"]))
        facts = [
            f"{t('ws.theme', lang)}: {t('theme.' + row['theme'], lang)} · {int(row['year'])}",
            f"{t('popup.status', lang)}: **{t('status.' + row['status'], lang)}**",
        ]
        if reasons:
            facts.append(f"{t('popup.reasons', lang)}: {reasons}")
        if pd.notna(row["lead_party"]):
            lead = settings.party_name(str(row["lead_party"]))
            facts.append(f"{t('popup.lead_party', lang)}: {plain(lead)}")
        if pd.notna(row["vision"]):
            facts.append(f"{t('popup.vision', lang)}: {vision_markdown(str(row['vision']))}")
        if pd.notna(row["note"]):
            facts.append(f"{t('ws.note', lang)}: {plain(row['note'])}")
        if row.get("opposed") is True:
            facts.append(f"⚠ {t('popup.opposed_text', lang)}")
        st.markdown("  \n".join(facts))
        if actor.role != "viewer" and row["status"] == "proposed":
            _position_form(desk, row)
        if actor.role == "facilitator":
            unpublished = row["status"] == "proposed" and not bool(row["published"])
            if unpublished and st.button(t("ws.publish_now", lang), key=f"pub_{row['case_key']}"):
                _publish(desk, row, events)
                st.rerun()
            _decision_form(desk, row)
            _correction_form(desk, row, events)
        st.markdown(f"**{t('ws.timeline', lang)}**")
        st.dataframe(
            timeline_frame(events, str(row["area_key"]), settings, lang),
            hide_index=True,
            width="stretch",
        )


def area_for_click(ds: Dataset, buurtcode: str) -> Area:
    """The buurt clicked, or its wijk when choosing wijken."""
    if select_level() == "wijk":
        wijk = ds.buurten.loc[ds.buurten["buurtcode"] == buurtcode, "wijkcode"].iloc[0]
        return area_of(ds, str(wijk))
    return area_of(ds, buurtcode)
