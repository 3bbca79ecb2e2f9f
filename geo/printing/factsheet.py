"""The fact sheet of one buurt: one A4 page in plain language (B1), for tenants
without a computer and for the minutes.

The facts are the side panel's (geo.facts.buurt_facts) with the rules for people who
are not a party: counts of 1-4 homes are printed as "minder dan 5" (DESIGN.md,
"Small numbers"), and demolition and sale appear as numbers per buurt only, never per
address or complex (DESIGN.md, "Sensitive plans"). Laid out with reportlab on one
canvas page: each block is fitted into its own box (shrunk if it must be), so the
sheet never runs onto a second page, whatever the length of a name or a note.

Data text (buurt, wijk, corporation, party and park names, notes, visions) goes into
Paragraph markup only through `common.markup`, which escapes it.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import geopandas as gpd
import matplotlib
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepInFrame, Paragraph, Spacer, Table, TableStyle

from geo.codes import split_reasons
from geo.config import Settings
from geo.dataset import Dataset
from geo.errors import AfsprakenkaartError
from geo.facts import PARKS_NEAR_M, BuurtFacts, buurt_facts
from geo.i18n import number, t
from geo.monitoring import MIN_SHOWN, count_or_hidden, word
from geo.printing.common import (
    DEMO_RED,
    DRAW_LOCK,
    FONT_FILES,
    MM,
    MPL_RC,
    agreements_line,
    markup,
    new_figure,
    plain,
    source_lines,
    stamp,
)
from geo.printing.static_map import (
    PRINT_LAYERS,
    MapSpec,
    MapStyle,
    buurt_extent,
    draw_map,
    fit_extent,
    legend_columns,
    points_axes,
)
from geo.printing.workshop_map import default_year

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
_FONT_LOCK = threading.Lock()

PAGE_W, PAGE_H = A4
MARGIN_X = 14 * MM
MARGIN_TOP = 11 * MM
MARGIN_BOTTOM = 10 * MM
CONTENT_W = PAGE_W - 2 * MARGIN_X
GUTTER = 8 * MM
COLUMN_W = (CONTENT_W - GUTTER) / 2
MAP_H = 62 * MM
MAP_DPI = 250

MAX_WORK_ROWS = 12
MAX_PARKS = 6
MAX_TEXT = 400  # characters of a note or vision on paper; the app has the rest
MAX_CELL = 60  # characters of a name in a table cell

HEADING = colors.HexColor("#1f4e79")
RULE = colors.HexColor("#9db3c8")
GRID = colors.HexColor("#a6a6a6")
HEAD_BG = colors.HexColor("#e9eef3")
MUTED = colors.HexColor("#4d4d4d")
MAP_STYLE = MapStyle(font=7.4, label=7.0, home=2.8, project=8.5, park=8.5, line=0.95)


class UnknownBuurt(AfsprakenkaartError, KeyError):
    """A buurtcode that is not in the data directory."""

    def __init__(self, code: str, municipality: str, example: str | None = None):
        self.code = code
        hint = f", e.g. {example}" if example else ""
        super().__init__(
            f"{code} is not a buurt of {municipality}: use a buurtcode of its boundaries "
            f"(BU and 8 digits{hint})"
        )

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


def check_buurt(ds: Dataset, buurtcode: str) -> None:
    """Raise UnknownBuurt unless `buurtcode` is a buurt of `ds`."""
    codes = ds.buurten["buurtcode"]
    if not (codes == buurtcode).any():
        example = str(codes.min()) if len(codes) else None
        raise UnknownBuurt(buurtcode, ds.manifest.municipality_name, example)


def register_fonts() -> None:
    """DejaVu Sans (from matplotlib's data) as the sheet's font, once per process: it
    has € and every Dutch diacritic, and is embedded in the PDF."""
    with _FONT_LOCK:
        if FONT in pdfmetrics.getRegisteredFontNames():
            return
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILES["regular"])))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_FILES["bold"])))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Oblique", str(FONT_FILES["italic"])))
        pdfmetrics.registerFont(TTFont("DejaVuSans-BoldOblique", str(FONT_FILES["bold_italic"])))
        pdfmetrics.registerFontFamily(
            FONT,
            normal=FONT,
            bold=FONT_BOLD,
            italic="DejaVuSans-Oblique",
            boldItalic="DejaVuSans-BoldOblique",
        )


@dataclass(frozen=True)
class Styles:
    kicker: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    strong: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    caption: ParagraphStyle
    footer: ParagraphStyle
    demo: ParagraphStyle


def styles() -> Styles:
    """The sheet's paragraph styles: body text 9.5 pt, nothing below 7 pt."""
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.2, leading=11.9, textColor="#1a1a1a")

    def s(name: str, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)  # type: ignore[arg-type]

    return Styles(
        kicker=s("kicker", fontSize=9, leading=11.5, textColor=MUTED),
        title=s("title", fontName=FONT_BOLD, fontSize=21, leading=24.5, spaceBefore=1),
        subtitle=s("subtitle", fontSize=10, leading=13, textColor=MUTED, spaceBefore=2),
        heading=s(
            "heading",
            fontName=FONT_BOLD,
            fontSize=11.5,
            leading=14,
            textColor=HEADING,
            spaceBefore=5,
            spaceAfter=2.5,
        ),
        body=s("body", spaceAfter=3),
        strong=s("strong", fontName=FONT_BOLD, spaceAfter=3),
        small=s("small", fontSize=8.2, leading=10.4, textColor=MUTED, spaceAfter=3),
        cell=s("cell", fontSize=8.6, leading=10.4),
        cell_head=s("cell_head", fontName=FONT_BOLD, fontSize=8.6, leading=10.4),
        caption=s("caption", fontSize=7.6, leading=9.4, textColor=MUTED),
        footer=s("footer", fontSize=7.0, leading=8.6, textColor=MUTED),
        demo=s(
            "demo",
            fontName=FONT_BOLD,
            fontSize=10,
            leading=12,
            textColor=colors.white,
            alignment=TA_CENTER,
        ),
    )


