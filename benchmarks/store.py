"""The agreement-store benchmark: `python -m benchmarks --only store` (part of `make bench`).

10,000 realistic events for the demo municipality (proposals for buurten and wijken,
per theme and year 2023-2026, positions of the five parties over several rounds,
decisions, corrections and undos), generated with a fixed seed and appended through
`Store.append` in batches, by the facilitator, into
- a fresh SQLite file in a temporary directory, and
- a fresh PostGIS database on a throw-away server (tests/pg.py); skipped, with a line
  saying why, when PostgreSQL or PostGIS is not installed.

Figures per database, median (min) of N repeats after one unmeasured warm-up, the
databases taking turns so that other work on the machine hits both alike:
(a) read the events of one year: `Store.events(gemeentecode=..., year=Y)`;
(b) derive the state of that year: `geo.agreements.case_states` (target < 100 ms);
(c) (a) and (b) together;
(d) the attention layer from that state: `layers.attention_areas.LAYER.build` and
    folium's HTML render of a map holding only that group.
Plus, without a target, (e): what ui/store.py does on every write, read and derive
every year of the municipality at once.

The naive baseline, measured in the same run on the same databases, is what a
first version would write: one ORM query per case for its events, and a Python
loop per case that applies corrections and picks the last proposal, decision and
position row by row; its layer is a plain `folium.GeoJson` with a `GeoJsonPopup`
at full resolution (as in benchmarks/naive_app.py). Before anything is timed it is
checked once that the naive states equal case_states' (status, positions, version,
...), so the ratios compare like with like. Nothing printed is a constant.
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
import shapely
from sqlalchemy import select
from sqlalchemy.orm import Session

from geo.agreements import (
    DECIDED,
    RD_NEW,
    STATE_COLUMNS,
    Actor,
    Area,
    NewEvent,
    case_states,
    designated,
    new_event,
)
from geo.codes import POSITIONS, REASON_SEPARATOR, REASONS, THEMES
from geo.config import DEMO_DATA_DIR, Settings
from geo.dataset import Dataset, load_dataset
from geo.store import Store, open_store
from geo.store.tables import AreaEvent
from geo.workshop import area_of

EVENTS = 10_000
SEED = 20240611
REPEATS = 7
BATCH = 200
TARGET_DERIVE_MS = 100.0
YEARS = (2023, 2024, 2025, 2026)
FACILITATOR = Actor("facilitator", None, "Benchmark facilitator")
# How often a theme is on the table (weights for drawing the cases discussed).
THEME_WEIGHT = {"liveability": 5.0, "heat": 3.0, "meeliften": 2.0, "parks": 1.0, "other": 1.0}
METRICS = ("a_read", "b_derive", "c_read_derive", "d_layer", "e_all_years")
LABELS = {
    "a_read": "(a) read one year's events",
    "b_derive": "(b) derive its state (case_states)",
    "c_read_derive": "(c) read + derive",
    "d_layer": "(d) attention layer, build + render",
    "e_all_years": "(e) read + derive, all years (app)",
}
NAIVE_LABELS = {
    "a_read": "naive (a): one ORM query per case",
    "b_derive": "naive (b): Python loop per case",
    "c_read_derive": "naive (c): read + derive",
    "d_layer": "naive (d): GeoJson + GeoJsonPopup",
}
TARGETS = {"b_derive": TARGET_DERIVE_MS}


# ---------------------------------------------------------------------------
# The events: a fixed-seed workshop history.


@dataclass
class Spec:
    """One event to write; `target` is the global index of the event it supersedes."""

    area: Area
    theme: str
    year: int
    event_type: str
    values: dict[str, Any]
    target: int | None = None
    when: float = 0.0


@dataclass
class _Case:
    area: Area
    theme: str
    year: int
    specs: list[Spec] = field(default_factory=list)
    open: dict[int, Spec] = field(default_factory=dict)  # local index -> not superseded

    def add(self, spec: Spec) -> int:
        self.specs.append(spec)
        self.open[len(self.specs) - 1] = spec
        return len(self.specs) - 1


NOTES = (
    "Besproken in de werksessie; bewoners noemen verloedering rond het winkelplein.",
    "Corporatie wil eerst de schouw afwachten.",
    "Huurdersorganisatie: te weinig groen en onveilige looproutes 's avonds.",
    "Gemeente koppelt dit aan de wijkaanpak en het warmteplan.",
    "Afgesproken om in het voorjaar terug te komen met cijfers over leegstand.",
    None,
    None,
)
VISIONS = (
    "Samen met bewoners werken aan een schone, hele en veilige buurt: beheer van de "
    "openbare ruimte, aanpak van achterstallig onderhoud en een vast aanspreekpunt.",
    "Eerst de sociale basis op orde (buurtwerk, schuldhulp, ontmoeting), daarna "
    "verduurzaming en renovatie van de oudste rijwoningen in samenhang.",
    "Meeliften met de vervanging van het riool: herinrichting van straten, meer groen "
    "en wateropvang, tegelijk met isolatie van de corporatiewoningen.",
    None,
)


def _reasons(rng: random.Random) -> tuple[str, ...]:
    return tuple(r for r in REASONS if rng.random() < 0.5) or (rng.choice(REASONS),)


def _case_flow(rng: random.Random, case: _Case, parties: list[str]) -> None:
    """A case's events in the order they happen (positions, decisions, corrections)."""
    area, theme, year = case.area, case.theme, case.year

    def spec(kind: str, target: int | None = None, **values: Any) -> int:
        return case.add(Spec(area, theme, year, kind, values, target))

    def correct(local: int, **values: Any) -> int:
        original = case.open.pop(local)
        copied = {k: original.values.get(k) for k in ("party", "lead_party", "vision")}
        copied["reasons"] = original.values.get("reasons", ())
        copied["published"] = bool(original.values.get("published", False))
        # Written as the correction form does: the original's texts, new status/position.
        return spec("correction", local, note=rng.choice(NOTES), **(copied | values))

    lead = rng.choice(parties)
    proposal = spec(
        "proposal",
        status="proposed",
        party=lead,
        lead_party=lead,
        reasons=_reasons(rng),
        vision=rng.choice(VISIONS),
        note=rng.choice(NOTES),
        published=rng.random() < 0.4,
    )
    stated: dict[str, int] = {}
    rounds = rng.choice((1, 2, 2, 3))
    for round_ in range(rounds):
        for party in parties:
            if rng.random() < (0.9 if round_ == 0 else 0.35):
                stated[party] = spec(
                    "position",
                    party=party,
                    position=rng.choices(POSITIONS, (6, 2, 1, 2))[0],
                    note=rng.choice(NOTES),
                )
        if round_ == 0 and proposal in case.open and rng.random() < 0.25:
            proposal = correct(proposal, status="proposed", published=True)  # published
    decision = None
    if rng.random() < 0.8:
        status = rng.choices(DECIDED, (6, 2, 2, 1))[0]
        decision = spec(
            "decision",
            status=status,
            lead_party=lead if status == "designated" else None,
            reasons=_reasons(rng) if status == "designated" else (),
            vision=rng.choice(VISIONS),
            note=rng.choice(NOTES),
        )
        if status == "postponed" and rng.random() < 0.6:
            for party in parties:
                if rng.random() < 0.4:
                    stated[party] = spec("position", party=party, position="agree")
            decision = spec("decision", status="designated", lead_party=lead, reasons=_reasons(rng))
    # Corrections and undos, always of an event that still stands (as the UI offers).
    if decision is not None and rng.random() < 0.12:
        decision = correct(decision, status=rng.choice(DECIDED))
        if rng.random() < 0.25:
            decision = correct(decision, status=rng.choice(DECIDED))  # a chain
    if stated and rng.random() < 0.12:
        party, local = rng.choice(sorted(stated.items()))
        if local in case.open:
            stated[party] = correct(local, position=rng.choice(POSITIONS))
    if stated and rng.random() < 0.06:
        party, local = rng.choice(sorted(stated.items()))
        if local in case.open:
            correct(local)  # undo: no status, no position
    if decision is not None and decision in case.open and rng.random() < 0.04:
        correct(decision)  # undo of the decision
    if decision is None and proposal in case.open and rng.random() < 0.03:
        correct(proposal)  # undo of the proposal: the case disappears


