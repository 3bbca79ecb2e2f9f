"""Deterministic demo dataset for Midden-Drenthe: real CBS boundaries, generated rest.

Figures follow the 2023-2026 performance agreements where they exist (DESIGN.md):
3,239 corporation homes on 1 January 2023 (Woonservice 2,220, Actium 1,019);
Woonservice makes 75 homes sustainable per year, Actium renovates 91 in the period;
80 homes demolished and rebuilt, 30 and 20 sold; Actium adds 52 homes of which 48
"fictief" (counted, no location). 25 holiday parks, 14 of them not vital.

Every generated id starts with DEMO-, postcodes use the never-issued letter pairs
SA/SD/SS, and street and park names are invented. Same seed, same bytes.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import Point, Polygon

from geo.config import PROJECT_ROOT
from geo.manifest import Manifest, Provenance, write_manifest

SEED = 1731
REFERENCE_DIR = PROJECT_ROOT / "data" / "reference" / "GM1731"
YEARS = (2023, 2024, 2025, 2026)
TODAY_YEAR = 2026  # the demo's "now": 2026 measures are partly still under way

STOCK = {"Woonservice": 2220, "Actium": 1019}
CORP_PREFIX = {"Woonservice": "WS", "Actium": "AC"}
# Actium is mostly active in the Smilde villages, Woonservice in the rest.
ACTIUM_WIJKEN = {"WK173106", "WK173107", "WK173108"}

STREET_STEMS = (
    "Berken",
    "Eiken",
    "Beuken",
    "Linden",
    "Esdoorn",
    "Wilgen",
    "Elzen",
    "Iepen",
    "Merel",
    "Lijster",
    "Kievit",
    "Zwaluw",
    "Reiger",
    "Specht",
    "Vink",
    "Mees",
    "Heide",
    "Veen",
    "Brink",
    "Esch",
    "Akker",
    "Weide",
    "Hooiland",
    "Zandhoek",
    "Klaver",
    "Boterbloem",
    "Korenbloem",
    "Margriet",
    "Lupine",
    "Vlier",
    "Hazel",
    "Populieren",
    "Kastanje",
    "Lariks",
    "Dennen",
    "Sparren",
    "Jeneverbes",
    "Brem",
)
STREET_SUFFIXES = ("straat", "laan", "weg", "hof", "erf", "kamp", "dreef")
POSTCODE_LETTERS = ("SA", "SD", "SS")  # never issued: no real address can match
PARK_PREFIXES = ("Vakantiepark", "Bungalowpark", "Recreatiepark", "Camping")
PARK_NAMES = (
    "De Zandverstuiving",
    "Het Dennenbos",
    "De Heideblik",
    "Het Vennetje",
    "De Esakker",
    "Het Reeënspoor",
    "De Boomgaard",
    "Het Hunebed",
    "De Schaapskooi",
    "Het Zonnedal",
    "De Veenhoeve",
    "De Kraanvogel",
    "Het Berkenven",
    "De Vlinderhoek",
    "Het Stille Bos",
    "De Drentse Horst",
    "De Wilgenweide",
    "Het Goudveld",
    "De Uilenhorst",
    "Het Eikenhof",
    "De Zandhoek",
    "Het Heidepad",
    "De Grafheuvel",
    "Het Paardenveld",
    "De Sterrenwacht",
)
HOME_TYPES = ("eengezinswoning", "appartement", "seniorenwoning")
VITALITY_COUNTS = {"niet-vitaal": 14, "kansrijk": 5, "vitaal": 4, "transformatie": 2}


@dataclass
class _Ids:
    """Running counters for DEMO- ids, so ids are stable across runs."""

    home: int = 0
    complex: int = 0
    pand: int = 0
    private: int = 0

    def next_home(self) -> str:
        self.home += 1
        return f"DEMO-CH-{self.home:05d}"

    def next_pand(self) -> str:
        self.pand += 1
        return f"DEMO-PND-{self.pand:06d}"


def _label_for_year(rng: np.random.Generator, bouwjaar: int) -> str | None:
    """A plausible energy label for a home of this build year (older is worse)."""
    if rng.random() < 0.04:
        return None
    centre = np.interp(
        bouwjaar, [1930, 1965, 1985, 2000, 2015, 2025], [9.2, 8.0, 6.6, 5.6, 4.0, 2.5]
    )
    rank = int(np.clip(round(centre + rng.normal(0, 1.2)), 1, 10))
    return ("A++++", "A+++", "A++", "A+", "A", "B", "C", "D", "E", "F", "G")[rank]


def _random_point_in(rng: np.random.Generator, polygon: Polygon, inset: float = 25.0) -> Point:
    area = polygon.buffer(-inset) if polygon.buffer(-inset).area > 0 else polygon
    x0, y0, x1, y1 = area.bounds
    while True:
        p = Point(rng.uniform(x0, x1), rng.uniform(y0, y1))
        if area.contains(p):
            return p


def _street_points(
    rng: np.random.Generator, polygon: Polygon, count: int, stacked: bool
) -> list[Point]:
    """Homes along one street (8 m apart, both sides) or stacked in one block."""
    for _ in range(200):
        start = _random_point_in(rng, polygon)
        if stacked:
            pts = [
                Point(start.x + rng.normal(0, 4), start.y + rng.normal(0, 4)) for _ in range(count)
            ]
        else:
            angle = rng.uniform(0, np.pi)
            dx, dy = np.cos(angle), np.sin(angle)
            pts = [
                Point(
                    start.x + dx * 8.0 * (i // 2) + (-dy) * (12 if i % 2 else -12),
                    start.y + dy * 8.0 * (i // 2) + dx * (12 if i % 2 else -12),
                )
                for i in range(count)
            ]
        if all(polygon.contains(p) for p in pts):
            return pts
    return [_random_point_in(rng, polygon, inset=0) for _ in range(count)]


def _village_buurten(buurten: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    villages = buurten[~buurten["buurtcode"].str.endswith("09")].copy()
    villages["weight"] = (villages.geometry.area / 1e6) ** 0.8
    return villages.sort_values("buurtcode").reset_index(drop=True)


def _former_postcode_draw(rng: np.random.Generator) -> None:
    """Postcodes were once drawn at random; the draw is kept so the rest of the demo
    (and the tests and screenshots that name its areas) stays the same."""
    rng.integers(len(POSTCODE_LETTERS))


class _Postcodes:
    """One postcode per street, as in the BAG, so that postcode + house number is one
    address and the address joins of the importers (labels, corporation homes) work
    on the demo as on real data."""

    def __init__(self, taken: set[str] | None = None) -> None:
        self._taken = taken or set()
        self._n = 0

    def next(self) -> str:
        while True:
            digits, letters = divmod(self._n, len(POSTCODE_LETTERS))
            self._n += 1
            code = f"{9410 + digits} {POSTCODE_LETTERS[letters]}"
            if code not in self._taken:
                return code


def _complexes(
    rng: np.random.Generator, villages: gpd.GeoDataFrame, ids: _Ids, postcodes: _Postcodes
) -> pd.DataFrame:
    """The corporations' existing stock as complexes of homes along streets."""
    rows = []
    used_streets: set[str] = set()
    for corporation, total in STOCK.items():
        in_actium = villages["wijkcode"].isin(ACTIUM_WIJKEN)
        weights = villages["weight"] * np.where(in_actium == (corporation == "Actium"), 1.0, 0.12)
        weights = (weights / weights.sum()).to_numpy()
        placed, number = 0, 0
        while placed < total:
            number += 1
            kind = str(rng.choice(HOME_TYPES, p=[0.6, 0.25, 0.15]))
            size = int(rng.integers(6, 41) if kind != "appartement" else rng.integers(12, 49))
            size = min(size, total - placed)
            buurt = villages.iloc[int(rng.choice(len(villages), p=weights))]
            bouwjaar = int(rng.integers(1950, 2019))
            while True:
                street = f"{rng.choice(STREET_STEMS)}{rng.choice(STREET_SUFFIXES)}"
                key = f"{buurt.wijkcode}:{street}"
                if key not in used_streets:
                    used_streets.add(key)
                    break
            points = _street_points(rng, buurt.geometry, size, stacked=kind == "appartement")
            complex_id = f"DEMO-{CORP_PREFIX[corporation]}-C{number:03d}"
            postcode = postcodes.next()
            _former_postcode_draw(rng)
            block_pand = ids.next_pand() if kind == "appartement" else None
            for i, point in enumerate(points):
                rows.append(
                    {
                        "home_id": ids.next_home(),
                        "corporation": corporation,
                        "complex_id": complex_id,
                        "pand_id": block_pand or ids.next_pand(),
                        "straat": street,
                        "postcode": postcode,
                        "huisnummer": i + 1,
                        "bouwjaar": bouwjaar,
                        "woningtype": kind,
                        "energielabel": _label_for_year(rng, bouwjaar),
                        "buurtcode": buurt.buurtcode,
                        "geometry": point,
                    }
                )
            placed += size
    return pd.DataFrame(rows)


