"""The data page: what is loaded and from where; for the facilitator, importing files
(checked on a copy first, replaced only on request) and choosing the data directory."""

from __future__ import annotations

import functools
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st

from geo.config import ENV_DATA, PROJECT_ROOT, Settings
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
from geo.info import describe
from ui import data, session
from ui.text import plain

Runner = Callable[[Path, Path, str], str]


def _run_boundaries(file: Path, target: Path, gemeente: str) -> str:
    report = boundaries.import_boundaries(target, gemeente, from_file=file)
    return f"{report.buurten} buurten, {report.wijken} wijken ({report.municipality_name})"


def _run_heat(file: Path, target: Path, _: str) -> str:
    return f"{len(heat_phasing.import_heat_phasing(file, target))} areas"


def _run_parks(file: Path, target: Path, _: str) -> str:
    osm = file.suffix.lower() in (".osm", ".pbf")
    return f"{len(holiday_parks.import_holiday_parks(file, target, osm=osm))} parks"


def _run_addresses(file: Path, target: Path, _: str) -> str:
    return f"{addresses.import_addresses(target, from_file=file).homes} homes (BAG)"


def _run_corporation(file: Path, target: Path, _: str, mapping: Path | None = None) -> str:
    # Without a mapping file the export uses our column names (see the README).
    report = corporation_homes.import_corporation_homes(target, file, mapping_file=mapping)
    return f"{report.homes} homes, {report.located} located through the BAG"


def _run_labels(file: Path, target: Path, _: str) -> str:
    report = labels.import_labels(file, target)
    return f"{report.rows_read} rows read, {report.homes_labelled} homes labelled"


RUNNERS: dict[str, tuple[Runner, list[str]]] = {
    "boundaries": (_run_boundaries, ["gpkg", "geojson", "json", "zip"]),
    "heat_phasing": (_run_heat, ["csv", "xlsx", "gpkg", "geojson", "json"]),
    "holiday_parks": (_run_parks, ["csv", "xlsx", "gpkg", "geojson", "json", "osm", "pbf"]),
    "addresses": (_run_addresses, ["gpkg"]),
    "corporation_homes": (_run_corporation, ["csv", "xlsx"]),
    "labels": (_run_labels, ["csv", "zip"]),
}


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


def _check_then_apply(directory: Path, imported_root: Path, lang: str) -> None:
    kind = st.selectbox(
        t("data.kind", lang), list(RUNNERS), format_func=lambda k: t(f"data.kind.{k}", lang)
    )
    runner, types = RUNNERS[kind]
    gemeente = ""
    if kind == "boundaries":
        gemeente = st.text_input(t("data.gemeente", lang), max_chars=6, placeholder="GM1731")
    if kind != "boundaries" and directory == data.DEMO_DIR.resolve():
        st.info(t("data.demo_readonly", lang))
        return
    if kind == "boundaries" and not re.fullmatch(r"GM\d{4}", gemeente.strip().upper()):
        st.caption(t("data.gemeente_needed", lang))
        return
    upload = st.file_uploader(t("data.file", lang), type=types, key=f"upload_{kind}")
    mapping = (
        st.file_uploader(t("data.mapping", lang), type=["toml"], key="upload_mapping")
        if kind == "corporation_homes"
        else None
    )
    if upload is None:
        return
    work = Path(tempfile.mkdtemp(prefix="afk-upload-"))
    try:
        file = work / Path(upload.name).name
        file.write_bytes(upload.getvalue())
        if mapping is not None:
            mapping_file = work / "mapping.toml"
            mapping_file.write_bytes(mapping.getvalue())
            runner = functools.partial(_run_corporation, mapping=mapping_file)
        # Boundaries start a new directory of their own; the rest change the active one.
        code = gemeente.strip().upper()
        target = imported_root / code if kind == "boundaries" else directory
        trial = work / "trial"
        if target.exists():
            shutil.copytree(target, trial)
        try:
            summary = runner(file, trial, code)
        except DataValidationError as exc:
            st.error(t("data.problems", lang, count=len(exc.problems)))
            st.code("\n".join(str(p) for p in exc.problems), language=None)
            return
        except AfsprakenkaartError as exc:
            st.error(plain(exc))
            return
        st.success(t("data.checked", lang, summary=plain(summary)))
        if st.button(t("data.apply", lang, target=plain(target)), type="primary"):
            runner(file, target, code)
            st.cache_resource.clear()
            st.success(t("data.applied", lang))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _choose_directory(settings: Settings, current: Path, lang: str) -> None:
    if data.fixed_by_environment():
        st.caption(t("data.fixed", lang, env=ENV_DATA))
        return
    root = data.imported_root(settings)
    options = [data.DEMO_DIR, *sorted(p for p in root.glob("*") if p.is_dir())]
    chosen = st.selectbox(
        t("data.active", lang),
        options,
        index=options.index(current) if current in options else 0,
        format_func=lambda p: (
            str(p.relative_to(PROJECT_ROOT)) if p.is_relative_to(PROJECT_ROOT) else str(p)
        ),
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
    _check_then_apply(directory, data.imported_root(settings), lang)
    st.subheader(t("data.active_title", lang))
    _choose_directory(settings, directory, lang)
