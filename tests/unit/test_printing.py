"""Printable output (geo.printing): the buurt fact sheet and the workshop map as PDFs.

Checked through the PDF itself: its pages and their size in points, its text layer
(pypdfium2), and a rendering to PNG that must not be blank. The renderings are also
kept in test-artifacts/printing/ for a person to look at.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pypdfium2 as pdfium
import pytest

from geo.cli import main
from geo.config import DEMO_DATA_DIR, PROJECT_ROOT, Settings
from geo.dataset import Dataset
from geo.errors import AfsprakenkaartError
from geo.facts import buurt_facts
from geo.printing import PRINT_LAYERS, UnknownBuurt, factsheet_pdf, workshop_map_pdf
from geo.printing.common import LOCAL, markup
from geo.printing.factsheet import homes_rows, works_rows
from geo.printing.static_map import check_layers, nice_length
from geo.workshop import seed_states

HOSTILE = '<b>&amp; $x$ =HYPERLINK("x")'
WHEN = datetime(2026, 3, 12, 10, 30, tzinfo=LOCAL)
A4_PORTRAIT = (595.28, 841.89)
A4_LANDSCAPE = (841.89, 595.28)
A3_LANDSCAPE = (1190.55, 841.89)
BUURT = "BU17310700"  # Bovensmilde-Centrum: two corporations, designated in 2025
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "printing"
ENV_VARS = ("AFSPRAKENKAART_DATA", "AFSPRAKENKAART_OFFLINE", "AFSPRAKENKAART_CONFIG")


# -- helpers ------------------------------------------------------------------------------


def pdf_pages(data: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of every page."""
    pdf = pdfium.PdfDocument(data)
    return [tuple(round(v, 2) for v in page.get_size()) for page in pdf]  # type: ignore[misc]


def pdf_text(data: bytes) -> str:
    """The text layer of every page, lines joined by single spaces (a wrapped line
    reads as one), non-breaking spaces as spaces."""
    pdf = pdfium.PdfDocument(data)
    text = " ".join(page.get_textpage().get_text_bounded() for page in pdf)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def render(data: bytes, name: str, scale: float = 1.5) -> np.ndarray:
    """Page 1 as an RGB array; also saved as test-artifacts/printing/<name>.png."""
    page = pdfium.PdfDocument(data)[0]
    image = page.render(scale=scale).to_pil().convert("RGB")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    image.save(ARTIFACTS / f"{name}.png")
    return np.asarray(image)


def assert_not_blank(pixels: np.ndarray) -> None:
    """Ink on a good part of the page, and in colour (the map), not one flat tone."""
    ink = (pixels < 235).any(axis=2)
    assert ink.mean() > 0.08, f"only {ink.mean():.1%} of the page has ink"
    spread = pixels.max(axis=2).astype(int) - pixels.min(axis=2).astype(int)
    assert (spread > 30).mean() > 0.01, "no colour on the page"
    rgb = pixels.astype(np.int32)
    packed = (rgb[:, :, 0] << 16) | (rgb[:, :, 1] << 8) | rgb[:, :, 2]
    assert len(np.unique(packed)) > 200, "hardly any tones: is the map there?"


def same_size(found: tuple[float, float], wanted: tuple[float, float]) -> bool:
    return all(abs(a - b) < 0.6 for a, b in zip(found, wanted, strict=True))


def with_tables(ds: Dataset, **tables: pd.DataFrame) -> Dataset:
    """`ds` with some tables replaced (a new Dataset: the shared demo is not changed)."""
    return dataclasses.replace(ds, tables={**ds.tables, **tables})