def _status(rng: np.random.Generator, year: int) -> tuple[str, int | None]:
    """Measure status and completion year as seen in the demo's present (2026)."""
    if year < TODAY_YEAR:
        done = year + 1 if rng.random() < 0.1 else year
        return "gereed", done
    return ("gereed", year) if rng.random() < 0.5 else ("in-uitvoering", None)


def _assign(
    homes: pd.DataFrame,
    idx: list[int],
    measure: str,
    year: int,
    rng: np.random.Generator,
    heating_share: float,
) -> None:
    for i in idx:
        status, done = _status(rng, year)
        homes.loc[i, ["measure", "measure_year", "measure_status", "completed_year"]] = [
            measure,
            year,
            status,
            done,
        ]
        homes.loc[i, "heating_change"] = bool(rng.random() < heating_share)


def _pick(
    homes: pd.DataFrame,
    rng: np.random.Generator,
    corporation: str,
    count: int,
    order: pd.Series | None = None,
) -> list[int]:
    """Whole complexes first (works go per complex), worst labels first when ordered."""
    free = homes[(homes["corporation"] == corporation) & homes["measure"].isna()]
    complexes = free["complex_id"].unique().tolist()
    rng.shuffle(complexes)
    if order is not None:
        rank = free.groupby("complex_id")["energielabel"].agg(lambda s: order.reindex(s).mean())
        complexes = sorted(complexes, key=lambda c: -float(np.nan_to_num(rank[c])))
    chosen: list[int] = []
    for c in complexes:
        members = free.index[free["complex_id"] == c].tolist()
        chosen += members[: count - len(chosen)]
        if len(chosen) >= count:
            break
    return chosen


