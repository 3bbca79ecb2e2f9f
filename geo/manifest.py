"""`manifest.toml` of a data directory: whose data, which year, and where it came from."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from geo.errors import Problem

MANIFEST = "manifest.toml"


class Provenance(BaseModel):
    """Source, date and licence of one table."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str
    date: str = ""
    licence: str = ""
    generated: bool = False


class Manifest(BaseModel):
    """Describes a data directory; shown on the map and in the side panel."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    municipality_code: str = Field(pattern=r"^GM\d{4}$")
    municipality_name: str
    boundary_year: int = Field(ge=1990, le=2100)
    demo: bool = False
    max_zoom: int = Field(default=18, ge=10, le=20)
    attribution: str = ""
    tables: dict[str, Provenance] = {}


def read_manifest(directory: Path) -> tuple[Manifest | None, list[Problem]]:
    """Read and check `manifest.toml`; problems name the field that is wrong."""
    path = directory / MANIFEST
    if not path.exists():
        return None, [Problem(str(path), "file", "", "missing: every data directory needs one")]
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return None, [Problem(str(path), "file", "", f"not valid TOML: {exc}")]
    try:
        return Manifest.model_validate(raw), []
    except ValidationError as exc:
        return None, [
            Problem(str(path), "file", ".".join(str(p) for p in e["loc"]), e["msg"])
            for e in exc.errors()
        ]


def write_manifest(manifest: Manifest, directory: Path) -> Path:
    """Write the manifest as TOML with a stable layout (no dates of writing)."""
    lines = [
        f"municipality_code = {_q(manifest.municipality_code)}",
        f"municipality_name = {_q(manifest.municipality_name)}",
        f"boundary_year = {manifest.boundary_year}",
        f"demo = {str(manifest.demo).lower()}",
        f"max_zoom = {manifest.max_zoom}",
        f"attribution = {_q(manifest.attribution)}",
    ]
    for name, prov in manifest.tables.items():
        lines += [
            "",
            f"[tables.{name}]",
            f"source = {_q(prov.source)}",
            f"date = {_q(prov.date)}",
            f"licence = {_q(prov.licence)}",
            f"generated = {str(prov.generated).lower()}",
        ]
    path = directory / MANIFEST
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _q(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