def renamed(ds: Dataset, *, buurt: str, text: str) -> Dataset:
    """`ds` with `text` as the name of buurt `buurt`, its wijk, the municipality, one
    corporation and every holiday park."""
    buurten = ds.buurten.copy()
    buurten.loc[buurten["buurtcode"] == buurt, "buurtnaam"] = text
    wijkcode = buurten.loc[buurten["buurtcode"] == buurt, "wijkcode"].iloc[0]
    wijken = ds.wijken.copy()
    wijken.loc[wijken["wijkcode"] == wijkcode, "wijknaam"] = text
    homes = ds.corporation_homes.copy()
    homes["corporation"] = homes["corporation"].replace({"Actium": f"Actium {text}"})
    parks = ds.holiday_parks.copy()
    parks["name"] = text
    out = with_tables(ds, buurten=buurten, wijken=wijken, corporation_homes=homes)
    out = with_tables(out, holiday_parks=parks)
    manifest = ds.manifest.model_copy(update={"municipality_name": text})
    return dataclasses.replace(out, manifest=manifest)


def agreements_with(ds: Dataset, buurt: str, year: int, **values: object) -> gpd.GeoDataFrame:
    """The seed state with `values` set on the liveability row of `buurt` in `year`."""
    states = seed_states(ds).copy()
    mask = (states["area_code"] == buurt) & (states["year"] == year)
    mask &= states["theme"] == "liveability"
    assert mask.any(), "the demo designates this buurt in this year"
    for column, value in values.items():
        states[column] = states[column].astype(object)
        states.loc[mask, column] = value
    return states


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def factsheet_nl(demo_dataset: Dataset, demo_settings: Settings) -> bytes:
    return factsheet_pdf(demo_dataset, demo_settings, BUURT, 2025, "nl", generated=WHEN)


# -- the fact sheet -----------------------------------------------------------------------


def test_factsheet_is_one_a4_page(factsheet_nl: bytes) -> None:
    assert factsheet_nl.startswith(b"%PDF")
    pages = pdf_pages(factsheet_nl)
    assert len(pages) == 1
    assert same_size(pages[0], A4_PORTRAIT), pages[0]


def test_factsheet_says_name_wijk_counts_year_sources_and_date(
    factsheet_nl: bytes, demo_dataset: Dataset
) -> None:
    text = pdf_text(factsheet_nl)
    facts = buurt_facts(demo_dataset, BUURT, 2025)
    for expected in (
        "Bovensmilde-Centrum",
        "Wijk 07 Bovensmilde",
        BUURT,
        "situatie in 2025",
        "Huurwoningen van corporaties",
        "Wat gebeurt er wanneer?",
        "Warmtetransitie",
        "Ja: deze buurt is in 2025 een aandachtsgebied.",
        "Vakantieparken dichtbij",
        "Recreatiepark De Boomgaard",
        "Bronnen:",
        "CBS Gebiedsindelingen 2022",
        "CC BY 4.0",
        "Gemaakt op 12-03-2026 10:30",
        "DEMO — fictieve gegevens",
        "Wilt u weten wat dit voor uw eigen woning betekent?",
    ):
        assert expected in text, expected
    for corporation, count in facts.homes_per_corporation.items():
        assert f"{corporation} {count}" in text
    assert f"Totaal {facts.homes_total}" in text


def test_factsheet_in_english(demo_dataset: Dataset, demo_settings: Settings) -> None:
    data = factsheet_pdf(demo_dataset, demo_settings, "BU17310000", 2025, "en", generated=WHEN)
    text = pdf_text(data)
    for expected in (
        "Beilen",
        "Buurt fact sheet",
        "Homes of housing corporations",
        "What happens when?",
        "fewer than 5",
        "It is this area's turn now (2022–2025).",
        "Sources:",
        "Made on 12-03-2026 10:30",
        "DEMO — fictitious data",
    ):
        assert expected in text, expected
    assert "Bronnen" not in text
    assert_not_blank(render(data, "factsheet-BU17310000-en"))