def _measures(homes: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    homes = homes.copy()
    for col in ("measure", "measure_status"):
        homes[col] = pd.Series([None] * len(homes), dtype=object)
    homes["measure_year"] = pd.Series([pd.NA] * len(homes), dtype="Int64")
    homes["completed_year"] = pd.Series([pd.NA] * len(homes), dtype="Int64")
    homes["heating_change"] = False
    worst_first = pd.Series(
        {
            lab: r
            for r, lab in enumerate(
                ("A++++", "A+++", "A++", "A+", "A", "B", "C", "D", "E", "F", "G")
            )
        }
    )
    for year in YEARS:  # Woonservice: 75 homes made sustainable per year
        _assign(
            homes,
            _pick(homes, rng, "Woonservice", 75, worst_first),
            "verduurzaming",
            year,
            rng,
            0.35,
        )
    for year, count in zip(YEARS, (22, 23, 23, 23), strict=True):  # Actium: 91 renovations
        _assign(homes, _pick(homes, rng, "Actium", count, worst_first), "renovatie", year, rng, 0.5)
    # Demolition goes for the oldest single-family complexes.
    old = homes[
        (homes["corporation"] == "Woonservice")
        & homes["measure"].isna()
        & (homes["woningtype"] == "eengezinswoning")
    ].sort_values(["bouwjaar", "complex_id"])
    demolish = old.index[:80].tolist()
    _assign(homes, demolish[:40], "sloop", 2024, rng, 0.0)
    _assign(homes, demolish[40:], "sloop", 2025, rng, 0.0)
    for corporation, count in (("Woonservice", 30), ("Actium", 20)):
        free = homes[
            (homes["corporation"] == corporation)
            & homes["measure"].isna()
            & (homes["woningtype"] == "eengezinswoning")
        ].index.to_numpy()
        picked = sorted(rng.choice(free, size=count, replace=False).tolist())
        for n, i in enumerate(picked):
            _assign(homes, [i], "verkoop", YEARS[n % len(YEARS)], rng, 0.0)
    return homes


def _new_builds(
    homes: pd.DataFrame,
    villages: gpd.GeoDataFrame,
    rng: np.random.Generator,
    ids: _Ids,
    postcodes: _Postcodes,
) -> pd.DataFrame:
    """Replacement homes on demolished sites, and Actium's 52 additions (48 fictief)."""
    rows = []
    demolished = homes[homes["measure"] == "sloop"]
    for _, old in demolished.iterrows():
        year = int(old["measure_year"]) + 1
        status, done = _status(rng, year)
        rows.append(
            {
                **{
                    k: old[k]
                    for k in ("corporation", "straat", "postcode", "huisnummer", "buurtcode")
                },
                "home_id": ids.next_home(),
                "complex_id": f"{old['complex_id']}-N",
                "pand_id": ids.next_pand(),
                "bouwjaar": year,
                "woningtype": old["woningtype"],
                "energielabel": "A+++",
                "measure": "nieuwbouw",
                "measure_year": year,
                "measure_status": status,
                "completed_year": done,
                "heating_change": True,
                "geometry": Point(old.geometry.x + 3, old.geometry.y + 3),
            }
        )
    smilde = villages[villages["buurtcode"] == "BU17310600"].iloc[0]
    located = _street_points(rng, smilde.geometry, 4, stacked=False)
    site_postcode = postcodes.next()
    for i in range(52):
        year = 2025 if i < 20 else 2026
        has_site = i < 4
        rows.append(
            {
                "home_id": ids.next_home(),
                "corporation": "Actium",
                "complex_id": "DEMO-AC-N001" if has_site else "DEMO-AC-FICTIEF",
                "pand_id": ids.next_pand() if has_site else None,
                "straat": "Nieuwe Esch" if has_site else None,
                "postcode": site_postcode if has_site else None,
                "huisnummer": i + 1 if has_site else pd.NA,
                "bouwjaar": year,
                "woningtype": "eengezinswoning" if has_site else None,
                "energielabel": None,
                "buurtcode": "BU17310600" if has_site else None,
                "measure": "nieuwbouw",
                "measure_year": year,
                "measure_status": "in-uitvoering" if has_site else "gepland",
                "completed_year": pd.NA,
                "heating_change": True,
                "geometry": located[i] if has_site else None,
            }
        )
    return pd.DataFrame(rows)


def corporation_homes(buurten: gpd.GeoDataFrame, rng: np.random.Generator) -> gpd.GeoDataFrame:
    """All corporation homes: the 3,239 of 1 January 2023 plus planned new builds."""
    ids = _Ids()
    villages = _village_buurten(buurten)
    postcodes = _Postcodes()
    homes = _measures(_complexes(rng, villages, ids, postcodes), rng)
    new = _new_builds(homes, villages, rng, ids, postcodes)
    homes = pd.concat([homes, new], ignore_index=True)
    columns = [
        "home_id",
        "corporation",
        "complex_id",
        "pand_id",
        "straat",
        "postcode",
        "huisnummer",
        "bouwjaar",
        "woningtype",
        "energielabel",
        "buurtcode",
        "measure",
        "measure_year",
        "measure_status",
        "completed_year",
        "heating_change",
    ]
    for col in ("huisnummer", "bouwjaar", "measure_year", "completed_year"):
        homes[col] = homes[col].astype("Int64")
    homes["heating_change"] = homes["heating_change"].astype(bool)
    return gpd.GeoDataFrame(homes[columns], geometry=list(homes["geometry"]), crs=buurten.crs)


def private_homes(
    buurten: gpd.GeoDataFrame, corp: gpd.GeoDataFrame, rng: np.random.Generator
) -> gpd.GeoDataFrame:
    """Owner-occupied and private rental homes with energy labels, around the villages."""
    rows = []
    ids = _Ids()
    n = 0
    villages = _village_buurten(buurten)
    corp_per_buurt = corp["buurtcode"].value_counts()
    postcodes = _Postcodes(taken=set(corp["postcode"].dropna()))
    for buurt in villages.itertuples():
        count = int(corp_per_buurt.get(buurt.buurtcode, 0) * 2.4 + 20 * buurt.weight + 10)
        while count > 0:
            size = min(count, int(rng.integers(6, 30)))
            street = f"{rng.choice(STREET_STEMS)}{rng.choice(STREET_SUFFIXES)}"
            postcode = postcodes.next()
            bouwjaar = int(rng.integers(1900, 2024))
            for i, point in enumerate(_street_points(rng, buurt.geometry, size, stacked=False)):
                n += 1
                _former_postcode_draw(rng)
                rows.append(
                    {
                        "home_id": f"DEMO-PH-{n:06d}",
                        "pand_id": ids.next_pand().replace("PND", "PPND"),
                        "straat": street,
                        "postcode": postcode,
                        "huisnummer": i + 1,
                        "bouwjaar": int(bouwjaar + rng.integers(0, 4)),
                        "woningtype": str(
                            rng.choice(
                                ["vrijstaand", "twee-onder-een-kap", "rijwoning", "appartement"],
                                p=[0.3, 0.25, 0.35, 0.1],
                            )
                        ),
                        "energielabel": _label_for_year(rng, bouwjaar)
                        if rng.random() > 0.3
                        else None,
                        "buurtcode": buurt.buurtcode,
                        "geometry": point,
                    }
                )
            count -= size
    frame = pd.DataFrame(rows)
    for col in ("huisnummer", "bouwjaar"):
        frame[col] = frame[col].astype("Int64")
    return gpd.GeoDataFrame(
        frame.drop(columns="geometry"), geometry=list(frame["geometry"]), crs=buurten.crs
    )


def holiday_parks(buurten: gpd.GeoDataFrame, rng: np.random.Generator) -> gpd.GeoDataFrame:
    """25 invented parks in the countryside buurten; 14 not vital."""
    rural = buurten[buurten["buurtcode"].str.endswith("09")].sort_values("buurtcode")
    weights = (rural.geometry.area / rural.geometry.area.sum()).to_numpy()
    classes = [c for c, k in VITALITY_COUNTS.items() for _ in range(k)]
    rng.shuffle(classes)
    names = list(PARK_NAMES)
    rows = []
    for i, vitality in enumerate(classes):
        buurt = rural.iloc[int(rng.choice(len(rural), p=weights))]
        units = int(rng.integers(20, 420))
        permanent = int(units * rng.uniform(0.02, 0.35 if vitality == "niet-vitaal" else 0.08))
        rows.append(
            {
                "park_id": f"DEMO-VP-{i + 1:02d}",
                "name": f"{PARK_PREFIXES[i % len(PARK_PREFIXES)]} {names[i]}",
                "vitality": vitality,
                "units": units,
                "permanent_residents": permanent,
                "target_group_households": int(permanent * rng.uniform(0.2, 0.6)),
                "geometry": _random_point_in(rng, buurt.geometry, inset=150),
            }
        )
    frame = pd.DataFrame(rows)
    return gpd.GeoDataFrame(
        frame.drop(columns="geometry"), geometry=list(frame["geometry"]), crs=buurten.crs
    )


def heat_phasing(wijken: gpd.GeoDataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Every wijk a period and strategy; one buurt overrides its wijk (Brunsting)."""
    plan = [
        (2022, 2025, "uitvoering"),
        (2026, 2030, "uitvoeringsplan"),
        (2031, 2035, "verkenning"),
        (2036, 2050, "verkenning"),
    ]
    order = wijken["wijkcode"].sort_values().tolist()
    phase_of = [0, 1, 1, 2, 3, 3, 0, 1, 2, 1, 2, 3, 2, 3, 3, 2, 3]
    rows = []
    for code, phase in zip(order, phase_of[: len(order)], strict=False):
        start, end, status = plan[phase]
        if phase == 0:
            strategy = "warmtenet" if code == "WK173100" else "hybride"
        elif phase == 3:
            strategy = str(rng.choice(["onbekend", "groengas", "all-electric"], p=[0.6, 0.2, 0.2]))
        else:
            strategy = str(
                rng.choice(
                    ["all-electric", "hybride", "warmtenet", "onbekend"], p=[0.4, 0.3, 0.1, 0.2]
                )
            )
        rows.append(
            {
                "area_code": code,
                "period_start": start,
                "period_end": end,
                "strategy": strategy,
                "plan_status": status,
            }
        )
    rows.append(
        {
            "area_code": "BU17310003",
            "period_start": 2022,
            "period_end": 2025,
            "strategy": "all-electric",
            "plan_status": "afgerond",
        }
    )
    return pd.DataFrame(rows)


def attention_areas(buurten: gpd.GeoDataFrame, corp: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A few liveability attention areas per year, with their history (seed decisions)."""
    counts = corp["buurtcode"].value_counts()
    candidates = [c for c in counts.index if c != "BU17310000"][:5]
    a, b, c, d, e = candidates
    timeline = [
        (a, 2023, "designated", "social|physical", "gemeente", "Wijkvisie 2023-2027 (DEMO)"),
        (b, 2023, "designated", "social|safety", "woonservice", ""),
        (c, 2023, "postponed", "physical", "actium", ""),
        (a, 2024, "designated", "social|physical", "gemeente", "Wijkvisie 2023-2027 (DEMO)"),
        (b, 2024, "designated", "social|safety", "woonservice", ""),
        (c, 2024, "designated", "physical", "actium", ""),
        (a, 2025, "designated", "social", "gemeente", "Wijkvisie 2023-2027 (DEMO)"),
        (b, 2025, "ended", "social|safety", "woonservice", ""),
        (c, 2025, "designated", "physical|safety", "actium", ""),
        (d, 2025, "designated", "social", "mevm", ""),
        (a, 2026, "designated", "social", "gemeente", "Wijkvisie 2023-2027 (DEMO)"),
        (c, 2026, "designated", "physical", "actium", "Buurtvisie in voorbereiding (DEMO)"),
        (d, 2026, "designated", "social|safety", "woonservice", ""),
        (e, 2026, "proposed", "social", "samensterk", ""),
    ]
    geom = buurten.set_index("buurtcode").geometry
    rows = [
        {
            "area_code": code,
            "area_kind": "buurt",
            "theme": "liveability",
            "year": year,
            "status": status,
            "reasons": reasons,
            "lead_party": lead,
            "vision": vision or None,
            "note": "DEMO — fictief besluit",
            "geometry": geom[code],
        }
        for code, year, status, reasons, lead, vision in timeline
    ]
    frame = pd.DataFrame(rows)
    frame["year"] = frame["year"].astype("Int64")
    return gpd.GeoDataFrame(
        frame.drop(columns="geometry"), geometry=list(frame["geometry"]), crs=buurten.crs
    )


def yearly_figures(rng: np.random.Generator) -> pd.DataFrame:
    """Monitoring figures that are not geometry (lettings, statushouders, senior homes)."""
    rows = []
    for year in YEARS:
        for corporation, stock in STOCK.items():
            lettings = int(stock * rng.uniform(0.06, 0.09))
            first = int(lettings * rng.uniform(0.70, 0.85))
            # Below the second cap includes below the first: the lettings between the
            # two caps come on top (never more than all lettings).
            between = int(lettings * rng.uniform(0.05, 0.12))
            rows += [
                (year, corporation, "lettings_total", lettings),
                (year, corporation, "lettings_below_first_cap", first),
                (year, corporation, "lettings_below_second_cap", min(first + between, lettings)),
                (year, corporation, "refugees_housed_persons", int(rng.integers(8, 40))),
                (year, corporation, "clustered_senior_homes_completed", int(rng.integers(0, 12))),
            ]
    return pd.DataFrame(rows, columns=["year", "corporation", "indicator", "value"])


def _write_geojson(gdf: gpd.GeoDataFrame, path: Path) -> None:
    # 0.1 m is finer than any position here; a fixed precision keeps the bytes stable.
    gdf.to_file(
        path,
        driver="GeoJSON",
        engine="pyogrio",
        layer_options={"COORDINATE_PRECISION": 1, "WRITE_NAME": "NO", "RFC7946": "NO"},
    )


def generate(out: Path, reference: Path = REFERENCE_DIR, seed: int = SEED) -> list[Path]:
    """Write the whole demo data directory to `out`; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    written = []
    for name in ("buurten", "wijken"):
        shutil.copyfile(reference / f"{name}.geojson", out / f"{name}.geojson")
        written.append(out / f"{name}.geojson")
    buurten = gpd.read_file(out / "buurten.geojson").sort_values("buurtcode").reset_index(drop=True)
    wijken = gpd.read_file(out / "wijken.geojson")
    corp = corporation_homes(buurten, rng)
    tables: dict[str, pd.DataFrame] = {
        "corporation_homes": corp,
        "private_homes": private_homes(buurten, corp, rng),
        "holiday_parks": holiday_parks(buurten, rng),
        "attention_areas": attention_areas(buurten, corp),
        "heat_phasing": heat_phasing(wijken, rng),
        "yearly_figures": yearly_figures(rng),
    }
    for name, frame in tables.items():
        if isinstance(frame, gpd.GeoDataFrame):
            path = out / f"{name}.geojson"
            _write_geojson(frame, path)
        else:
            path = out / f"{name}.csv"
            frame.to_csv(path, index=False, lineterminator="\n")
        written.append(path)
    cbs = Provenance(
        source="CBS Gebiedsindelingen 2022, gegeneraliseerd (cartomap/nl, via PDOK)",
        date="2022",
        licence="CC BY 4.0 (CBS / Kadaster)",
    )
    generated = Provenance(
        source=f"python -m geo demo (seed {seed})",
        date="2026",
        licence="CC0 (fictieve gegevens)",
        generated=True,
    )
    manifest = Manifest(
        municipality_code="GM1731",
        municipality_name="Midden-Drenthe",
        boundary_year=2022,
        demo=True,
        max_zoom=16,
        attribution="Grenzen: CBS / Kadaster 2022 (CC BY 4.0), gegeneraliseerd",
        tables={"buurten": cbs, "wijken": cbs, **{name: generated for name in tables}},
    )
    written.append(write_manifest(manifest, out))
    return written