def factsheet_pdf(
    ds: Dataset,
    settings: Settings,
    buurtcode: str,
    year: int | None = None,
    lang: str = "nl",
    agreements: gpd.GeoDataFrame | None = None,
    *,
    generated: datetime | None = None,
) -> bytes:
    """The fact sheet of `buurtcode` in `year` as a one-page A4 PDF.

    `agreements` is the agreement store's current state as a viewer may see it
    (geo.agreements.visible_to); None: the data directory's seed decisions. `year`
    defaults to this year within the agreements' period; `generated` fixes the
    printed date (default now). Raises UnknownBuurt for a code not in `ds`.
    """
    check_buurt(ds, buurtcode)
    year = default_year(settings) if year is None else year
    facts = buurt_facts(ds, buurtcode, year, agreements)
    when = stamp(generated)
    spec = MapSpec(
        ds,
        year,
        PRINT_LAYERS,
        lang,
        agreements,
        viewer=True,
        local=True,
        labels="buurten",
        highlight=buurtcode,
    )
    picture = buurt_map_png(spec, CONTENT_W, MAP_H)
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    municipality = ds.manifest.municipality_name
    canvas.setTitle(f"{facts.buurtnaam} — {t('print.fs.subject', lang)} {year}")
    canvas.setSubject(t("print.fs.subject", lang))
    canvas.setAuthor(municipality)
    canvas.setCreator("Afsprakenkaart")
    _draw_page(canvas, facts, ds, settings, lang, picture, when, agreements is not None)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# -- the page ---------------------------------------------------------------------------


def _place(
    canvas: Canvas, flowables: Sequence[Flowable], x: float, top: float, width: float, height: float
) -> float:
    """Draw `flowables` from `top` down within width x height (shrunk to fit if they
    must be); returns the height used."""
    if height <= 0 or not flowables:
        return 0.0
    box = KeepInFrame(width, height, list(flowables), mode="shrink")
    _, used = box.wrapOn(canvas, width, height)
    box.drawOn(canvas, x, top - used)
    return float(used)


