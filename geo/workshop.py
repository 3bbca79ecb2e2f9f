"""The agreement workflow on a dataset: its areas, its seed decisions, its state.

Joins the data directory (boundaries, the seed file `attention_areas`) to the
store, so the UI, the command line and the layers ask one place for "what is
agreed about which area".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import geopandas as gpd
import pandas as pd

from geo.agreements import (
    EVENT_COLUMNS,
    RD_NEW,
    Actor,
    Area,
    NewEvent,
    case_states,
    empty_events,
    new_event,
)
from geo.codes import split_reasons
from geo.config import Settings
from geo.dataset import Dataset
from geo.store import Store

SEED_TABLE = "attention_areas"
SEED_ACTOR = Actor("facilitator", None, f"seed file {SEED_TABLE}")


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def area_of(dataset: Dataset, code: str) -> Area:
    """The buurt or wijk with CBS `code`, with a snapshot of its boundary."""
    kind, table, name_col = (
        ("buurt", dataset.buurten, "buurtnaam")
        if code.startswith("BU")
        else ("wijk", dataset.wijken, "wijknaam")
    )
    code_col = f"{kind}code"
    rows = table[table[code_col] == code]
    if rows.empty:
        raise KeyError(f"{code} is not a buurt or wijk of {dataset.manifest.municipality_name}")
    row = rows.iloc[0]
    return Area(
        kind,
        code,
        str(row[name_col]),
        row.geometry,
        dataset.manifest.municipality_code,
        dataset.manifest.boundary_year,
    )


def seed_events(dataset: Dataset) -> list[NewEvent]:
    """The seed file's rows as events: a decision (or a proposal while `proposed`)."""
    seeds = dataset.attention_areas
    names = dict(zip(dataset.buurten["buurtcode"], dataset.buurten["buurtnaam"], strict=True))
    names.update(zip(dataset.wijken["wijkcode"], dataset.wijken["wijknaam"], strict=True))
    out = []
    for i, row in enumerate(seeds.to_dict("records")):
        code = _text(row.get("area_code"))
        kind = str(row.get("area_kind") or ("drawn" if code is None else "buurt"))
        geometry = row.get("geometry")
        area = Area(
            kind,
            code,
            str(names.get(code, code or f"{SEED_TABLE} {i + 1}")),
            geometry,
            dataset.manifest.municipality_code,
            dataset.manifest.boundary_year,
            drawn_id=f"{SEED_TABLE}-{i + 1}" if kind == "drawn" else None,
        )
        status = str(row["status"])
        out.append(
            new_event(
                area,
                str(row["theme"]),
                int(row["year"]),
                "proposal" if status == "proposed" else "decision",
                status=status,
                reasons=split_reasons(row.get("reasons")),
                lead_party=_text(row.get("lead_party")),
                vision=_text(row.get("vision")),
                note=_text(row.get("note")),
                published=True,
            )
        )
    return out


def seed_key(dataset: Dataset) -> str:
    return f"{dataset.manifest.municipality_code}/{SEED_TABLE}"


def seed_store(store: Store, dataset: Dataset, settings: Settings) -> int:
    """Load the seed decisions into the store once per municipality (exactly once,
    also when several processes start together). Returns the events written."""
    key = seed_key(dataset)
    if store.seeded(key):
        return 0
    events = seed_events(dataset)
    leads = {e.lead_party for e in events if e.lead_party}
    written = store.append(events, SEED_ACTOR, settings.party_ids | leads, seed_key=key)
    return len(written.ids)


def events_frame(events: Sequence[NewEvent], actor: Actor = SEED_ACTOR) -> gpd.GeoDataFrame:
    """New events as the store would return them (for state without a database)."""
    if not events:
        return empty_events()
    now = datetime.now(UTC)
    versions: dict[str, int] = {}
    rows = []
    for i, ev in enumerate(events, start=1):
        versions[ev.case_key] = versions.get(ev.case_key, 0) + 1
        rows.append({**ev.record(actor, now, versions[ev.case_key], "memory"), "id": i})
    frame = pd.DataFrame(rows)[EVENT_COLUMNS]
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=RD_NEW)


def seed_states(dataset: Dataset) -> gpd.GeoDataFrame:
    """The state the seed file alone gives (before the store has it, and in tests)."""
    return case_states(events_frame(seed_events(dataset)))


def store_states(store: Store, dataset: Dataset) -> gpd.GeoDataFrame:
    """The current state of every area of the dataset's municipality in the store."""
    return case_states(store.events(gemeentecode=dataset.manifest.municipality_code))