def generate(dataset: Dataset, settings: Settings, count: int, seed: int) -> list[Spec]:
    """`count` events, in the order they were recorded; corrections point backwards."""
    rng = random.Random(seed)
    parties = sorted(settings.party_ids)
    codes = sorted(dataset.buurten["buurtcode"]) + sorted(dataset.wijken["wijkcode"])
    areas = {code: area_of(dataset, code) for code in codes}
    # Draw the cases discussed, liveability most often (weighted, without repeats).
    keyed = [
        (rng.random() ** (1 / THEME_WEIGHT[theme]), code, theme, year)
        for code in codes
        for theme in THEMES
        for year in YEARS
    ]
    keyed.sort(reverse=True)
    specs: list[Spec] = []
    for _, code, theme, year in keyed:
        case = _Case(areas[code], theme, year)
        _case_flow(rng, case, parties)
        # Workshops about a year happen mostly before and during it.
        start = (year - YEARS[0]) * 1.0 + rng.random() * 1.5
        offset = len(specs)
        when = start
        for spec in case.specs[: count - len(specs)]:
            when += rng.expovariate(40.0)
            spec.when = when
            spec.target = None if spec.target is None else offset + spec.target
            specs.append(spec)
        if len(specs) >= count:
            break
    if len(specs) < count:
        raise SystemExit(f"only {len(specs)} events fit the demo's cases; asked {count}")
    order = sorted(range(len(specs)), key=lambda i: specs[i].when)
    position = {old: new for new, old in enumerate(order)}
    out = [specs[i] for i in order]
    for spec in out:
        if spec.target is not None:
            spec.target = position[spec.target]
    return out