def _draw_page(
    canvas: Canvas,
    facts: BuurtFacts,
    ds: Dataset,
    settings: Settings,
    lang: str,
    picture: bytes,
    when: str,
    from_store: bool,
) -> None:
    st = styles()
    top = PAGE_H - MARGIN_TOP
    header_w = CONTENT_W
    if ds.manifest.demo:  # a red mark at the top right, beside the title
        text = t("demo.mark", lang)
        badge_w = pdfmetrics.stringWidth(text, FONT_BOLD, st.demo.fontSize) + 8 * MM
        badge_h = 8 * MM
        canvas.setFillColor(colors.HexColor(DEMO_RED))
        canvas.rect(MARGIN_X + CONTENT_W - badge_w, top - badge_h, badge_w, badge_h, 0, 1)
        mark = Paragraph(markup(text), st.demo)
        _, h = mark.wrapOn(canvas, badge_w, badge_h)
        mark.drawOn(canvas, MARGIN_X + CONTENT_W - badge_w, top - badge_h + (badge_h - h) / 2 + 1)
        header_w -= badge_w + 4 * MM

    municipality = ds.manifest.municipality_name
    header = [
        Paragraph(
            markup(t("print.fs.kicker", lang, municipality=municipality, year=facts.year)),
            st.kicker,
        ),
        Paragraph(markup(facts.buurtnaam), st.title),
        Paragraph(
            markup(t("print.fs.subtitle", lang, wijk=facts.wijknaam, code=facts.buurtcode)),
            st.subtitle,
        ),
    ]
    used = _place(canvas, header, MARGIN_X, top, header_w, 38 * MM)
    top -= used + 3 * MM

    # The map with its legend (one picture), and its caption.
    canvas.drawImage(ImageReader(io.BytesIO(picture)), MARGIN_X, top - MAP_H, CONTENT_W, MAP_H)
    top -= MAP_H + 1.2 * MM
    caption = Paragraph(markup(t("print.fs.map_caption", lang, year=facts.year)), st.caption)
    top -= _place(canvas, [caption], MARGIN_X, top, CONTENT_W, 10 * MM) + 1 * MM
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.8)
    canvas.line(MARGIN_X, top, MARGIN_X + CONTENT_W, top)
    top -= 1 * MM

    footer = _footer(ds, facts, lang, when, from_store, st)
    footer_box = KeepInFrame(CONTENT_W, 40 * MM, footer, mode="shrink")
    _, footer_h = footer_box.wrapOn(canvas, CONTENT_W, 40 * MM)
    footer_box.drawOn(canvas, MARGIN_X, MARGIN_BOTTOM)
    footer_top = MARGIN_BOTTOM + footer_h + 2 * MM
    canvas.setStrokeColor(RULE)
    canvas.line(MARGIN_X, footer_top, MARGIN_X + CONTENT_W, footer_top)

    body_h = top - footer_top - 2 * MM
    body = [
        _columns(_homes(facts, lang, st) + _parks(facts, lang, st), _heat(facts, lang, st)),
        *_works(facts, lang, st),
        *_attention(facts, settings, lang, st),
        Spacer(1, 4),
        Paragraph(markup(t("print.fs.works.ask", lang)), st.strong),
    ]
    _place(canvas, body, MARGIN_X, top, CONTENT_W, body_h)


def _columns(left: list[Flowable], right: list[Flowable]) -> Table:
    """Two columns side by side, each as long as it needs."""
    table = Table([[left, right]], colWidths=[COLUMN_W + GUTTER, COLUMN_W], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, 0), GUTTER),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _table(rows: list[list[Flowable]], widths: Sequence[float], total_row: bool = False) -> Table:
    table = Table(rows, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    commands: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, GRID),
        ("LINEBELOW", (0, 1), (-1, -1), 0.35, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if total_row:
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, GRID))
    table.setStyle(TableStyle(commands))
    return table


def homes_rows(facts: BuurtFacts, lang: str) -> tuple[list[tuple[str, str]], bool]:
    """(corporation, homes) lines for the stock table with counts of 1-4 as "minder
    dan 5", and the total only when nothing is hidden (a total beside a hidden count
    would give it away by subtraction). The second value says whether any was hidden."""
    per_corp = facts.homes_per_corporation
    rows = [(name, word(count_or_hidden(count), lang)) for name, count in per_corp.items()]
    hidden = any(0 < count < MIN_SHOWN for count in per_corp.values())
    if len(per_corp) > 1 and not hidden:
        rows.append((t("print.fs.col.total", lang), number(facts.homes_total, lang)))
    return rows, hidden


