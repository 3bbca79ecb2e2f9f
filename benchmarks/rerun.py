"""Server time per rerun when the year changes, with streamlit.testing.v1.AppTest.

Each page is run once first (imports, data cache, first render); then its year
alternates between two years and every `at.run()` is timed: the whole script run
including st_folium's rendering of the map into the component's arguments,
without a browser or a websocket. The pages take turns (ours, naive, floor, ours,
...) so that other work on the machine hits them alike.
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.testing.v1 import AppTest

COMPONENT = "streamlit_folium.st_folium"


@dataclass
class RerunResult:
    first_run_ms: float
    reruns_ms: list[float] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    args_bytes: dict[int, int] = field(default_factory=dict)  # st_folium args JSON, per year
    args_parts: dict[str, int] = field(default_factory=dict)  # its largest parts, last run
    map_changes: bool = False  # the two years give different map arguments (a check)


def _component_json(at: AppTest) -> str:
    found = [c for c in at.get("component_instance") if c.proto.component_name == COMPONENT]
    if len(found) != 1:
        raise RuntimeError(f"expected one {COMPONENT}, found {len(found)}")
    return str(found[0].proto.json_args)


def _set_year(at: AppTest, year: int) -> None:
    for widgets in (at.segmented_control, at.selectbox):
        try:
            widget = widgets(key="year")
        except KeyError:
            continue
        widget.set_value(year)
        return
    raise RuntimeError("no year widget with key 'year'")


def _stable(args_json: str) -> str:
    """The arguments without folium's random element ids."""
    return re.sub(r"_[0-9a-f]{32}", "", args_json)


class _Page:
    def __init__(self, script: Path):
        self.script = script
        self.at = AppTest.from_file(str(script), default_timeout=300)
        self.raw: dict[int, str] = {}
        started = time.perf_counter()
        self._run()
        self.result = RerunResult(first_run_ms=(time.perf_counter() - started) * 1000)

    def _run(self) -> None:
        self.at.run()
        if self.at.exception:
            raise RuntimeError(f"{self.script.name}: {self.at.exception[0].message}")

    def change(self, year: int) -> None:
        _set_year(self.at, year)
        started = time.perf_counter()
        self._run()
        self.result.reruns_ms.append((time.perf_counter() - started) * 1000)
        self.result.years.append(year)
        text = _component_json(self.at)
        self.raw[year] = text
        self.result.args_bytes[year] = len(text.encode())

    def finish(self) -> RerunResult:
        last = json.loads(self.raw[self.result.years[-1]])
        self.result.args_parts = {
            k: len(json.dumps(v).encode()) for k, v in last.items() if len(json.dumps(v)) > 200
        }
        self.result.map_changes = len({_stable(t) for t in self.raw.values()}) > 1
        return self.result


def time_reruns(
    scripts: dict[str, Path], years: tuple[int, int], changes: dict[str, int]
) -> dict[str, RerunResult]:
    """Per page: one run, then `changes[name]` year changes, alternating `years`."""
    os.environ["AFSPRAKENKAART_OFFLINE"] = "1"
    pages = {}
    for name, script in scripts.items():
        print(f"  AppTest {name}: first run ...", flush=True)
        pages[name] = _Page(script)
    for i in range(max(changes.values())):
        for name, page in pages.items():
            if i < changes[name]:
                page.change(years[i % 2])
    return {name: page.finish() for name, page in pages.items()}
