"""The session summary for the minutes: what was decided on a day, where every party
stood, and a map of the areas, as one self-contained, printable HTML page.

Every text from users or data is escaped here (html.escape); the map image is
drawn with matplotlib (no tiles, so it works offline and prints sharply).
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import geopandas as gpd
import matplotlib
import pandas as pd

from geo.agreements import effective, positions
from geo.codes import split_reasons
from geo.config import Settings
from geo.dataset import Dataset
from geo.i18n import t
from geo.workshop import SEED_ACTOR

matplotlib.use("Agg")  # no display on a server; set before pyplot is imported
import matplotlib.pyplot as plt
from matplotlib import patheffects
from matplotlib.patches import Patch

LOCAL = ZoneInfo("Europe/Amsterdam")
STATUS_COLOUR = {
    "designated": "#B2182B",
    "proposed": "#0072B2",
    "postponed": "#E69F00",
    "rejected": "#777777",
    "ended": "#009E73",
}


@dataclass(frozen=True)
class SessionSummary:
    day: date
    decisions: pd.DataFrame  # one row per case decided (or corrected) that day
    proposals: pd.DataFrame  # one row per case proposed that day and still open
    positions: pd.DataFrame  # case_key, party, position, note
    areas: gpd.GeoDataFrame  # the cases above with their geometry (EPSG:28992)


def local_day(stamp: object) -> date:
    return pd.Timestamp(stamp).tz_convert(LOCAL).date()  # type: ignore[arg-type]


def local_today(now: datetime | None = None) -> date:
    """Today in the Netherlands, the day events are grouped by (not the server's day:
    on a UTC server, after 23:00 in winter the workshop's evening is already tomorrow)."""
    return (now or datetime.now(LOCAL)).astimezone(LOCAL).date()


def session_summary(events: pd.DataFrame, states: gpd.GeoDataFrame, day: date) -> SessionSummary:
    """What the minutes of `day` must say, from the events and the current state."""
    if events.empty:
        on_day = events.assign(kind=pd.Series(dtype=str))
    else:
        eff = effective(events)
        # The seed file's decisions were not taken in a session: leave them out.
        eff = eff[eff["author"] != SEED_ACTOR.author]
        mask = pd.Series([local_day(v) == day for v in eff["created_at"]], index=eff.index)
        on_day = eff[mask.astype(bool)]
    decided_keys = set(on_day.loc[on_day["kind"] == "decision", "case_key"])
    proposed_keys = set(on_day.loc[on_day["kind"] == "proposal", "case_key"]) - decided_keys
    decisions = states[states["case_key"].isin(decided_keys)]
    proposals = states[states["case_key"].isin(proposed_keys) & (states["status"] == "proposed")]
    keys = set(decisions["case_key"]) | set(proposals["case_key"])
    pos = positions(events) if not events.empty else pd.DataFrame(columns=["case_key"])
    areas = states[states["case_key"].isin(keys)]
    return SessionSummary(
        day,
        pd.DataFrame(decisions.drop(columns="geometry")),
        pd.DataFrame(proposals.drop(columns="geometry")),
        pos[pos["case_key"].isin(keys)].reset_index(drop=True),
        areas,
    )


def map_png(
    dataset: Dataset, areas: gpd.GeoDataFrame, lang: str, *, width_in: float = 7.5
) -> bytes:
    """A static map of the municipality with the summary's areas coloured by status."""
    fig, ax = plt.subplots(figsize=(width_in, width_in * 0.8), dpi=150)
    try:
        dataset.buurten.boundary.plot(ax=ax, color="#9a9a9a", linewidth=0.4)
        dataset.wijken.boundary.plot(ax=ax, color="#505050", linewidth=0.9)
        handles = []
        for status, colour in STATUS_COLOUR.items():
            part = areas[(areas["status"] == status) & areas.geometry.notna()]
            if part.empty:
                continue
            part.plot(ax=ax, color=colour, alpha=0.45, edgecolor=colour, linewidth=1.6)
            for geom, name in zip(part.geometry, part["area_name"], strict=True):
                point = geom.representative_point()
                ax.annotate(
                    str(name or ""),
                    (point.x, point.y),
                    fontsize=7,
                    ha="center",
                    va="center",
                    path_effects=[patheffects.withStroke(linewidth=2.5, foreground="white")],
                )
            handles.append(Patch(facecolor=colour, alpha=0.6, label=t(f"status.{status}", lang)))
        if handles:
            ax.legend(handles=handles, loc="lower left", fontsize=8, framealpha=0.9)
        ax.annotate("N ↑", xy=(0.97, 0.95), xycoords="axes fraction", ha="right", fontsize=11)
        ax.set_axis_off()
        ax.set_aspect("equal")
        ax.set_title(
            f"{dataset.manifest.municipality_name} — {t('summary.map', lang)}", fontsize=10
        )
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", bbox_inches="tight")
        return buffer.getvalue()
    finally:
        plt.close(fig)


SUMMARY_CSS = """
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #111; max-width: 60rem; }
h1 { font-size: 1.5rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.15rem; margin-top: 1.6rem; border-bottom: 2px solid #333; }
table { border-collapse: collapse; width: 100%; margin: 0.4rem 0 1rem; font-size: 0.95rem; }
th, td { border: 1px solid #bbb; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #eee; }
.demo { background: #8b1a1a; color: #fff; font-weight: 700; padding: 4px 8px;
  display: inline-block; }
.flag { color: #8b1a1a; font-weight: 700; }
.meta { color: #444; font-size: 0.9rem; }
img { max-width: 100%; border: 1px solid #ccc; }
@media print { body { margin: 0; } h2 { break-after: avoid; } table, img { break-inside: avoid; } }
"""


def _e(value: object) -> str:
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):  # type: ignore[call-overload]
        return ""
    return html.escape(str(value))


