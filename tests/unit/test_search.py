"""The offline search index (geo.search): normalising, ranking, postcodes, villages."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, box

from geo.dataset import Dataset
from geo.manifest import Manifest
from geo.search import (
    EXACT,
    FUZZY,
    PREFIX,
    SUBSTRING,
    WORD_PREFIX,
    SearchIndex,
    build_index,
    label,
    normalise,
    normalise_query,
    postcode_key,
)

# --- normalising -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "compared"),
    [
        ("Smilde-Centrum", "smilde centrum"),
        ("  SMILDE   centrum ", "smilde centrum"),
        ("Eëlde", "eelde"),
        ("Ĳsselmonde", "ijsselmonde"),  # the Dutch ĳ ligature
        ("Crêpe–Ñandú", "crepe nandu"),  # en dash, tilde
        ("'t Haantje", "het haantje"),
        ("’t Haantje", "het haantje"),  # a typographic apostrophe
        ("'s-Hertogenbosch", "des hertogenbosch"),
        ("Sint.Jansklooster", "sint jansklooster"),
        ("<script>alert(1)</script>", "script alert 1 script"),
        ("**x** [a](javascript:x)", "x a javascript x"),
        ("", ""),
        (None, ""),
    ],
)
def test_names_are_compared_without_case_diacritics_or_punctuation(
    written: str | None, compared: str
) -> None:
    assert normalise(written) == compared


def test_a_query_keeps_a_last_t_or_s_as_the_start_of_a_word() -> None:
    assert normalise_query("'t Haan") == "het haan"
    assert normalise_query("Ter Apel t") == "ter apel t"
    assert normalise_query("s") == "s"


@pytest.mark.parametrize("typed", ["9411 SS", "9411ss", "9411-ss", " 9411  Ss ", "9411\tSS"])
def test_a_postcode_is_compared_without_its_space(typed: str) -> None:
    assert normalise_query(typed) == "9411ss"
    assert postcode_key(typed) == "9411ss"


@pytest.mark.parametrize("value", ["9411", "941SS", "9411 S", "ABCD EF", None, ""])
def test_what_is_not_a_whole_postcode_has_no_postcode_key(value: str | None) -> None:
    assert postcode_key(value) is None


# --- a small hand-made municipality ---------------------------------------------------------

X0, Y0 = 200_000.0, 500_000.0
# code, name, wijk
BUURTEN = [
    ("BU00010100", "Eëlde-Centrum", "WK000101"),
    ("BU00010101", "Eëlde-Noord", "WK000101"),
    ("BU00010102", "Noordhoek", "WK000101"),
    ("BU00010200", "'t Haantje", "WK000102"),
    ("BU00010201", "Paterswolde", "WK000102"),
]
WIJKEN = [("WK000101", "Eelde en omgeving"), ("WK000102", "Buitengebied")]
# postcode, woonplaats, buurtcode: how many homes
HOMES = [
    ("9761 AA", "Eëlde", "BU00010100", 3),
    ("9761 AB", "Eëlde", "BU00010101", 1),
    ("9761 AB", "Eëlde", "BU00010100", 2),  # one PC6 in two buurten, most homes first
    ("9765 AA", "Paterswolde", "BU00010201", 2),
    ("9765 AB", "Paterswolde", "BU00010200", 1),
    ("9765 AB", None, "BU00010102", 1),  # no woonplaats: the postcode still counts
]


def _dataset(tmp_path: Path, *, woonplaats: bool = True) -> Dataset:
    squares = [box(X0 + i * 1000, Y0, X0 + (i + 1) * 1000, Y0 + 1000) for i in range(5)]
    buurten = gpd.GeoDataFrame(
        {
            "buurtcode": [b[0] for b in BUURTEN],
            "buurtnaam": [b[1] for b in BUURTEN],
            "wijkcode": [b[2] for b in BUURTEN],
            "gemeentecode": ["GM0001"] * len(BUURTEN),
        },
        geometry=squares,
        crs=28992,
    )
    wijken = gpd.GeoDataFrame(
        {
            "wijkcode": [w[0] for w in WIJKEN],
            "wijknaam": [w[1] for w in WIJKEN],
            "gemeentecode": ["GM0001"] * len(WIJKEN),
        },
        geometry=[squares[0].union(squares[1]).union(squares[2]), squares[3].union(squares[4])],
        crs=28992,
    )
    rows = [(pc, place, code) for pc, place, code, n in HOMES for _ in range(n)]
    homes = gpd.GeoDataFrame(
        {
            "home_id": [f"H{i}" for i in range(len(rows))],
            "postcode": [r[0] for r in rows],
            "buurtcode": [r[2] for r in rows],
            **({"woonplaats": [r[1] for r in rows]} if woonplaats else {}),
        },
        geometry=[Point(X0, Y0)] * len(rows),
        crs=28992,
    )
    manifest = Manifest(municipality_code="GM0001", municipality_name="Proef", boundary_year=2024)
    return Dataset(
        directory=tmp_path,
        manifest=manifest,
        tables={"buurten": buurten, "wijken": wijken, "private_homes": homes},
    )


def _found(index: SearchIndex, query: str) -> list[tuple[str, str, int]]:
    return [(h.entry.kind, h.entry.name, h.rank) for h in index.search(query, limit=50)]


def test_a_village_from_the_woonplaats_column_spans_its_buurten(tmp_path: Path) -> None:
    index = build_index(_dataset(tmp_path))
    [village] = [e for e in index.entries if e.kind == "village" and e.key == "eelde"]
    assert village.name == "Eëlde"
    # Every buurt with a home in Eëlde, and no other.
    assert set(village.codes) == {"BU00010100", "BU00010101"}
    assert index.get(village.id) is village
    [hit, *_] = index.search("eelde")  # typed without the diaeresis
    assert (hit.entry.kind, hit.rank) == ("village", EXACT)
    # Its label carries the plain spelling, for a list that filters on labels.
    assert label(village, "nl") == "Eëlde (Eelde) — dorp, 2 buurten"
    assert label(village, "en") == "Eëlde (Eelde) — village, 2 neighbourhoods"


def test_a_buurt_label_names_its_village(tmp_path: Path) -> None:
    index = build_index(_dataset(tmp_path))
    noord = index.get("buurt:BU00010101")
    assert noord is not None
    assert noord.codes == ("BU00010101",)
    assert label(noord) == "Eëlde-Noord (Eelde-Noord) — buurt in Eëlde"


def test_without_woonplaats_cbs_wijk_names_give_the_villages(tmp_path: Path) -> None:
    data = _dataset(tmp_path, woonplaats=False)
    wijken = data.wijken.assign(wijknaam=["Wijk 01 Eelde", "Buitengebied"])
    index = build_index(Dataset(data.directory, data.manifest, {**data.tables, "wijken": wijken}))
    villages = {e.name: e.codes for e in index.entries if e.kind == "village"}
    wijk_01 = data.buurten.loc[data.buurten["wijkcode"] == "WK000101", "buurtcode"]
    assert set(villages) == {"Eelde"}
    assert set(villages["Eelde"]) == set(wijk_01)
    # The wijk of the same buurten is not listed twice, but its name still finds it.
    assert [e.name for e in index.entries if e.kind == "wijk"] == ["Buitengebied"]
    assert _found(index, "Wijk 01 Eelde")[0] == ("village", "Eelde", EXACT)
    assert _found(index, "wijk 01")[0] == ("village", "Eelde", PREFIX)


def test_postcodes_lead_to_the_buurten_of_their_homes(tmp_path: Path) -> None:
    data = _dataset(tmp_path)
    index = build_index(data)
    homes = data.tables["private_homes"]
    for pc6, group in homes.groupby("postcode"):
        [hit, *_] = index.search(str(pc6).replace(" ", "").lower())
        assert (hit.entry.kind, hit.entry.name, hit.rank) == ("postcode", pc6, EXACT)
        counts = group["buurtcode"].value_counts()
        assert set(hit.entry.codes) == set(counts.index)
        # The buurt with most homes first (of equals, the lowest code).
        assert hit.entry.codes[0] == min(counts.index[counts == counts.max()])
    pc4 = homes[homes["postcode"].str.startswith("9765")]
    [hit, *rest] = index.search("9765")
    assert (hit.entry.name, hit.rank) == ("9765", EXACT)
    assert set(hit.entry.codes) == set(pc4["buurtcode"])
    assert {h.entry.name for h in rest} == set(pc4["postcode"])
    assert all(h.rank == PREFIX for h in rest)


def test_an_unknown_whole_postcode_offers_its_four_digits(tmp_path: Path) -> None:
    index = build_index(_dataset(tmp_path))
    assert _found(index, "9761 ZZ") == [("postcode", "9761", SUBSTRING)]
    assert _found(index, "1234 AB") == []


def test_ranking_is_exact_prefix_word_prefix_substring_then_typos(tmp_path: Path) -> None:
    index = build_index(_dataset(tmp_path))
    found = _found(index, "noord")
    assert found[0] == ("buurt", "Noordhoek", PREFIX)
    assert ("buurt", "Eëlde-Noord", WORD_PREFIX) in found
    assert [rank for *_, rank in found] == sorted(rank for *_, rank in found)
    assert _found(index, "Eëlde-Noord")[0] == ("buurt", "Eëlde-Noord", EXACT)
    assert _found(index, "noord eelde")[0] == ("buurt", "Eëlde-Noord", WORD_PREFIX)
    assert _found(index, "terswol")[0] == ("buurt", "Paterswolde", SUBSTRING)
    # One typo (a swap) in a word of 6 letters or fewer, two in longer words.
    assert _found(index, "Paterswodle")[0][1:] == ("Paterswolde", FUZZY)
    assert _found(index, "Patrswlde")[0][1:] == ("Paterswolde", FUZZY)
    assert _found(index, "Ptrswld") == []  # three away
    assert _found(index, "Noordheok")[0][1:] == ("Noordhoek", FUZZY)
    assert _found(index, "nrd") == []  # words under 4 letters must be typed without typos


def test_the_dutch_article_t_is_found_typed_in_every_usual_way(tmp_path: Path) -> None:
    index = build_index(_dataset(tmp_path))
    for typed in ("'t Haantje", "t haantje", "het haantje", "’t haantje"):
        assert _found(index, typed)[0] == ("buurt", "'t Haantje", EXACT), typed
    assert _found(index, "haantje")[0] == ("buurt", "'t Haantje", WORD_PREFIX)


def test_buurt_and_wijk_codes_find_their_area(tmp_path: Path) -> None:
    index = build_index(_dataset(tmp_path))
    [hit] = index.search("bu00010201")
    assert (hit.entry.name, hit.rank) == ("Paterswolde", EXACT)
    assert index.search("BU000102")[0].rank == PREFIX


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "---",
        "'",
        "<script>alert(1)</script>",
        "(.*",
        "[a](javascript:x)",
        "\x00\x01",
        "e" * 100_000,
        "🏠🏠",
        "\u202eedlee",  # right-to-left override
        "SELECT * FROM buurten; --",
    ],
)
def test_empty_or_hostile_input_gives_a_list_and_no_error(tmp_path: Path, query: str) -> None:
    index = build_index(_dataset(tmp_path))
    hits = index.search(query)
    assert isinstance(hits, list)
    assert all(h.entry in index.entries for h in hits)
    if not normalise(query):
        assert hits == []


def test_limit_is_respected(tmp_path: Path) -> None:
    index = build_index(_dataset(tmp_path))
    assert len(index.search("e", limit=2)) == 2
    assert index.search("e", limit=0) == []


# --- the demo -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_index(demo_dataset: Dataset) -> SearchIndex:
    return build_index(demo_dataset)


def test_every_demo_buurt_is_found_first_by_its_own_name(
    demo_dataset: Dataset, demo_index: SearchIndex
) -> None:
    for code, name in zip(
        demo_dataset.buurten["buurtcode"], demo_dataset.buurten["buurtnaam"], strict=True
    ):
        hits = demo_index.search(name)
        assert hits[0].rank == EXACT, name
        assert code in {c for h in hits if h.rank == EXACT for c in h.entry.codes}


def test_every_demo_postcode_is_found(demo_dataset: Dataset, demo_index: SearchIndex) -> None:
    homes = pd.concat(
        [demo_dataset.corporation_homes, demo_dataset.tables["private_homes"]], ignore_index=True
    )
    homes = homes[homes["buurtcode"].notna() & homes["postcode"].notna()]
    by_postcode = homes.groupby("postcode")["buurtcode"].agg(set)
    for postcode, codes in by_postcode.items():
        [hit, *_] = demo_index.search(str(postcode))
        assert hit.rank == EXACT and set(hit.entry.codes) == codes, postcode
    pc4 = homes.groupby(homes["postcode"].str[:4])["buurtcode"].agg(set)
    for digits, codes in pc4.items():
        [hit, *_] = demo_index.search(str(digits))
        assert (hit.entry.name, hit.rank) == (digits, EXACT)
        assert set(hit.entry.codes) == codes


def test_demo_villages_are_its_cbs_wijken(demo_dataset: Dataset, demo_index: SearchIndex) -> None:
    villages = [e for e in demo_index.entries if e.kind == "village"]
    assert len(villages) == len(demo_dataset.wijken)
    several = [v for v in villages if len(v.codes) > 1]
    assert several, "the demo has villages with several buurten"
    buurten = demo_dataset.buurten.set_index("buurtcode")
    for village in villages:
        wijken = set(buurten.loc[list(village.codes), "wijkcode"])
        assert len(wijken) == 1
        [wijk] = wijken
        assert set(village.codes) == set(buurten.index[buurten["wijkcode"] == wijk])
        assert demo_index.search(village.name)[0].rank == EXACT
        # The buurt named like the village, where there is one, heads its list.
        named = [c for c in village.codes if normalise(buurten.loc[c, "buurtnaam"]) == village.key]
        if named:
            assert village.codes[0] == named[0]
    assert any(normalise(buurten.loc[v.codes[0], "buurtnaam"]) == v.key for v in several), (
        "some village has a buurt of its own name"
    )


def test_demo_queries_take_well_under_10_ms(demo_dataset: Dataset, demo_index: SearchIndex) -> None:
    names = list(demo_dataset.buurten["buurtnaam"])
    queries = [*names, *(n[:3] for n in names), "9411", "9411 SS", "bielen", "zzzz", "e"]
    timings = []
    for query in queries:
        start = time.perf_counter()
        demo_index.search(query)
        timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 0.010, statistics.median(timings)
    assert max(timings) < 0.050, max(timings)  # one slow outlier on a busy machine at most