def test_factsheet_renders_to_a_page_with_a_map(factsheet_nl: bytes) -> None:
    pixels = render(factsheet_nl, f"factsheet-{BUURT}-nl")
    assert_not_blank(pixels)
    # The map picture sits in the upper half: the heat-transition greens are there.
    top = pixels[: pixels.shape[0] // 2]
    green = (top[:, :, 1] > top[:, :, 0] + 20) & (top[:, :, 1] > top[:, :, 2] + 20)
    assert green.mean() > 0.02


def test_a_small_stock_is_printed_as_fewer_than_5_and_hides_the_total(
    demo_dataset: Dataset, demo_settings: Settings
) -> None:
    # Leave Woonservice three homes in the buurt.
    homes = demo_dataset.corporation_homes
    mine = homes[(homes["buurtcode"] == BUURT) & (homes["corporation"] == "Woonservice")]
    keep = mine[mine["measure"] == "verduurzaming"].index[:3]  # planned for 2026
    ds = with_tables(demo_dataset, corporation_homes=homes.drop(index=mine.index.difference(keep)))
    facts = buurt_facts(ds, BUURT, 2025)
    small = facts.homes_per_corporation["Woonservice"]
    assert 0 < small < 5
    actium = facts.homes_per_corporation["Actium"]

    text = pdf_text(factsheet_pdf(ds, demo_settings, BUURT, 2025, "nl", generated=WHEN))
    assert "Woonservice minder dan 5" in text
    assert f"Woonservice {small}" not in text
    # No total beside a hidden count: it would give the count away by subtraction.
    assert f"{actium + small}" not in text
    assert f"Actium {actium}" in text
    assert "aantallen van 1 tot 4 woningen er niet precies in" in text


def test_small_works_are_printed_as_fewer_than_5_never_as_digits(
    demo_dataset: Dataset, demo_settings: Settings
) -> None:
    code = "BU17310000"  # Beilen: sales of 1 to 3 homes a year
    facts = buurt_facts(demo_dataset, code, 2025)
    works = facts.works
    assert ((works["homes"] > 0) & (works["homes"] < 5)).any(), "the demo has small works"
    rows, _, hidden = works_rows(facts, "nl")
    assert hidden
    counts = [cell for row in rows for cell in row[3:]]
    assert not [c for c in counts if re.fullmatch(r"[1-4]", c)]
    assert "minder dan\u00a05" in counts
    text = pdf_text(factsheet_pdf(demo_dataset, demo_settings, code, 2025, generated=WHEN))
    assert "verkoop Woonservice minder dan 5" in text
    # A line of the works table: year, work, corporation, carried out, planned.
    for line in re.findall(r"20\d\d \w+ Woonservice ((?:\S+ ?){1,6})", text):
        assert not re.match(r"[1-4] ", line), line
        assert not re.match(r"(–|\d+) [1-4]\b", line), line


def test_homes_rows_hide_the_total_only_when_a_count_is_hidden(
    demo_dataset: Dataset,
) -> None:
    facts = buurt_facts(demo_dataset, BUURT, 2025)
    rows, hidden = homes_rows(facts, "nl")
    assert not hidden
    assert rows[-1] == ("Totaal", str(facts.homes_total))
    small = dataclasses.replace(facts, homes_per_corporation={"A": 12, "B": 2})
    rows, hidden = homes_rows(small, "en")
    assert hidden
    assert rows == [("A", "12"), ("B", "fewer than 5")]


def test_demolition_and_sale_appear_per_buurt_only(
    demo_dataset: Dataset, demo_settings: Settings
) -> None:
    facts = buurt_facts(demo_dataset, BUURT, 2025)
    assert {"sloop"} <= set(facts.works["measure"])
    text = pdf_text(factsheet_pdf(demo_dataset, demo_settings, BUURT, 2025, generated=WHEN))
    assert "sloop" in text  # the buurt's numbers are there
    homes = demo_dataset.corporation_homes
    sensitive = homes[(homes["buurtcode"] == BUURT) & homes["measure"].isin(["sloop", "verkoop"])]
    for value in set(sensitive["straat"].dropna()) | set(sensitive["postcode"].dropna()):
        assert str(value) not in text  # no street or postcode of a home to be demolished
    for value in set(sensitive["complex_id"].dropna()):
        assert str(value) not in text


def test_hostile_text_is_printed_literally_on_the_fact_sheet(
    demo_dataset: Dataset, demo_settings: Settings
) -> None:
    ds = renamed(demo_dataset, buurt=BUURT, text=HOSTILE)
    states = agreements_with(
        ds, BUURT, 2025, vision=HOSTILE, note=f"note {HOSTILE}", lead_party=HOSTILE
    )
    data = factsheet_pdf(ds, demo_settings, BUURT, 2025, "nl", states, generated=WHEN)
    text = pdf_text(data)
    # Title, wijk, municipality, corporation, park, vision, note and lead party.
    assert text.count(HOSTILE) >= 7, text
    assert f"Actium {HOSTILE}" in text
    assert f"Wat is afgesproken: {HOSTILE}" in text
    assert f"Toelichting: note {HOSTILE}" in text
    assert "&amp;amp;" not in text  # escaped once, not twice
    assert len(pdf_pages(data)) == 1
    assert_not_blank(render(data, "factsheet-hostile"))


def test_markup_escapes_tags_and_entities() -> None:
    assert markup(HOSTILE) == '&lt;b&gt;&amp;amp; $x$ =HYPERLINK("x")'
    assert markup(None) == ""
    assert markup(float("nan")) == ""


def test_longest_name_and_long_texts_stay_on_one_page(
    demo_dataset: Dataset, demo_settings: Settings
) -> None:
    longest = max(demo_dataset.buurten["buurtnaam"], key=len)
    name = " ".join([longest] * 6)  # far longer than any real buurt name
    code = "BU17311609"  # Verspreide huizen de Broekstreek: ten parks within 2 km
    ds = renamed(demo_dataset, buurt=code, text=name)
    # Every corporation home of the municipality in this buurt: dozens of lines of works.
    homes = ds.corporation_homes.assign(buurtcode=code)
    ds = with_tables(ds, corporation_homes=homes)
    states = seed_states(ds)
    extra = states.iloc[[0]].assign(
        area_code=code,
        area_key=f"buurt:{code}",
        year=2025,
        theme="liveability",
        status="designated",
        reasons="social|physical|safety",
        vision="Een lange buurtvisie. " * 200,
        note="Een lange toelichting met veel woorden. " * 150,
    )
    states = pd.concat([states, extra], ignore_index=True)
    data = factsheet_pdf(ds, demo_settings, code, 2025, "nl", states, generated=WHEN)
    pages = pdf_pages(data)
    assert len(pages) == 1
    assert same_size(pages[0], A4_PORTRAIT)
    text = pdf_text(data)
    assert longest in text
    assert "En nog" in text  # works beyond the table's lines are counted, not dropped
    assert "En nog 4 parken." in text
    assert " …" in text  # the vision is cut for paper
    assert "Gemaakt op 12-03-2026 10:30" in text  # the footer is there
    assert "Wilt u weten wat dit voor uw eigen woning betekent?" in text  # the body's end
    assert_not_blank(render(data, "factsheet-longest"))


def test_prints_work_without_homes_or_agreements(
    small_template: Path, demo_settings: Settings
) -> None:
    from geo.dataset import load_dataset

    ds = load_dataset(small_template)  # boundaries, heat phasing and parks only
    sheet = factsheet_pdf(ds, demo_settings, "BU17310000", 2025, generated=WHEN)
    text = pdf_text(sheet)
    assert "In deze buurt staan geen woningen van een corporatie." in text
    assert "Er is geen werk gepland of gedaan" in text
    assert "Nee: deze buurt is in 2025 geen aandachtsgebied." in text
    assert len(pdf_pages(sheet)) == 1
    kaart = workshop_map_pdf(ds, demo_settings, 2025, generated=WHEN)
    assert "geen gebieden aangewezen in 2025" in pdf_text(kaart)
    assert len(pdf_pages(kaart)) == 1


def test_unknown_buurt_is_an_error_naming_the_code(
    demo_dataset: Dataset, demo_settings: Settings
) -> None:
    with pytest.raises(UnknownBuurt, match="BU99999999 is not a buurt of Midden-Drenthe"):
        factsheet_pdf(demo_dataset, demo_settings, "BU99999999", 2025)
    with pytest.raises(AfsprakenkaartError):
        factsheet_pdf(demo_dataset, demo_settings, "", 2025)


# -- the workshop map ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "wanted"), [("a4", A4_LANDSCAPE), ("a3", A3_LANDSCAPE)], ids=["a4", "a3"]
)
def test_workshop_map_is_one_landscape_page_with_legend_sources_and_date(
    demo_dataset: Dataset, demo_settings: Settings, size: str, wanted: tuple[float, float]
) -> None:
    data = workshop_map_pdf(demo_dataset, demo_settings, 2025, size=size, generated=WHEN)  # type: ignore[arg-type]
    pages = pdf_pages(data)
    assert len(pages) == 1
    assert same_size(pages[0], wanted), pages[0]
    text = pdf_text(data)
    for expected in (
        "Werkkaart Midden-Drenthe · 2025",
        "Legenda",
        "Warmtetransitie per wijk",
        "Aandachtsgebieden leefbaarheid",
        "Vakantieparken",
        "Corporatiewoningen",
        "dikke rand: loopt in 2025",
        "niet vitaal (14)",
        "Wijk 00 Beilen",
        "2022–2025",
        " km",  # the scale bar
        "N",  # the north arrow
        "Bronnen:",
        "CC BY 4.0 (CBS / Kadaster)",
        "Grenzen: CBS / Kadaster 2022 (CC BY 4.0), gegeneraliseerd",
        "Gemaakt op 12-03-2026 10:30",
        "DEMO — fictieve gegevens",
        "Sloop en verkoop staan niet per woning of complex op de kaart",
    ):
        assert expected in text, expected
    assert "sloop (" not in text and "verkoop (" not in text  # no per-home legend line
    assert_not_blank(render(data, f"map-{size}-nl", scale=1.0))