def write(store: Store, specs: list[Spec], parties: frozenset[str]) -> float:
    """Append `specs` in batches (a batch never holds what it corrects); seconds taken."""
    ids: list[int] = []
    batch: list[NewEvent] = []
    started = time.perf_counter()

    def flush() -> None:
        if batch:
            ids.extend(store.append(batch, FACILITATOR, parties).ids)
            batch.clear()

    for spec in specs:
        values = dict(spec.values)
        if spec.target is not None:
            if spec.target >= len(ids):
                flush()
            values["supersedes"] = ids[spec.target]
        batch.append(new_event(spec.area, spec.theme, spec.year, spec.event_type, **values))  # type: ignore[arg-type]
        if len(batch) >= BATCH:
            flush()
    flush()
    return time.perf_counter() - started


# ---------------------------------------------------------------------------
# The naive baseline: one query per case, a Python loop per case.


def naive_read(store: Store, gemeentecode: str, year: int) -> list[list[AreaEvent]]:
    """NAIVE: the year's case keys, then one ORM query per case for its events."""
    with Session(store.engine) as session:
        keys = session.scalars(
            select(AreaEvent.case_key)
            .where(AreaEvent.gemeentecode == gemeentecode, AreaEvent.year == year)
            .distinct()
        ).all()
        return [
            list(
                session.scalars(
                    select(AreaEvent).where(AreaEvent.case_key == key).order_by(AreaEvent.id)
                ).all()
            )
            for key in keys
        ]


def _has_geometry(geom: shapely.Geometry | None) -> bool:
    return geom is not None and not geom.is_empty


