"""The data page: what is loaded and from where; for the facilitator, importing files
(checked on a copy first, replaced only on request) and choosing the data directory."""

from __future__ import annotations

import functools
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from geo.config import ENV_DATA, PROJECT_ROOT, Settings, Sources
from geo.dataset import load_dataset
from geo.errors import AfsprakenkaartError, DataValidationError
from geo.i18n import t
from geo.importers import (
    addresses,
    boundaries,
    corporation_homes,
    heat_phasing,
    holiday_parks,
    labels,
)
from geo.importers.target import adopt, discard, trial_copy
from geo.info import describe
from ui import data, session
from ui.text import plain

Runner = Callable[[Path, Path, str, str], str]  # (file, target, gemeente, lang) -> summary


def _run_boundaries(file: Path, target: Path, gemeente: str, lang: str) -> str:
    report = boundaries.import_boundaries(target, gemeente, from_file=file)
    return _boundaries_summary(report, lang)


def _boundaries_summary(report: boundaries.BoundaryReport, lang: str) -> str:
    return t(
        "data.done.boundaries",
        lang,
        buurten=report.buurten,
        wijken=report.wijken,
        name=report.municipality_name,
    )


def _run_heat(file: Path, target: Path, _: str, lang: str) -> str:
    count = len(heat_phasing.import_heat_phasing(file, target))
    return t("data.done.heat_phasing", lang, count=count)


def _run_parks(file: Path, target: Path, _: str, lang: str) -> str:
    osm = file.suffix.lower() in (".osm", ".pbf")
    count = len(holiday_parks.import_holiday_parks(file, target, osm=osm))
    return t("data.done.holiday_parks", lang, count=count)


def _run_addresses(file: Path, target: Path, _: str, lang: str) -> str:
    report = addresses.import_addresses(target, from_file=file)
    return t("data.done.addresses", lang, count=report.homes)


def _run_corporation(
    file: Path, target: Path, _: str, lang: str, mapping: Path | None = None
) -> str:
    # Without a mapping file the export uses our column names (see the README).
    report = corporation_homes.import_corporation_homes(target, file, mapping_file=mapping)
    return t("data.done.corporation_homes", lang, count=report.homes, located=report.located)


def _run_labels(file: Path, target: Path, _: str, lang: str) -> str:
    report = labels.import_labels(file, target)
    return t("data.done.labels", lang, rows=report.rows_read, homes=report.homes_labelled)


RUNNERS: dict[str, tuple[Runner, list[str]]] = {
    "boundaries": (_run_boundaries, ["gpkg", "geojson", "json", "zip"]),
    "heat_phasing": (_run_heat, ["csv", "xlsx", "gpkg", "geojson", "json"]),
    "holiday_parks": (_run_parks, ["csv", "xlsx", "gpkg", "geojson", "json", "osm", "pbf"]),
    "addresses": (_run_addresses, ["gpkg"]),
    "corporation_homes": (_run_corporation, ["csv", "xlsx"]),
    "labels": (_run_labels, ["csv", "zip"]),
}
FETCHABLE = ("boundaries", "addresses")  # also from PDOK, as on the command line


def _loaded(directory: Path, lang: str) -> None:
    dataset = load_dataset(directory)
    described = describe(dataset)
    rows = []
    for name, layer in described["layers"].items():
        prov = dataset.manifest.tables.get(name)
        rows.append(
            {
                t("data.col.table", lang): name,
                t("data.col.count", lang): layer["count"],
                t("data.col.file", lang): layer["file"],
                t("data.col.source", lang): prov.source if prov else "",
                t("data.col.date", lang): prov.date if prov else "",
                t("data.col.licence", lang): prov.licence if prov else "",
            }
        )
    st.markdown(
        f"**{plain(dataset.manifest.municipality_name)}** ({dataset.manifest.municipality_code}), "
        f"{t('data.boundary_year', lang)} {dataset.manifest.boundary_year} · {plain(directory)}"
    )
    if dataset.manifest.demo:
        st.warning(t("demo.mark", lang))
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