def test_workshop_map_in_english_with_chosen_layers_and_extent(
    demo_dataset: Dataset, demo_settings: Settings
) -> None:
    bbox = (225_000.0, 535_000.0, 240_000.0, 550_000.0)
    data = workshop_map_pdf(
        demo_dataset,
        demo_settings,
        2026,
        ["attention_areas", "heat_phasing"],
        lang="en",
        bbox=bbox,
        generated=WHEN,
    )
    text = pdf_text(data)
    assert "Workshop map Midden-Drenthe · 2026" in text
    assert "Heat transition per wijk · Liveability attention areas" in text  # drawing order
    assert "Holiday parks — Vitality" not in text and "Corporation housing" not in text
    assert "Sources:" in text and "Made on 12-03-2026 10:30" in text
    assert "(3 areas)" not in text  # a part of the municipality: no municipal counts
    assert same_size(pdf_pages(data)[0], A4_LANDSCAPE)
    assert_not_blank(render(data, "map-a4-bbox-en", scale=1.0))


def test_hostile_text_is_printed_literally_on_the_map(
    demo_dataset: Dataset, demo_settings: Settings
) -> None:
    ds = renamed(demo_dataset, buurt=BUURT, text=HOSTILE)
    data = workshop_map_pdf(ds, demo_settings, 2025, generated=WHEN)
    text = pdf_text(data)
    assert f"Werkkaart {HOSTILE} · 2025" in text  # the title: "$x$" is no formula
    assert f"Actium {HOSTILE}" in text  # the legend
    assert text.count(HOSTILE) >= 3  # and the wijk's name on the map