def naive_derive(cases: list[list[AreaEvent]]) -> gpd.GeoDataFrame:
    """NAIVE: per case, apply corrections and pick the latest of each kind row by row."""
    rows = []
    for events in cases:
        root: dict[int, int] = {}
        event_type: dict[int, str] = {}
        party_of: dict[int, str | None] = {}
        standing: dict[int, tuple[int, str, AreaEvent]] = {}  # id -> (seq, kind, event)
        version = 0
        for ev in events:  # oldest first
            version = max(version, ev.version)
            event_type[ev.id] = ev.event_type
            party_of[ev.id] = ev.party
            if ev.supersedes is not None:
                root[ev.id] = root.get(ev.supersedes, ev.supersedes)
                standing.pop(ev.supersedes, None)
            else:
                root[ev.id] = ev.id
            if ev.event_type == "correction" and ev.status is None and ev.position is None:
                continue  # an undo only removes
            seq = root[ev.id]
            standing[ev.id] = (seq, event_type[seq], ev)
        proposal = decision = last = shape = None
        latest_position: dict[str, AreaEvent] = {}
        for seq, kind, ev in sorted(standing.values(), key=lambda item: item[0]):
            last = ev
            if _has_geometry(ev.geometry):
                shape = ev.geometry
            if kind == "proposal":
                proposal = ev
            elif kind == "decision":
                decision = ev
            elif kind == "position":
                # A position's correction stays that party's, named again or not.
                latest_position[ev.party or party_of[seq]] = ev
        if proposal is None and decision is None:
            continue
        status = decision.status if decision is not None else "proposed"

        def pick(name: str, decision: Any = decision, proposal: Any = proposal) -> Any:
            value = getattr(decision, name) if decision is not None else None
            if value is None and proposal is not None:
                value = getattr(proposal, name)
            return value

        pairs = [f"{p}:{latest_position[p].position}" for p in sorted(latest_position)]
        rows.append(
            {
                "case_key": last.case_key,
                "area_key": last.area_key,
                "area_kind": last.area_kind,
                "area_code": last.area_code,
                "area_name": last.area_name,
                "gemeentecode": last.gemeentecode,
                "theme": last.theme,
                "year": int(last.year),
                "status": status,
                "reasons": pick("reasons"),
                "lead_party": pick("lead_party"),
                "vision": pick("vision"),
                "published": bool(proposal is not None and proposal.published)
                or decision is not None,
                "note": pick("note"),
                "decided_at": decision.created_at if decision is not None else None,
                "decided_by": decision.author if decision is not None else None,
                "positions": REASON_SEPARATOR.join(pairs) if pairs else None,
                "opposed": status == "designated"
                and any(p.position == "disagree" for p in latest_position.values()),
                "version": version,
                "geometry": shape,
            }
        )
    rows.sort(key=lambda r: (r["year"], r["theme"], r["area_key"]))
    if not rows:
        return gpd.GeoDataFrame(columns=STATE_COLUMNS, geometry="geometry", crs=RD_NEW)
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=RD_NEW)[STATE_COLUMNS]


COMPARED = (
    "case_key",
    "status",
    "positions",
    "opposed",
    "version",
    "published",
    "reasons",
    "lead_party",
    "vision",
    "note",
    "area_code",
)


def check_naive(ours: gpd.GeoDataFrame, naive: gpd.GeoDataFrame) -> None:
    """The naive states equal case_states' (not timed): else the ratios mean nothing."""

    def plain(frame: pd.DataFrame) -> list[tuple[Any, ...]]:
        cols = frame[list(COMPARED)].astype(object).where(frame[list(COMPARED)].notna(), None)
        wkb = [None if g is None else shapely.to_wkb(g, hex=True) for g in frame.geometry]
        return [(*row, g) for row, g in zip(cols.itertuples(index=False), wkb, strict=True)]

    a, b = plain(ours), plain(naive)
    if a != b:
        diff = next((x, y) for x, y in zip(a, b, strict=False) if x != y) if a and b else ()
        raise AssertionError(
            f"naive baseline disagrees with case_states ({len(a)} vs {len(b)} cases): {diff}"
        )


