"""The side panel: facts of the selected buurt in the selected year."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from geo.codes import split_reasons
from geo.config import Settings
from geo.facts import BuurtFacts
from geo.i18n import number, t
from geo.meeliften import MIN_SHOWN
from geo.neighbourhood import homes_shown, shown
from ui import search_box
from ui.text import plain


def _count(value: int | None, lang: str) -> str:
    return t("nb.fewer", lang, n=MIN_SHOWN) if value is None else number(int(value), lang)


def render(
    facts: BuurtFacts, settings: Settings, lang: str, *, demo: bool, viewer: bool = True
) -> None:
    """Everything about one buurt, readable from the back of a room. A viewer sees no
    count of 1-4 homes, nor one that could be worked out (DESIGN.md, "Small numbers");
    parties and the facilitator see the counts."""
    st.header(plain(facts.buurtnaam))  # h2: the sidebar's title is the page's h1
    st.caption(f"{t('panel.wijk', lang)}: {plain(facts.wijknaam)} · {plain(facts.buurtcode)}")
    search_box.sheet_link(facts.buurtcode, facts.year, lang)
    if demo:
        st.caption(f":red[**{t('demo.mark', lang)}**]")

    st.markdown(f"**{t('panel.homes', lang, year=facts.year)}**")
    if facts.homes_per_corporation:
        if viewer:
            rows, total = homes_shown(facts.homes_per_corporation)
            names = [r.corporation for r in rows]
            counts = [_count(r.homes, lang) for r in rows] + [_count(total, lang)]
        else:
            names = list(facts.homes_per_corporation)
            counts = [
                number(int(n), lang)
                for n in (*facts.homes_per_corporation.values(), facts.homes_total)
            ]
        homes = pd.DataFrame(
            {
                t("panel.col.corporation", lang): [*names, t("panel.homes_total", lang)],
                t("panel.col.homes", lang): counts,
            }
        )
        st.dataframe(homes, hide_index=True, width="stretch")
    else:
        st.write(t("panel.no_homes", lang))

    st.markdown(f"**{t('panel.works', lang)}**")
    if facts.works.empty:
        st.write(t("panel.no_works", lang))
    else:
        _bullets(
            f"{w.year} · {t(f'measure.{w.measure}', lang)} · {plain(w.corporation)}: "
            f"**{_count(shown(int(w.homes)) if viewer else int(w.homes), lang)}** "
            f"{t('panel.homes_unit', lang)} "
            f"({t(f'state.{w.state}', lang)})"
            for w in facts.works.itertuples()
        )

    st.markdown(f"**{t('panel.heat', lang)}**")
    if facts.heat is None:
        st.write(t("panel.heat_none", lang))
    else:
        h = facts.heat
        override = f" {t('panel.heat_override', lang)}" if h.override else ""
        st.write(
            f"{h.period_start}–{h.period_end}: {t(f'strategy.{h.strategy}', lang)} · "
            f"{t(f'plan.{h.plan_status}', lang)} · {t(f'phase.{h.state}', lang)}{override}"
        )

    st.markdown(f"**{t('panel.attention', lang)}**")
    if facts.attention.designated and facts.attention.current:
        current = facts.attention.current
        reasons = ", ".join(t(f"reason.{r}", lang) for r in split_reasons(current.get("reasons")))
        lead = settings.party_name(str(current.get("lead_party") or ""))
        st.write(
            f"✅ {t('panel.attention_yes', lang, year=facts.year)} — {reasons} · {plain(lead)}"
        )
    else:
        st.write(t("panel.attention_no", lang, year=facts.year))
    if facts.attention.history:
        history = pd.DataFrame(
            {
                t("panel.col.year", lang): [str(h["year"]) for h in facts.attention.history],
                t("popup.status", lang): [
                    t(f"status.{h['status']}", lang) for h in facts.attention.history
                ],
                t("popup.lead_party", lang): [
                    settings.party_name(str(h.get("lead_party") or ""))
                    for h in facts.attention.history
                ],
            }
        )
        with st.expander(t("panel.attention_history", lang)):
            st.dataframe(history, hide_index=True, width="stretch")

    st.markdown(f"**{t('panel.parks', lang, km=2)}**")
    if facts.parks.empty:
        st.write(t("panel.no_parks", lang))
    else:
        _bullets(
            f"{plain(p.name)}: {t(f'vitality.{p.vitality}', lang)}, "
            + (t("panel.inside", lang) if p.distance_m == 0 else _km(p.distance_m, lang))
            for p in facts.parks.itertuples()
        )


def _km(metres: float, lang: str) -> str:
    text = f"{metres / 1000:.1f} km"
    return text.replace(".", ",") if lang == "nl" else text


def _bullets(lines: Iterable[str]) -> None:
    """A list that wraps in a narrow panel (a table would scroll sideways)."""
    st.markdown("\n".join(f"- {line}" for line in lines))