def test_workshop_map_refuses_bad_layers_sizes_and_extents(
    demo_dataset: Dataset, demo_settings: Settings
) -> None:
    with pytest.raises(ValueError, match="unknown layer meeliften"):
        workshop_map_pdf(demo_dataset, demo_settings, 2025, ["meeliften"])
    with pytest.raises(ValueError, match="a4 or a3"):
        workshop_map_pdf(demo_dataset, demo_settings, 2025, size="a5")  # type: ignore[arg-type]
    with pytest.raises(AfsprakenkaartError, match="not a box"):
        workshop_map_pdf(demo_dataset, demo_settings, 2025, bbox=(10, 10, 0, 0))
    with pytest.raises(AfsprakenkaartError, match="outside Midden-Drenthe"):
        workshop_map_pdf(demo_dataset, demo_settings, 2025, bbox=(0, 0, 10, 10))


def test_layers_are_drawn_in_the_web_maps_order() -> None:
    assert check_layers(["corporation_housing", "heat_phasing"]) == (
        "heat_phasing",
        "corporation_housing",
    )
    assert set(PRINT_LAYERS) == {
        "heat_phasing",
        "attention_areas",
        "holiday_parks",
        "corporation_housing",
    }


def test_scale_bar_lengths_are_round() -> None:
    assert nice_length(7_300) == 5_000
    assert nice_length(2_600) == 2_500
    assert nice_length(1_999) == 1_000
    assert nice_length(430) == 250