def summary_html(
    summary: SessionSummary,
    settings: Settings,
    municipality: str,
    lang: str,
    *,
    demo: bool,
    map_image: bytes | None,
    generated: datetime | None = None,
) -> str:
    """The summary as one HTML page (inline CSS and image: it can be mailed or printed)."""
    day = summary.day.strftime("%d-%m-%Y")
    title = t("summary.title", lang, municipality=municipality, day=day)
    out = [
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>",
        f"<title>{_e(title)}</title><style>{SUMMARY_CSS}</style></head><body>",
    ]
    if demo:
        out.append(f"<p class='demo'>{_e(t('demo.mark', lang))}</p>")
    out.append(f"<h1>{_e(title)}</h1>")
    stamp = (generated or datetime.now(LOCAL)).astimezone(LOCAL).strftime("%d-%m-%Y %H:%M")
    out.append(f"<p class='meta'>{_e(t('summary.generated', lang, when=stamp))}</p>")

    out.append(f"<h2>{_e(t('summary.decisions', lang))}</h2>")
    out.append(_case_table(summary.decisions, summary.positions, settings, lang, decided=True))
    out.append(f"<h2>{_e(t('summary.open', lang))}</h2>")
    out.append(_case_table(summary.proposals, summary.positions, settings, lang, decided=False))
    if map_image:
        encoded = base64.b64encode(map_image).decode()
        out.append(f"<h2>{_e(t('summary.map', lang))}</h2>")
        out.append(
            f"<img alt='{_e(t('summary.map', lang))}' src='data:image/png;base64,{encoded}'>"
        )
    out.append(f"<p class='meta'>{_e(t('summary.footer', lang))}</p></body></html>")
    return "".join(out)


def _case_table(
    cases: pd.DataFrame, pos: pd.DataFrame, settings: Settings, lang: str, *, decided: bool
) -> str:
    if cases.empty:
        return f"<p>{_e(t('summary.none', lang))}</p>"
    heads = [
        t("ws.area", lang),
        t("ws.theme", lang),
        t("app.year", lang),
        t("popup.status", lang),
        t("popup.reasons", lang),
        t("popup.lead_party", lang),
    ]
    heads += [p.name for p in settings.parties]
    heads.append(t("ws.note", lang))
    rows = ["<table><thead><tr>", *(f"<th>{_e(h)}</th>" for h in heads), "</tr></thead><tbody>"]
    for row in cases.to_dict("records"):
        mine = pos[pos["case_key"] == row["case_key"]]
        by_party = {r["party"]: r for r in mine.to_dict("records")}
        status_cell = _e(t(f"status.{row['status']}", lang))
        if decided and row.get("opposed") is True:
            status_cell += f" <span class='flag'>⚠ {_e(t('popup.opposed_text', lang))}</span>"
        reasons = ", ".join(t(f"reason.{r}", lang) for r in split_reasons(row.get("reasons")))
        lead = settings.party_name(str(row["lead_party"])) if row.get("lead_party") else ""
        cells = [
            _e(row.get("area_name") or row.get("area_key")),
            _e(t(f"theme.{row['theme']}", lang)),
            _e(row["year"]),
            status_cell,
            _e(reasons),
            _e(lead),
        ]
        for party in settings.parties:
            p = by_party.get(party.id)
            if p is None:
                cells.append("…")
            else:
                note = f"<br><small>{_e(p.get('note'))}</small>" if _e(p.get("note")) else ""
                cells.append(_e(t("position." + str(p["position"]), lang)) + note)
        vision = _e(row.get("vision"))
        note = _e(row.get("note"))
        if vision:
            note += f"<br><small>{_e(t('popup.vision', lang))}: {vision}</small>"
        cells.append(note)
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    rows.append("</tbody></table>")
    return "".join(rows)
