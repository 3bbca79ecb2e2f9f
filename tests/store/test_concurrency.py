"""Several OS processes write to one store at once, as the laptops of a workshop do.

Each writer follows the optimistic protocol the UI uses: record with the version its
screen shows; on a ConflictError reload (read the version again) and record again.
Afterwards nothing may be lost or stored twice, the versions of every case must run
1..n without gaps, and the state must show the decision written last. Both databases.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import sys
import time
import types
import uuid
from collections import Counter
from collections.abc import Iterator
from multiprocessing.pool import Pool

import pytest
from shapely.geometry import box

from geo.agreements import DECIDED, Actor, Area, ConflictError, case_states, new_event
from geo.config import Settings
from geo.dataset import Dataset
from geo.store import open_store
from geo.workshop import seed_events, seed_key, seed_states, seed_store, store_states

PROCESSES = 6
DECISIONS = 20  # per process
SHARED = 3  # cases every process writes to (besides one case of its own)
MAX_TRIES = 500
TIMEOUT_S = 120  # a deadlock fails the test instead of hanging the run
PARTIES = frozenset({"gemeente", "actium", "mevm"})
NAMESPACE = uuid.UUID("6f1d7a52-1c55-4c8e-9a57-0a3c8f0c3b11")


def _area(n: int) -> Area:
    return Area(
        "buurt", f"BU1731{n:04d}", f"Buurt {n}", box(n * 100, 0, n * 100 + 90, 90), "GM1731"
    )


def _uid(note: str) -> str:
    return str(uuid.uuid5(NAMESPACE, note))


def _plan(proc: int) -> list[tuple[int, str, str]]:
    """(area number, status, note) of every decision process `proc` records, in order.

    Even decisions go to the shared cases (decision 0 of every process to the first),
    odd ones to the process's own case.
    """
    plan = []
    for j in range(DECISIONS):
        area = (j // 2) % SHARED if j % 2 == 0 else SHARED + proc
        plan.append((area, DECIDED[(proc + j) % len(DECIDED)], f"p{proc}-d{j}"))
    return plan


def _wait_until(moment: float) -> None:
    time.sleep(max(0.0, moment - time.time()))


def _pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def _decide(url: str, proc: int, start_at: float) -> tuple[int, list[tuple[str, int, str, str]]]:
    """Record this process's decisions; returns (conflicts, [(case, version, status, note)])."""
    store = open_store(url)
    actor = Actor("facilitator", None, f"laptop {proc}")
    seen: dict[str, int] = {}  # the version this laptop's screen shows; all loaded an empty store
    conflicts, written = 0, []
    _wait_until(start_at)
    for area, status, note in _plan(proc):
        event = new_event(
            _area(area),
            "liveability",
            2024,
            "decision",
            status=status,
            note=note,
            event_uid=_uid(note),
        )
        key = event.case_key
        for _ in range(MAX_TRIES):
            try:
                result = store.append([event], actor, PARTIES, {key: seen.get(key, 0)})
                break
            except ConflictError:
                conflicts += 1
                seen[key] = store.versions([key])[key]  # reload, then record again
        else:
            raise AssertionError(f"{note}: still conflicting after {MAX_TRIES} tries")
        seen[key] = result.versions[key]
        written.append((key, result.versions[key], status, note))
    store.engine.dispose()
    return conflicts, written


def _seed(url: str, dataset: Dataset, settings: Settings, start_at: float) -> int:
    store = open_store(url)
    _wait_until(start_at)
    written = seed_store(store, dataset, settings)
    store.engine.dispose()
    return written


@pytest.fixture(scope="module")
def pool() -> Iterator[Pool]:
    """Worker processes, started once for the module.

    Forked from a fresh interpreter (multiprocessing's forkserver) that imported the
    application once: separate processes with connections of their own, as other
    servers are, without six interpreters importing geopandas at the same time.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    # A new process runs the parent's __main__ file first. After an AppTest in this
    # pytest process, __main__ is AppTest's script (`compare_app(*__args, **__kwargs)`):
    # every worker died on its NameError and the pool waited until pytest-timeout.
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
        with context.Pool(PROCESSES) as workers:
            pids: set[int] = set()
            while len(pids) < PROCESSES:  # every worker up and importing done
                pids |= set(workers.map(_pid_after, [0.2] * PROCESSES, chunksize=1))
            yield workers


def test_concurrent_decisions_are_each_stored_once_in_order(pool: Pool, store_url: str) -> None:
    store = open_store(store_url)  # creates the schema before the workshop starts
    start_at = time.time() + 0.5
    tasks = [(store_url, proc, start_at) for proc in range(PROCESSES)]
    results = pool.starmap_async(_decide, tasks, chunksize=1).get(timeout=TIMEOUT_S)
    conflicts = sum(c for c, _ in results)
    reports = [r for _, written in results for r in written]

    events = store.events()
    # Every decision exactly once, nothing else.
    planned = [note for proc in range(PROCESSES) for _, _, note in _plan(proc)]
    assert Counter(events["note"]) == Counter(planned)
    assert sorted(events["note"]) == sorted({r[3] for r in reports})

    # Per case, versions 1..n without gaps; the store and every writer agree on them.
    by_case = events.groupby("case_key")["version"].apply(sorted)
    assert len(by_case) == SHARED + PROCESSES
    for key, versions in by_case.items():
        assert versions == list(range(1, len(versions) + 1)), key
    assert store.versions(list(by_case.index)) == {k: len(v) for k, v in by_case.items()}
    stored = {
        (k, int(v)): n
        for k, v, n in zip(events["case_key"], events["version"], events["note"], strict=True)
    }
    assert {(k, v): n for k, v, _, n in reports} == stored

    # The state shows, per case, the decision written last.
    last = {}
    for key, _version, status, _ in sorted(reports, key=lambda r: r[1]):
        last[key] = status
    states = case_states(events).set_index("case_key")
    assert states["status"].to_dict() == last
    assert states["version"].to_dict() == {k: len(v) for k, v in by_case.items()}

    # Every laptop loaded version 0 of the first shared case: only one could win with it.
    assert conflicts >= PROCESSES - 1
    store.engine.dispose()


def test_the_seed_is_stored_once_when_processes_start_together(
    pool: Pool, store_url: str, demo_dataset: Dataset, demo_settings: Settings
) -> None:
    store = open_store(store_url)
    tables = {t: demo_dataset.tables[t] for t in ("buurten", "wijken", "attention_areas")}
    dataset = dataclasses.replace(demo_dataset, tables=tables)  # what seeding reads
    start_at = time.time() + 0.5
    tasks = [(store_url, dataset, demo_settings, start_at)] * PROCESSES
    written = pool.starmap_async(_seed, tasks, chunksize=1).get(timeout=TIMEOUT_S)
    expected = len(seed_events(demo_dataset))
    assert sorted(written) == [0] * (PROCESSES - 1) + [expected]
    assert store.seeded(seed_key(demo_dataset))
    events = store.events()
    assert len(events) == expected
    states = store_states(store, demo_dataset)
    assert set(states["version"]) == {1}
    wanted = seed_states(demo_dataset)
    assert dict(zip(states["case_key"], states["status"], strict=True)) == dict(
        zip(wanted["case_key"], wanted["status"], strict=True)
    )
    store.engine.dispose()