@dataclass
class Trial:
    """An import run on a copy of its target, shown to the facilitator before the copy
    takes the target's place. Kept across reruns, so a file is checked once."""

    key: tuple[str, ...]  # what was imported: kind, source and options
    target: Path
    copy: Path | None  # None when the import found problems
    summary: str = ""
    problems: list[str] = field(default_factory=list)
    signature: tuple[tuple[str, int, int], ...] = ()  # the target's files at the check


TRIAL = "data_trial"
HANDLED = "data_handled"  # uploads whose check was applied or discarded: not again


def _path_text(path: Path) -> str:
    return str(path.relative_to(PROJECT_ROOT)) if path.is_relative_to(PROJECT_ROOT) else str(path)


def _drop_trial() -> None:
    trial = st.session_state.pop(TRIAL, None)
    if trial is not None and trial.copy is not None:
        discard(trial.copy)


def _handled(trial: Trial) -> None:
    """The file stays in the uploader: remember not to check it once more."""
    st.session_state.setdefault(HANDLED, set()).add(trial.key)


def _signature(target: Path) -> tuple[tuple[str, int, int], ...]:
    return data.signature(target) if target.exists() else ()


def _try(key: tuple[str, ...], target: Path, run: Callable[[Path], str], *, again: bool) -> None:
    """Run `run` on a trial copy of `target` unless this very import was tried already
    (`again`: try anyway, as after a failed download)."""
    current = st.session_state.get(TRIAL)
    if current is not None and current.key == key and not again:
        return
    _drop_trial()
    signature = _signature(target)
    copy = trial_copy(target)
    try:
        summary = run(copy)
    except DataValidationError as exc:
        discard(copy)
        st.session_state[TRIAL] = Trial(key, target, None, problems=[str(p) for p in exc.problems])
        return
    except AfsprakenkaartError as exc:
        discard(copy)
        st.session_state[TRIAL] = Trial(key, target, None, problems=[str(exc)])
        return
    st.session_state[TRIAL] = Trial(key, target, copy, summary, signature=signature)


def _show_trial(lang: str) -> None:
    """The pending import's report, and replacing the target with it on request."""
    trial: Trial | None = st.session_state.get(TRIAL)
    if trial is None:
        return
    if trial.copy is None:
        st.error(t("data.problems", lang, count=len(trial.problems)))
        st.code("\n".join(trial.problems), language=None)
        return
    st.success(t("data.checked", lang, summary=plain(trial.summary)))
    buttons = st.container(horizontal=True)
    apply = buttons.button(
        t("data.apply", lang, target=plain(_path_text(trial.target))), type="primary"
    )
    if buttons.button(t("data.discard", lang)):
        _handled(trial)
        _drop_trial()
        st.rerun()
    if not apply:
        return
    _handled(trial)
    if _signature(trial.target) != trial.signature:
        # Someone else imported into the same directory since the check.
        _drop_trial()
        st.error(t("data.changed_meanwhile", lang))
        return
    try:
        adopt(trial.copy, trial.target)
    except AfsprakenkaartError as exc:
        st.error(plain(exc))
        return
    finally:
        st.session_state.pop(TRIAL, None)
    st.cache_resource.clear()
    st.success(t("data.applied", lang))


def _progress(status: Any, lang: str) -> Callable[[int, int], None]:
    """Pages and features so far: PDOK's answers do not say how many there will be."""

    def report(page: int, features: int) -> None:
        status.update(label=t("data.fetching_page", lang, page=page, count=features))

    return report


def _fetch(kind: str, target: Path, code: str, sources: Sources, lang: str) -> None:
    """Fetching boundaries or addresses from PDOK, on request (it takes a while)."""
    year = 0
    if kind == "boundaries":
        year = int(
            st.number_input(
                t("data.year", lang),
                min_value=2013,
                max_value=date.today().year,
                value=2024,
                width=220,
            )
        )
    if not st.button(t("data.fetch", lang), type="primary"):
        return
    status = st.status(t("data.fetching", lang))
    progress = _progress(status, lang)
    if kind == "boundaries":

        def run(copy: Path) -> str:
            report = boundaries.import_boundaries(
                copy, code, year=year, api=sources.boundaries_api, progress=progress
            )
            return _boundaries_summary(report, lang)

    else:

        def run(copy: Path) -> str:
            report = addresses.import_addresses(copy, api=sources.bag_api, progress=progress)
            return t("data.done.addresses", lang, count=report.homes)

    _try((kind, "pdok", code, str(year)), target, run, again=True)
    failed = st.session_state[TRIAL].copy is None
    status.update(
        label=t("data.fetch_failed" if failed else "data.fetched", lang),
        state="error" if failed else "complete",
    )


