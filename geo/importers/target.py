"""Writing imported tables into a data directory: all or nothing.

An importer stages its tables in a fresh copy of the data directory, the copy is
validated as a whole (geo.dataset.load_dataset), and only then does it take the
directory's place. A failed validation, an exception or a killed process leaves the
data directory exactly as it was; the staging copy is removed.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.dataset import load_dataset
from geo.errors import DataValidationError
from geo.manifest import MANIFEST, Manifest, Provenance, read_manifest, write_manifest
from geo.schemas import TABLES_BY_NAME

RD_NEW = "EPSG:28992"


@dataclass
class Staging:
    """The staged copy of a data directory an importer writes into."""

    path: Path
    manifest: Manifest | None
    written: list[str] = field(default_factory=list)

    def write_table(self, name: str, frame: pd.DataFrame) -> Path:
        """Write table `name` (GeoPackage in EPSG:28992, or CSV for plain tables),
        replacing any earlier file of that table."""
        spec = TABLES_BY_NAME[name]
        for ext in spec.extensions:
            (self.path / f"{name}{ext}").unlink(missing_ok=True)
        if spec.has_geometry:
            target = self.path / f"{name}.gpkg"
            gdf = gpd.GeoDataFrame(frame).to_crs(RD_NEW)
            gdf.to_file(target, driver="GPKG", layer=name, engine="pyogrio")
        else:
            target = self.path / f"{name}.csv"
            frame.to_csv(target, index=False, sep=";", encoding="utf-8")
        self.written.append(name)
        return target

    def set_manifest(
        self,
        *,
        municipality_code: str | None = None,
        municipality_name: str | None = None,
        boundary_year: int | None = None,
        provenance: dict[str, Provenance] | None = None,
    ) -> None:
        """Update the manifest (a new directory starts from these values)."""
        base = self.manifest
        if base is None:
            if not (municipality_code and municipality_name and boundary_year):
                raise ValueError("a new data directory needs municipality and boundary year")
            base = Manifest(
                municipality_code=municipality_code,
                municipality_name=municipality_name,
                boundary_year=boundary_year,
                attribution="Grenzen: CBS / Kadaster (CC BY 4.0)",
            )
        values = base.model_dump()
        if municipality_code:
            values["municipality_code"] = municipality_code
        if municipality_name:
            values["municipality_name"] = municipality_name
        if boundary_year:
            values["boundary_year"] = boundary_year
        values["tables"] = {**base.tables, **(provenance or {})}
        # The DEMO mark stays while any table is still generated demo data.
        values["demo"] = any(p.generated for p in values["tables"].values())
        self.manifest = Manifest.model_validate(values)
        write_manifest(self.manifest, self.path)


def provenance(source: str, licence: str = "") -> Provenance:
    return Provenance(source=source, date=date.today().isoformat(), licence=licence)


@contextmanager
def staged(directory: Path) -> Iterator[Staging]:
    """Stage changes to `directory` (created if new) and swap them in on success."""
    directory = directory.resolve()
    directory.parent.mkdir(parents=True, exist_ok=True)
    # Beside the target, so the final rename stays on one file system.
    work = Path(tempfile.mkdtemp(prefix=f".{directory.name}-import-", dir=directory.parent))
    stage = work / "data"
    try:
        manifest = None
        if directory.exists():
            shutil.copytree(directory, stage)
            if (stage / MANIFEST).exists():
                manifest, _ = read_manifest(stage)
        else:
            stage.mkdir()
        staging = Staging(stage, manifest)
        yield staging
        try:
            load_dataset(stage)  # the whole directory must still be valid
        except DataValidationError as exc:
            # Name the files where the user will look for them, not in the copy.
            raise DataValidationError(
                replace(p, file=p.file.replace(str(stage), str(directory))) for p in exc.problems
            ) from None
        _swap(stage, directory, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def trial_copy(directory: Path) -> Path:
    """A copy of `directory` (empty when it is new) beside it, for an import to run on
    and a person to inspect before `adopt` puts it in place."""
    directory = directory.resolve()
    directory.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{directory.name}-trial-", dir=directory.parent))
    copy = work / "data"
    if directory.exists():
        shutil.copytree(directory, copy)
    return copy


def adopt(copy: Path, directory: Path) -> None:
    """Put a `trial_copy` (validated as a whole) in `directory`'s place."""
    load_dataset(copy)
    _swap(copy, directory.resolve(), copy.parent)
    discard(copy)


def discard(copy: Path) -> None:
    """Remove a `trial_copy` that will not be adopted."""
    shutil.rmtree(copy.parent, ignore_errors=True)


def _swap(stage: Path, directory: Path, work: Path) -> None:
    """Put `stage` in `directory`'s place: two renames, undone if the second fails."""
    old = work / "previous"
    if directory.exists():
        directory.rename(old)
    try:
        stage.rename(directory)
    except OSError:
        if old.exists():
            old.rename(directory)
        raise