def naive_layer_html(states: gpd.GeoDataFrame, dataset: Dataset, year: int) -> str:
    """NAIVE: the designated areas as a folium.GeoJson with a GeoJsonPopup."""
    areas = designated(states, year).to_crs("EPSG:4326")
    m = _empty_map(dataset)
    if not areas.empty:
        fields = ["area_name", "year", "status", "reasons", "lead_party", "vision"]
        areas = areas[[*fields, "geometry"]].assign(year=areas["year"].astype(str))
        folium.GeoJson(
            areas.fillna(""),
            name="Aandachtsgebieden leefbaarheid",
            style_function=lambda _: {"color": "#B2182B", "weight": 4, "fillOpacity": 0.3},
            popup=folium.GeoJsonPopup(
                fields=fields, aliases=["Gebied", "Jaar", "Status", "Redenen", "Trekker", "Visie"]
            ),
        ).add_to(m)
    return m.get_root().render()


# ---------------------------------------------------------------------------
# Ours: what the app does.


def _empty_map(dataset: Dataset) -> folium.Map:
    from layers.elements import OfflineMap

    return OfflineMap(tiles=None, min_zoom=9, max_zoom=dataset.manifest.max_zoom)


def layer_html(states: gpd.GeoDataFrame, dataset: Dataset, settings: Settings, year: int) -> str:
    """The attention layer of `year` from `states`, rendered as folium renders it."""
    from layers.attention_areas import LAYER
    from layers.base import MapContext

    group = LAYER.build(MapContext(dataset, settings, year, agreements=states))
    m = _empty_map(dataset)
    group.add_to(m)
    return m.get_root().render()


# ---------------------------------------------------------------------------
# Measuring.


@dataclass
class Database:
    name: str
    store: Store
    write_s: float = 0.0
    times: dict[str, list[float]] = field(default_factory=dict)

    def record(self, key: str, ms: float) -> None:
        self.times.setdefault(key, []).append(ms)


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    started = time.perf_counter()
    value = fn()
    return (time.perf_counter() - started) * 1000, value


@contextmanager
def _postgres(skipped: list[str]) -> Iterator[str | None]:
    """A fresh PostGIS database URL, or None with the reason appended to `skipped`."""
    try:
        from tests import pg
    except ImportError as exc:
        skipped.append(f"tests/pg.py cannot be imported ({exc})")
        yield None
        return
    reason = pg.missing()
    if reason:
        skipped.append(reason)
        yield None
        return
    with ExitStack() as stack:
        try:
            server = stack.enter_context(pg.server())
            url = pg.fresh_database(server, f"bench_{uuid.uuid4().hex[:12]}")
        except Exception as exc:  # a server that does not start is a skip, not a crash
            skipped.append(f"the throw-away server did not start: {exc}")
            url = None
        yield url