def _upload(kind: str, target: Path, code: str, lang: str) -> None:
    runner, types = RUNNERS[kind]
    upload = st.file_uploader(t("data.file", lang), type=types, key=f"upload_{kind}")
    mapping = (
        st.file_uploader(t("data.mapping", lang), type=["toml"], key="upload_mapping")
        if kind == "corporation_homes"
        else None
    )
    if upload is None:
        return
    key = (kind, "upload", code, upload.file_id, mapping.file_id if mapping else "")
    if key in st.session_state.get(HANDLED, set()):
        st.caption(t("data.upload_done", lang))
        return
    work = Path(tempfile.mkdtemp(prefix="afk-upload-"))
    try:
        file = work / Path(upload.name).name
        file.write_bytes(upload.getvalue())
        if mapping is not None:
            mapping_file = work / "mapping.toml"
            mapping_file.write_bytes(mapping.getvalue())
            runner = functools.partial(_run_corporation, mapping=mapping_file)
        with st.spinner(t("data.checking", lang)):
            _try(key, target, lambda copy: runner(file, copy, code, lang), again=False)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _import(directory: Path, imported_root: Path, sources: Sources, lang: str) -> None:
    kind = st.selectbox(
        t("data.kind", lang), list(RUNNERS), format_func=lambda k: t(f"data.kind.{k}", lang)
    )
    code = ""
    if kind == "boundaries":
        code = st.text_input(t("data.gemeente", lang), max_chars=6, placeholder="GM1731", width=220)
        code = code.strip().upper()
    if kind != "boundaries" and directory == data.DEMO_DIR.resolve():
        st.info(t("data.demo_readonly", lang))
        return
    if kind == "boundaries" and not re.fullmatch(r"GM\d{4}", code):
        st.caption(t("data.gemeente_needed", lang))
        return
    # Boundaries start a new directory of their own; the rest change the active one.
    target = imported_root / code if kind == "boundaries" else directory
    source = "upload"
    if kind in FETCHABLE:
        source = st.radio(
            t("data.source", lang),
            ["upload", "pdok"],
            horizontal=True,
            format_func=lambda v: t(f"data.source.{v}", lang),
        )
    if source == "pdok":
        _fetch(kind, target, code, sources, lang)
    else:
        _upload(kind, target, code, lang)
    _show_trial(lang)


def _choose_directory(settings: Settings, current: Path, lang: str) -> None:
    if data.fixed_by_environment():
        st.caption(t("data.fixed", lang, env=ENV_DATA))
        return
    root = data.imported_root(settings)
    # Names starting with "." are imports in progress or waiting for a check.
    found = (p for p in root.glob("*") if p.is_dir() and not p.name.startswith("."))
    options = [data.DEMO_DIR, *sorted(found)]
    chosen = st.selectbox(
        t("data.active", lang),
        options,
        index=options.index(current) if current in options else 0,
        format_func=_path_text,
    )
    if chosen != current and st.button(t("data.switch", lang)):
        data.set_active_directory(settings, chosen)
        st.rerun()


def render() -> None:
    """Loaded data for everyone; importing and switching for the facilitator."""
    lang = session.language()
    from ui import pages  # here: ui.pages imports this module

    st.page_link(pages.MAP, label=f"← {t('app.title', lang)}")
    st.title(t("data.title", lang))
    try:
        settings = data.settings()
        directory = settings.data_dir.resolve()
        _loaded(directory, lang)
    except AfsprakenkaartError as exc:
        st.error(plain(exc))
        return
    if session.actor().role != "facilitator":
        st.info(t("data.facilitator_only", lang))
        return
    st.subheader(t("data.import", lang))
    _import(directory, data.imported_root(settings), settings.sources, lang)
    st.subheader(t("data.active_title", lang))
    _choose_directory(settings, directory, lang)