# -- the command line ---------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["print", *argv])
    return code, capsys.readouterr().err


def test_cli_writes_a_fact_sheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "blad.pdf"
    code, err = run(
        capsys, "factsheet", "--buurt", BUURT, "--year", "2025", "--data", str(DEMO_DATA_DIR),
        "--no-store", "--out", str(out),
    )  # fmt: skip
    assert code == 0, err
    data = out.read_bytes()
    assert len(pdf_pages(data)) == 1
    assert "Bovensmilde-Centrum" in pdf_text(data)
    assert list(tmp_path.iterdir()) == [out]  # no partial file left behind


def test_cli_reads_the_agreement_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'store.db'}")
    out = tmp_path / "kaart.pdf"
    code, err = run(
        capsys, "map", "--size", "a3", "--lang", "en", "--layers", "attention_areas",
        "--year", "2025", "--data", str(DEMO_DATA_DIR), "--out", str(out),
    )  # fmt: skip
    assert code == 0, err
    text = pdf_text(out.read_bytes())
    assert "as recorded in the agreement store" in text
    assert "designated in 2025 (3 areas)" in text
    assert same_size(pdf_pages(out.read_bytes())[0], A3_LANDSCAPE)


BAD_RUNS: list[tuple[list[str], str]] = [
    (["factsheet", "--buurt", "BU99999999"], "--buurt BU99999999"),
    (["factsheet", "--buurt", BUURT, "--year", "2040"], "--year 2040"),
    (["factsheet", "--buurt", BUURT, "--lang", "fr"], "--lang fr"),
    (["map", "--layers", "heat_phasing,meeliften"], "--layers"),
    (["map", "--size", "a5"], "--size a5"),
    (["map", "--bbox", "1,2,3"], "--bbox 1,2,3"),
    (["map", "--bbox", "0,0,10,10"], "--bbox"),
]


@pytest.mark.parametrize(("argv", "option"), BAD_RUNS, ids=[b[1] for b in BAD_RUNS])
def test_cli_errors_name_the_option_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], option: str
) -> None:
    out = tmp_path / "out.pdf"
    out.write_bytes(b"the previous file")
    code, err = run(capsys, *argv, "--data", str(DEMO_DATA_DIR), "--no-store", "--out", str(out))
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"error: {option}"), err
    assert "Traceback" not in err
    assert out.read_bytes() == b"the previous file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf"]


def test_cli_unknown_buurt_writes_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "nieuw.pdf"
    code, err = run(
        capsys, "factsheet", "--buurt", "BU00000000", "--data", str(DEMO_DATA_DIR),
        "--no-store", "--out", str(out),
    )  # fmt: skip
    assert code == 1
    assert "BU00000000" in err and "--buurt" in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_cli_missing_folder_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "no" / "such" / "kaart.pdf"
    code, err = run(capsys, "map", "--data", str(DEMO_DATA_DIR), "--no-store", "--out", str(out))
    assert code == 1
    assert err.strip().startswith("error: --out")
    assert not out.parent.exists()
