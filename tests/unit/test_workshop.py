"""The agreement workflow on the demo dataset: its areas and its seed decisions."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.agreements import designated
from geo.codes import split_reasons
from geo.dataset import Dataset
from geo.workshop import SEED_ACTOR, area_of, seed_events, seed_states


def _text(value: object) -> str | None:
    return None if pd.isna(value) or not str(value).strip() else str(value).strip()


def test_seed_events_follow_the_seed_file_row_for_row(demo_dataset: Dataset) -> None:
    seeds = demo_dataset.attention_areas
    events = seed_events(demo_dataset)
    assert len(events) == len(seeds) > 0
    names = dict(
        zip(demo_dataset.buurten["buurtcode"], demo_dataset.buurten["buurtnaam"], strict=True)
    )
    manifest = demo_dataset.manifest
    for line, (row, event) in enumerate(
        zip(seeds.to_dict("records"), events, strict=True), start=2
    ):
        where = f"attention_areas line {line}"
        assert event.area_code == row["area_code"], where
        assert event.area_key == f"{row['area_kind']}:{row['area_code']}", where
        assert event.area_name == names[row["area_code"]], where
        assert (event.theme, event.year, event.status) == (
            row["theme"],
            row["year"],
            row["status"],
        ), where
        expected_type = "proposal" if row["status"] == "proposed" else "decision"
        assert event.event_type == expected_type, where
        assert event.reasons == split_reasons(row["reasons"]), where
        assert event.lead_party == _text(row["lead_party"]), where
        assert event.vision == _text(row["vision"]), where
        assert event.note == _text(row["note"]), where
        assert event.geometry.equals(row["geometry"]), where
        assert (event.gemeentecode, event.boundary_year) == (
            manifest.municipality_code,
            manifest.boundary_year,
        ), where
        assert event.published, where


def test_the_seed_has_every_kind_of_row(demo_dataset: Dataset) -> None:
    # Otherwise the row-for-row test above would prove less than it says.
    events = seed_events(demo_dataset)
    assert {e.event_type for e in events} == {"proposal", "decision"}
    assert any(e.vision for e in events) and any(e.vision is None for e in events)
    assert any(len(e.reasons) > 1 for e in events)


def test_seed_states_designate_what_the_file_designates(demo_dataset: Dataset) -> None:
    seeds = demo_dataset.attention_areas
    states = seed_states(demo_dataset)
    assert len(states) == len(seeds.drop_duplicates(["area_code", "theme", "year"]))
    for year in sorted(seeds["year"].unique()):
        rows = seeds[(seeds["year"] == year) & (seeds["status"] == "designated")]
        got = designated(states, int(year))
        assert sorted(got["area_code"]) == sorted(rows["area_code"]), year
        lead = dict(zip(got["area_code"], got["lead_party"], strict=True))
        assert lead == dict(zip(rows["area_code"], rows["lead_party"], strict=True)), year
    for row in seeds.to_dict("records"):
        state = states[(states["area_code"] == row["area_code"]) & (states["year"] == row["year"])]
        assert list(state["status"]) == [row["status"]]
    assert set(states["decided_by"].dropna()) == {SEED_ACTOR.author}
    assert states["published"].all()


def test_area_of_a_buurt(demo_dataset: Dataset) -> None:
    row = demo_dataset.buurten.iloc[3]
    area = area_of(demo_dataset, row["buurtcode"])
    assert (area.kind, area.code, area.name) == ("buurt", row["buurtcode"], row["buurtnaam"])
    assert area.key == f"buurt:{row['buurtcode']}"
    assert area.geometry.equals(row.geometry)
    assert area.gemeentecode == demo_dataset.manifest.municipality_code
    assert area.boundary_year == demo_dataset.manifest.boundary_year


def test_area_of_a_wijk(demo_dataset: Dataset) -> None:
    row = demo_dataset.wijken.iloc[1]
    area = area_of(demo_dataset, row["wijkcode"])
    assert (area.kind, area.code, area.name) == ("wijk", row["wijkcode"], row["wijknaam"])
    assert area.key == f"wijk:{row['wijkcode']}"
    assert area.geometry.equals(row.geometry)


@pytest.mark.parametrize("code", ["BU99999999", "WK999999", "GM1731", ""])
def test_area_of_an_unknown_code(demo_dataset: Dataset, code: str) -> None:
    with pytest.raises(KeyError, match=demo_dataset.manifest.municipality_name):
        area_of(demo_dataset, code)