def works_rows(facts: BuurtFacts, lang: str) -> tuple[list[tuple[str, ...]], int, bool]:
    """(year, work, corporation, carried out, planned) per line: homes per year,
    measure and corporation in this buurt, counts of 1-4 as "minder dan 5", "–" for
    none. Beyond MAX_WORK_ROWS lines the corporations are taken together, and what still
    does not fit is counted. Returns the lines, how many were left out, and whether any
    count was hidden. Only buurt totals: never an address or complex."""
    works = facts.works
    keys = ["year", "measure", "corporation"]
    lines = (
        works.pivot_table(
            index=keys, columns="state", values="homes", aggfunc="sum", fill_value=0
        ).reset_index()
        if not works.empty
        else works
    )
    if len(lines) > MAX_WORK_ROWS:
        works = works.assign(corporation=t("print.fs.works.all", lang))
        lines = works.pivot_table(
            index=keys, columns="state", values="homes", aggfunc="sum", fill_value=0
        ).reset_index()
    rows: list[tuple[str, ...]] = []
    hidden = False
    for w in lines.to_dict("records"):
        counts = [int(w.get(state, 0)) for state in ("done", "planned")]
        hidden = hidden or any(0 < c < MIN_SHOWN for c in counts)
        rows.append(
            (
                str(int(w["year"])),
                t(f"measure.{w['measure']}", lang),
                _clip(plain(w["corporation"]), MAX_CELL),
                *(_count(c, lang) for c in counts),
            )
        )
    left_out = max(0, len(rows) - MAX_WORK_ROWS)
    return rows[:MAX_WORK_ROWS], left_out, hidden


def _count(count: int, lang: str) -> str:
    """A count of homes for the sheet: "–" for none, "minder dan 5" for 1-4 (its last
    space unbreakable, so a narrow cell never leaves the 5 alone on a line)."""
    if count == 0:
        return "–"
    text = word(count_or_hidden(count), lang)
    head, _, tail = text.rpartition(" ")
    return f"{head}\u00a0{tail}" if head else text


def _homes(facts: BuurtFacts, lang: str, st: Styles) -> list[Flowable]:
    out: list[Flowable] = [Paragraph(markup(t("print.fs.homes.title", lang)), st.heading)]
    homes, hidden = homes_rows(facts, lang)
    if not homes:
        return [*out, Paragraph(markup(t("print.fs.homes.none", lang)), st.body)]
    head = [
        Paragraph(markup(t("print.fs.col.corporation", lang)), st.cell_head),
        Paragraph(markup(t("print.fs.col.homes", lang, year=facts.year)), st.cell_head),
    ]
    rows: list[list[Flowable]] = [head]
    total = len(homes) > len(facts.homes_per_corporation)
    for i, (name, count) in enumerate(homes):
        cell = st.cell_head if total and i == len(homes) - 1 else st.cell
        shown = count.replace(" ", "\u00a0") if not count[:1].isdigit() else count
        label = Paragraph(markup(_clip(name, MAX_CELL)), cell)
        rows.append([label, Paragraph(markup(shown), cell)])
    out.append(_table(rows, [COLUMN_W * 0.6, COLUMN_W * 0.4], total_row=total))
    if hidden:
        out.append(Spacer(1, 2))
        out.append(Paragraph(markup(t("print.fs.small_numbers", lang)), st.small))
    return out


def _works(facts: BuurtFacts, lang: str, st: Styles) -> list[Flowable]:
    out: list[Flowable] = [Paragraph(markup(t("print.fs.works.title", lang)), st.heading)]
    works, left_out, hidden = works_rows(facts, lang)
    if not works:
        return [*out, Paragraph(markup(t("print.fs.works.none", lang)), st.body)]
    out.append(Paragraph(markup(t("print.fs.works.intro", lang)), st.body))
    keys = ("year", "work", "corporation", "done", "planned")
    rows = [[Paragraph(markup(t(f"print.fs.col.{k}", lang)), st.cell_head) for k in keys]]
    rows += [[Paragraph(markup(v), st.cell) for v in line] for line in works]
    widths = [0.1, 0.28, 0.26, 0.18, 0.18]
    out.append(_table(rows, [CONTENT_W * w for w in widths]))
    if left_out:
        out.append(Spacer(1, 2))
        out.append(Paragraph(markup(t("print.fs.works.more", lang, count=left_out)), st.small))
    measures = list(dict.fromkeys(str(m) for m in facts.works["measure"]))
    helps = "; ".join(
        f"<b>{markup(t(f'measure.{m}', lang))}</b>: {markup(t(f'print.fs.measure_help.{m}', lang))}"
        for m in measures
    )
    out.append(Spacer(1, 3))
    out.append(Paragraph(helps + ".", st.small))
    if hidden and not any(0 < c < MIN_SHOWN for c in facts.homes_per_corporation.values()):
        out.append(Paragraph(markup(t("print.fs.small_numbers", lang)), st.small))
    return out


