"""The one typed configuration: a TOML file plus environment variables.

Precedence (highest first): environment variables, the TOML file named by
AFSPRAKENKAART_CONFIG (or ./afsprakenkaart.toml when present), built-in defaults
(the Midden-Drenthe demo).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from geo.errors import ConfigError
from geo.targets import DEFAULT_TARGETS, ConflictRules, Target, repeated_target_ids

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEMO_DATA_DIR = PROJECT_ROOT / "data" / "demo"
DEFAULT_CONFIG_FILE = PROJECT_ROOT / "afsprakenkaart.toml"

ENV_DATA = "AFSPRAKENKAART_DATA"
ENV_OFFLINE = "AFSPRAKENKAART_OFFLINE"
ENV_CONFIG = "AFSPRAKENKAART_CONFIG"
ENV_DATABASE = "DATABASE_URL"
ENV_VAR = "AFSPRAKENKAART_VAR"
DEFAULT_VAR_DIR = PROJECT_ROOT / "var"
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_ROOT / 'var' / 'afsprakenkaart.db'}"

PartyKind = Literal["municipality", "corporation", "tenant_organisation"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Party(_Model):
    """A signatory of the agreements: it has positions and may lead areas."""

    id: str = Field(pattern=r"^[a-z0-9_-]+$")
    name: str
    kind: PartyKind


class Years(_Model):
    """The period of the agreements; the year selector offers these years."""

    first: int = Field(ge=2000, le=2100)
    last: int = Field(ge=2000, le=2100)

    @model_validator(mode="after")
    def _ordered(self) -> Years:
        if self.last < self.first:
            raise ValueError(f"last year {self.last} is before first year {self.first}")
        return self

    def all(self) -> list[int]:
        return list(range(self.first, self.last + 1))

    @property
    def period(self) -> tuple[int, int]:
        """(first, last)."""
        return (self.first, self.last)

    def clamp(self, year: int) -> int:
        """The nearest year of the period (the default view is "this year")."""
        return min(max(year, self.first), self.last)


class Basemap(_Model):
    """Background tiles. Optional: the map tells its story without them."""

    url: str = (
        "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:3857/{z}/{x}/{y}.png"
    )
    attribution: str = "Achtergrond: BRT Achtergrondkaart grijs, Kadaster (PDOK), CC BY 4.0"
    max_native_zoom: int = 19
    enabled: bool = True


DEFAULT_PARTIES = (
    Party(id="gemeente", name="Gemeente Midden-Drenthe", kind="municipality"),
    Party(id="actium", name="Actium", kind="corporation"),
    Party(id="woonservice", name="Woonservice", kind="corporation"),
    Party(id="mevm", name="MEVM", kind="tenant_organisation"),
    Party(id="samensterk", name="Samen Sterk", kind="tenant_organisation"),
)


PDOK_BOUNDARIES_API = "https://api.pdok.nl/cbs/wijken-en-buurten-{year}/ogc/v1"
PDOK_BAG_API = "https://api.pdok.nl/kadaster/bag/ogc/v2"


class Sources(_Model):
    """The public APIs the data page fetches from; a mirror (or a test server) can
    stand in for PDOK. `{year}` in boundaries_api is the boundary year."""

    boundaries_api: str = PDOK_BOUNDARIES_API
    bag_api: str = PDOK_BAG_API


class Access(_Model):
    """Access codes as salted scrypt hashes (`python -m geo access hash` makes one).

    The facilitator has one code; each party one code for its members. A role with
    no code cannot be signed in to. Viewers need no code.
    """

    facilitator: str | None = None
    parties: dict[str, str] = Field(default_factory=dict)


class Settings(_Model):
    """Everything the application and the command line need to know."""

    municipality_code: str = Field(default="GM1731", pattern=r"^GM\d{4}$")
    municipality_name: str = "Midden-Drenthe"
    parties: tuple[Party, ...] = DEFAULT_PARTIES
    years: Years = Years(first=2023, last=2026)
    data_dir: Path = DEMO_DATA_DIR
    basemap: Basemap = Basemap()
    offline: bool = False
    language: Literal["nl", "en"] = "nl"
    database_url: str = DEFAULT_DATABASE_URL
    # Where the app keeps what it makes: imported data directories (var/data/GMxxxx)
    # and the data page's choice of data directory. Outside git.
    var_dir: Path = DEFAULT_VAR_DIR
    access: Access | None = None
    sources: Sources = Sources()
    # The agreements' targets for the monitoring page ([[targets]] in TOML: a list
    # there replaces all of these) and when an area is worth discussing ([conflicts]).
    targets: tuple[Target, ...] = DEFAULT_TARGETS
    conflicts: ConflictRules = ConflictRules()

    @model_validator(mode="after")
    def _unique_parties(self) -> Settings:
        ids = [p.id for p in self.parties]
        doubles = sorted({i for i in ids if ids.count(i) > 1})
        if doubles:
            raise ValueError(f"party ids must be unique, repeated: {', '.join(doubles)}")
        doubles = repeated_target_ids(self.targets)
        if doubles:
            raise ValueError(f"target ids must be unique, repeated: {', '.join(doubles)}")
        if self.access is not None:
            unknown = sorted(set(self.access.parties) - set(ids))
            if unknown:
                raise ValueError(f"access codes for unknown parties: {', '.join(unknown)}")
        return self

    @property
    def party_ids(self) -> frozenset[str]:
        return frozenset(p.id for p in self.parties)

    @property
    def show_basemap(self) -> bool:
        return self.basemap.enabled and not self.offline

    def party_name(self, party_id: str) -> str:
        """Display name of a party id; unknown ids are shown as they are."""
        return next((p.name for p in self.parties if p.id == party_id), party_id)


def _truthy(name: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "ja", "on"}:
        return True
    if lowered in {"", "0", "false", "no", "nee", "off"}:
        return False
    raise ConfigError(f"{name}={value!r}: use 1 (on) or 0 (off)")


def load_settings(
    config_file: Path | None = None, env: Mapping[str, str] | None = None
) -> Settings:
    """Read the TOML file (if any) and apply environment overrides."""
    env = os.environ if env is None else env
    raw: dict[str, object] = {}
    path = config_file or (Path(env[ENV_CONFIG]) if env.get(ENV_CONFIG) else None)
    if path is None and DEFAULT_CONFIG_FILE.exists():
        path = DEFAULT_CONFIG_FILE
    if path is not None:
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: configuration file not found") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
        if "data_dir" in raw and not Path(str(raw["data_dir"])).is_absolute():
            raw["data_dir"] = str(path.resolve().parent / str(raw["data_dir"]))
    if env.get(ENV_DATA):
        raw["data_dir"] = env[ENV_DATA]
    if env.get(ENV_VAR):
        raw["var_dir"] = env[ENV_VAR]
    if env.get(ENV_DATABASE):
        raw["database_url"] = env[ENV_DATABASE]
    if ENV_OFFLINE in env:
        raw["offline"] = _truthy(ENV_OFFLINE, env[ENV_OFFLINE])
    try:
        settings = Settings.model_validate(raw)
    except ValidationError as exc:
        where = str(path) if path else "configuration"
        lines = [
            f"{where}: {'.'.join(str(p) for p in err['loc']) or '(top)'}: {err['msg']}"
            for err in exc.errors()
        ]
        raise ConfigError("\n".join(lines)) from None
    if not settings.data_dir.is_dir():
        raise ConfigError(f"data directory {settings.data_dir} does not exist")
    return settings