def _loadavg() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def _stats(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def _rounds(
    dbs: list[Database], dataset: Dataset, settings: Settings, year: int, repeats: int
) -> None:
    code = dataset.manifest.municipality_code
    for rep in range(repeats + 1):  # round 0 is the unmeasured warm-up
        for db in dbs:
            store = db.store
            ms_a, events = _timed(lambda s=store: s.events(gemeentecode=code, year=year))
            ms_b, states = _timed(lambda e=events: case_states(e))
            ms_c, _ = _timed(lambda s=store: case_states(s.events(gemeentecode=code, year=year)))
            ms_d, html = _timed(lambda st=states: layer_html(st, dataset, settings, year))
            ms_e, _ = _timed(lambda s=store: case_states(s.events(gemeentecode=code)))
            ms_na, cases = _timed(lambda s=store: naive_read(s, code, year))
            ms_nb, naive = _timed(lambda c=cases: naive_derive(c))
            ms_nc, _ = _timed(lambda s=store: naive_derive(naive_read(s, code, year)))
            ms_nd, naive_html = _timed(lambda n=naive: naive_layer_html(n, dataset, year))
            if rep == 0:
                check_naive(states, naive)
                db.record("events", float(len(events)))
                db.record("cases", float(len(states)))
                db.record("layer_areas", float(len(designated(states, year))))
                db.record("layer_html_bytes", float(len(html)))
                db.record("naive_layer_html_bytes", float(len(naive_html)))
                continue
            for key, ms in zip(METRICS, (ms_a, ms_b, ms_c, ms_d, ms_e), strict=True):
                db.record(key, ms)
            for key, ms in zip(METRICS, (ms_na, ms_nb, ms_nc, ms_nd), strict=False):
                db.record(f"naive_{key}", ms)
            db.record("floor_empty_map", _timed(lambda: _empty_map(dataset).get_root().render())[0])
        print(f"  round {rep}/{repeats}{' (warm-up)' if rep == 0 else ''} done", flush=True)


def run(
    *, events: int = EVENTS, repeats: int = REPEATS, seed: int = SEED, postgres: bool = True
) -> dict[str, Any]:
    """Build both stores, measure, print the table; returns the figures (for JSON)."""
    started = time.perf_counter()
    load_start = _loadavg()
    settings = Settings()
    dataset = load_dataset(DEMO_DATA_DIR)
    code = dataset.manifest.municipality_code
    specs = generate(dataset, settings, events, seed)
    per_year = Counter(s.year for s in specs)
    year = max(YEARS, key=lambda y: (per_year[y], y))
    kinds = Counter(s.event_type for s in specs)
    undos = sum(
        1
        for s in specs
        if s.event_type == "correction" and "status" not in s.values and "position" not in s.values
    )
    print(
        f"  {len(specs):,} events for {code} (seed {seed}): "
        + ", ".join(f"{n:,} {k}s" for k, n in sorted(kinds.items()))
        + f" ({undos} of them undos); per year "
        + ", ".join(f"{y}: {per_year[y]:,}" for y in YEARS)
        + f"; measured year {year}",
        flush=True,
    )
    skipped: list[str] = []
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="afk-store-bench-")))
        urls = {"SQLite": f"sqlite:///{tmp / 'afsprakenkaart.db'}"}
        if postgres:
            pg_url = stack.enter_context(_postgres(skipped))
            if pg_url is not None:
                urls["PostgreSQL"] = pg_url
        else:
            skipped.append("--no-postgres was given")
        if skipped:
            print(f"  PostgreSQL column SKIPPED: {'; '.join(skipped)}", flush=True)
        dbs = []
        for name, url in urls.items():
            store = open_store(url)
            stack.callback(store.engine.dispose)
            db = Database(name, store)
            db.write_s = write(store, specs, settings.party_ids)
            stored = len(store.events(gemeentecode=code))
            if stored != len(specs):
                raise RuntimeError(f"{name}: {stored} events stored, {len(specs)} written")
            print(f"  {name}: {stored:,} events appended in {db.write_s:.1f} s", flush=True)
            dbs.append(db)
        _rounds(dbs, dataset, settings, year, repeats)
    result = _figures(dbs, specs, year, repeats, seed, skipped)
    result["duration_s"] = time.perf_counter() - started
    result["loadavg"] = [load_start, _loadavg()]
    _print(result)
    return result