def _clip(text: str, limit: int = MAX_TEXT) -> str:
    """A note or vision (or a name in a table cell) cut to `limit` characters, at a
    space, for paper: the app shows the rest."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip() + " …"


def _heat(facts: BuurtFacts, lang: str, st: Styles) -> list[Flowable]:
    out: list[Flowable] = [Paragraph(markup(t("print.fs.heat.title", lang)), st.heading)]
    heat = facts.heat
    if heat is None:
        return [*out, Paragraph(markup(t("print.fs.heat.none", lang)), st.body)]
    period = f"{heat.period_start}–{heat.period_end}"
    when = Paragraph(markup(t(f"print.fs.heat.when.{heat.state}", lang, period=period)), st.strong)
    out.append(when)
    if heat.state == "later":
        out.append(Paragraph(markup(t("print.fs.heat.until", lang)), st.body))
    if heat.override:
        out.append(Paragraph(markup(t("print.fs.heat.override", lang)), st.body))
    strategy = t(f"strategy.{heat.strategy}", lang)
    probably = t("print.fs.heat.strategy", lang, strategy=strategy)
    meaning = t(f"print.fs.heat.meaning.{heat.strategy}", lang)
    out.append(Paragraph(f"{markup(probably)} {markup(meaning)}", st.body))
    plan = t(f"plan.{heat.plan_status}", lang)
    out.append(Paragraph(markup(t("print.fs.heat.plan", lang, plan=plan)), st.body))
    out.append(Paragraph(markup(t("print.fs.heat.tenant", lang)), st.small))
    return out


def _parks(facts: BuurtFacts, lang: str, st: Styles) -> list[Flowable]:
    km = f"{PARKS_NEAR_M / 1000:g}"
    out: list[Flowable] = [Paragraph(markup(t("print.fs.parks.title", lang, km=km)), st.heading)]
    parks = facts.parks
    if parks.empty:
        return [*out, Paragraph(markup(t("print.fs.parks.none", lang)), st.body)]
    keys = ("park", "vitality", "distance")
    rows = [[Paragraph(markup(t(f"print.fs.col.{k}", lang)), st.cell_head) for k in keys]]
    for p in parks.head(MAX_PARKS).to_dict("records"):
        vitality = p["vitality"] if isinstance(p["vitality"], str) else "unknown"
        try:
            vitality_text = t(f"vitality.{vitality}", lang)
        except KeyError:
            vitality_text = t("vitality.unknown", lang)
        distance = (
            t("print.fs.parks.inside", lang)
            if float(p["distance_m"]) == 0
            else _km(float(p["distance_m"]), lang)
        )
        rows.append(
            [
                Paragraph(markup(_clip(plain(p["name"]), MAX_CELL)), st.cell),
                Paragraph(markup(vitality_text), st.cell),
                Paragraph(markup(distance), st.cell),
            ]
        )
    out.append(_table(rows, [COLUMN_W * 0.46, COLUMN_W * 0.32, COLUMN_W * 0.22]))
    if len(parks) > MAX_PARKS:
        more = t("print.fs.parks.more", lang, count=len(parks) - MAX_PARKS)
        out.append(Spacer(1, 2))
        out.append(Paragraph(markup(more), st.small))
    return out


def _attention(facts: BuurtFacts, settings: Settings, lang: str, st: Styles) -> list[Flowable]:
    """Whether the buurt is a liveability attention area in the year, and what was
    agreed about it (reasons, lead party, vision, note), with the other years."""
    year = facts.year
    out: list[Flowable] = [
        Paragraph(markup(t("print.fs.attention.title", lang)), st.heading),
        Paragraph(markup(t("print.fs.attention.what", lang)), st.small),
    ]
    att = facts.attention
    key = "print.fs.attention.yes" if att.designated else "print.fs.attention.no"
    out.append(Paragraph(markup(t(key, lang, year=year)), st.strong))
    current = att.current
    if current is not None:
        status = str(current.get("status") or "")
        if status and status != "designated":
            label = t(f"status.{status}", lang)
            out.append(
                Paragraph(
                    markup(t("print.fs.attention.status", lang, year=year, status=label)), st.body
                )
            )
        reasons = ", ".join(t(f"reason.{r}", lang) for r in split_reasons(current.get("reasons")))
        if reasons:
            out.append(
                Paragraph(markup(t("print.fs.attention.reasons", lang, reasons=reasons)), st.body)
            )
        lead = plain(current.get("lead_party"))
        if lead:
            out.append(_labelled(t("print.fs.attention.lead", lang), settings.party_name(lead), st))
        vision = plain(current.get("vision")).strip()
        if vision:
            out.append(_labelled(t("print.fs.attention.vision", lang), _clip(vision), st))
        note = plain(current.get("note")).strip()
        if note:
            out.append(_labelled(t("print.fs.attention.note", lang), _clip(note), st))
        if current.get("opposed") is True:
            out.append(Paragraph(markup(t("popup.opposed_text", lang)), st.small))
    others = [h for h in att.history if h.get("year") != year]
    if others:
        items = " · ".join(f"{h['year']}: {t('status.' + str(h['status']), lang)}" for h in others)
        out.append(_labelled(t("print.fs.attention.history", lang), items, st, small=True))
    return out


def _labelled(label: str, value: str, st: Styles, *, small: bool = False) -> Paragraph:
    """ "Label: value" with the label in bold; both escaped."""
    return Paragraph(f"<b>{markup(label)}:</b> {markup(value)}", st.small if small else st.body)


def _km(metres: float, lang: str) -> str:
    text = f"{metres / 1000:.1f} km"
    return text.replace(".", ",") if lang == "nl" else text


def _footer(
    ds: Dataset, facts: BuurtFacts, lang: str, when: str, from_store: bool, st: Styles
) -> list[Flowable]:
    """Sources per table, the boundaries' attribution, the agreements' state, the date."""
    manifest = ds.manifest
    sources = " · ".join(markup(line.text(lang)) for line in source_lines(ds))
    text = f"<b>{markup(t('print.sources', lang))}:</b> {sources}."
    if manifest.attribution:
        text += f" {markup(manifest.attribution)}."
    text += " " + markup(agreements_line(lang, when, from_store=from_store))
    made = t("print.made", lang, when=when, year=facts.year)
    if manifest.demo:
        made = f"{t('demo.mark', lang)} · {made}"
    lines = [text, f"<b>{markup(made)}</b>"]
    return [Paragraph(line, st.footer) for line in lines]


# -- the map picture --------------------------------------------------------------------


def buurt_map_png(spec: MapSpec, width_pt: float, height_pt: float, dpi: int = MAP_DPI) -> bytes:
    """The buurt and its surroundings (square, left) with the legend (right), as PNG."""
    assert spec.highlight is not None
    with DRAW_LOCK, matplotlib.rc_context(MPL_RC):
        fig = new_figure(width_pt, height_pt, dpi)
        map_w = height_pt
        extent = fit_extent(buurt_extent(spec.dataset, spec.highlight), map_w, height_pt, pad=0)
        ax = fig.add_axes((0, 0, map_w / width_pt, 1))
        groups = draw_map(ax, spec, extent, MAP_STYLE)
        gap = 5 * MM
        legend_w = width_pt - map_w - gap
        lax = fig.add_axes(((map_w + gap) / width_pt, 0, legend_w / width_pt, 1))
        points_axes(lax, legend_w, height_pt)
        layout, columns = legend_columns(
            groups, MAP_STYLE, legend_w, height_pt - 2, min_column_width=44 * MM
        )
        layout.draw(lax, columns, 0, height_pt - 1, 12.0)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
