"""The agreement store for the app: opened once per database, read once per change."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import streamlit as st

from geo.agreements import Actor, case_states, visible_to
from geo.config import Settings
from geo.dataset import Dataset
from geo.store import Store, open_store
from geo.workshop import seed_store


@dataclass(frozen=True)
class Agreements:
    """The events of a municipality and the state derived from them (shared: read only)."""

    events: gpd.GeoDataFrame
    states: gpd.GeoDataFrame

    def for_actor(self, actor: Actor) -> Agreements:
        """What `actor` may read: viewers only decided and published cases."""
        states = visible_to(self.states, actor)
        if len(states) == len(self.states):
            return self
        return Agreements(self.events[self.events["case_key"].isin(states["case_key"])], states)


@st.cache_resource(show_spinner=False, max_entries=2)
def _store(url: str) -> Store:
    return open_store(url)


def store(settings: Settings, ds: Dataset) -> Store:
    """The store of the configured database, with the data directory's seed loaded."""
    opened = _store(settings.database_url)
    seed_store(opened, ds, settings)  # one primary-key lookup once seeded
    return opened


@st.cache_resource(show_spinner=False, max_entries=8)
def _agreements(_store: Store, url: str, municipality: str, head: int) -> Agreements:
    # Keyed on the newest event id: a write anywhere gives a fresh read, and all
    # sessions share one derivation per change.
    events = _store.events(gemeentecode=municipality)
    return Agreements(events, case_states(events))


def agreements(settings: Settings, ds: Dataset, opened: Store) -> Agreements:
    """Everything recorded for the municipality of `ds` (filter with `for_actor`)."""
    code = ds.manifest.municipality_code
    return _agreements(opened, settings.database_url, code, opened.head())