def _figures(
    dbs: list[Database],
    specs: list[Spec],
    year: int,
    repeats: int,
    seed: int,
    skipped: list[str],
) -> dict[str, Any]:
    databases: dict[str, Any] = {}
    for db in dbs:
        t = db.times
        figures = {key: _stats(t[key]) | {"runs_ms": t[key]} for key in METRICS}
        naive = {
            key: _stats(t[f"naive_{key}"]) | {"runs_ms": t[f"naive_{key}"]} for key in METRICS[:4]
        }
        databases[db.name] = {
            "write_s": db.write_s,
            "events_in_year": int(t["events"][0]),
            "cases_in_year": int(t["cases"][0]),
            "layer_areas": int(t["layer_areas"][0]),
            "layer_html_bytes": int(t["layer_html_bytes"][0]),
            "naive_layer_html_bytes": int(t["naive_layer_html_bytes"][0]),
            "floor_empty_map_ms": _stats(t["floor_empty_map"]),
            "ours": figures,
            "naive": naive,
            "ratio_naive_over_ours": {
                key: naive[key]["median"] / figures[key]["median"] for key in naive
            },
            "verdict": {
                key: ("PASS" if figures[key]["median"] < target else "MISSED")
                for key, target in TARGETS.items()
            },
        }
    return {
        "events": len(specs),
        "seed": seed,
        "year": year,
        "repeats": repeats,
        "batch": BATCH,
        "targets_ms": TARGETS,
        "postgresql_skipped": "; ".join(skipped) or None,
        "databases": databases,
        "naive_check": "naive states equal case_states (case_key, "
        + ", ".join(COMPARED[1:])
        + ", geometry) on every database",
    }


def _cell(stats: dict[str, float] | None) -> str:
    if stats is None:
        return "skipped"
    return f"{stats['median']:.1f} ms ({stats['min']:.1f})"


def _print(result: dict[str, Any]) -> None:
    dbs = result["databases"]
    names = ("SQLite", "PostgreSQL")
    year = result["year"]
    first = next(iter(dbs.values()))
    print()
    print(
        f"Agreement store, {result['events']:,} events (seed {result['seed']}); year {year}: "
        f"{first['events_in_year']:,} events, {first['cases_in_year']} cases, "
        f"{first['layer_areas']} areas on the attention layer; median (min) of "
        f"{result['repeats']} runs after a warm-up; {os.cpu_count()} cores, load average "
        f"{result['loadavg'][0]:.1f} -> {result['loadavg'][1]:.1f}"
    )
    head = f"{'metric':<38}{'SQLite':>22}{'PostgreSQL':>22}{'target':>12}  result"
    print(head)
    print("-" * (len(head) + 16))

    def line(label: str, get: Callable[[dict[str, Any]], dict[str, float]], key: str) -> None:
        cells = [_cell(get(dbs[n]) if n in dbs else None) for n in names]
        target = TARGETS.get(key)
        verdict = ""
        if target is not None:
            verdict = ", ".join(f"{n} {dbs[n]['verdict'][key]}" for n in names if n in dbs)
        target_text = f"< {target:.0f} ms" if target is not None else "-"
        print(f"{label:<38}{cells[0]:>22}{cells[1]:>22}{target_text:>12}  {verdict}")

    for key in METRICS:
        line(LABELS[key], lambda d, k=key: d["ours"][k], key)
    for key in METRICS[:4]:
        line(NAIVE_LABELS[key], lambda d, k=key: d["naive"][k], "")
    print()
    for key in METRICS[:4]:
        ratios = ", ".join(
            f"{n} {dbs[n]['ratio_naive_over_ours'][key]:.1f}x" for n in names if n in dbs
        )
        print(f"ratio naive / ours {LABELS[key]}: {ratios}")
    for n in names:
        if n in dbs:
            d = dbs[n]
            print(
                f"{n}: {result['events']:,} events appended in {d['write_s']:.1f} s "
                f"({result['batch']} per append); "
                f"layer HTML {d['layer_html_bytes'] / 1000:.0f} kB (naive "
                f"{d['naive_layer_html_bytes'] / 1000:.0f} kB); an empty map alone renders in "
                f"{d['floor_empty_map_ms']['median']:.1f} ms"
            )
    if result["postgresql_skipped"]:
        print(f"PostgreSQL column SKIPPED: {result['postgresql_skipped']}")
    print(f"check (not timed): {result['naive_check']}")
    for n in names:
        for key, verdict in dbs.get(n, {}).get("verdict", {}).items():
            if verdict != "PASS":
                print(
                    f"MISSED {n} {LABELS[key]}: {dbs[n]['ours'][key]['median']:.1f} ms "
                    f">= {TARGETS[key]:.0f} ms"
                )
