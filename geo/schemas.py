"""One schema per table of a data directory, checked on every load.

Column checks use pandera (lazy, so every problem is reported at once); geometry
checks (type, validity, inside the Netherlands) are ours because pandera does not
know about shapely geometries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandera.pandas as pa

from geo import codes

BUURTCODE = r"^BU\d{8}$"
WIJKCODE = r"^WK\d{6}$"
GEMEENTECODE = r"^GM\d{4}$"
AREA_CODE = r"^(BU\d{8}|WK\d{6})$"
POSTCODE = r"^\d{4} ?[A-Z]{2}$"

POLYGONS = ("Polygon", "MultiPolygon")


def _text(*checks: pa.Check, nullable: bool = False, unique: bool = False) -> pa.Column:
    return pa.Column("string", list(checks), nullable=nullable, unique=unique, coerce=True)


def _int(lo: int, hi: int, *, nullable: bool = True, required: bool = True) -> pa.Column:
    return pa.Column(
        "Int64", pa.Check.in_range(lo, hi), nullable=nullable, coerce=True, required=required
    )


def _code(values: tuple[str, ...], *, nullable: bool = False) -> pa.Column:
    return _text(pa.Check.isin(values), nullable=nullable)


def _pattern(regex: str, *, nullable: bool = False, unique: bool = False) -> pa.Column:
    return _text(pa.Check.str_matches(regex), nullable=nullable, unique=unique)


def _reasons_valid(value: object) -> bool:
    return all(r in codes.REASONS for r in codes.split_reasons(value))


YEAR = (1000, 2200)


@dataclass(frozen=True)
class TableSpec:
    """What a table must look like: columns, geometry and how it may be stored."""

    name: str
    schema: pa.DataFrameSchema
    geometry: tuple[str, ...] = ()  # allowed geometry types; () = no geometry (CSV)
    geometry_optional: bool = False  # rows may lack a location ("fictief" homes)
    required: bool = False
    extensions: tuple[str, ...] = field(default=(".gpkg", ".geojson"))
    row_check_field: str = ""  # the field named when a check across columns fails

    @property
    def has_geometry(self) -> bool:
        return bool(self.geometry)


BUURTEN = TableSpec(
    "buurten",
    pa.DataFrameSchema(
        {
            "buurtcode": _pattern(BUURTCODE, unique=True),
            "buurtnaam": _text(),
            "wijkcode": _pattern(WIJKCODE),
            "gemeentecode": _pattern(GEMEENTECODE),
        }
    ),
    geometry=POLYGONS,
    required=True,
)

WIJKEN = TableSpec(
    "wijken",
    pa.DataFrameSchema(
        {
            "wijkcode": _pattern(WIJKCODE, unique=True),
            "wijknaam": _text(),
            "gemeentecode": _pattern(GEMEENTECODE),
        }
    ),
    geometry=POLYGONS,
)

_HOME_COLUMNS = {
    "home_id": _text(unique=True),
    "pand_id": _text(nullable=True),
    "straat": _text(nullable=True),
    "postcode": _pattern(POSTCODE, nullable=True),
    "huisnummer": _int(1, 99999),
    "bouwjaar": _int(*YEAR),
    "woningtype": _text(nullable=True),
    "energielabel": _code(codes.ENERGY_LABELS, nullable=True),
    "buurtcode": _pattern(BUURTCODE, nullable=True),
    # Written by the BAG importers; optional, so hand-made tables need not have them.
    "huisletter": pa.Column(
        "string", pa.Check.str_matches(r"^[A-Za-z]$"), nullable=True, coerce=True, required=False
    ),
    "toevoeging": pa.Column("string", nullable=True, coerce=True, required=False),
    "woonplaats": pa.Column("string", nullable=True, coerce=True, required=False),
}

CORPORATION_HOMES = TableSpec(
    "corporation_homes",
    pa.DataFrameSchema(
        {
            **_HOME_COLUMNS,
            "corporation": _text(),
            "complex_id": _text(nullable=True),
            "measure": _code(codes.MEASURES, nullable=True),
            "measure_year": _int(*YEAR),
            "measure_status": _code(codes.MEASURE_STATUSES, nullable=True),
            "completed_year": _int(*YEAR),
            "heating_change": pa.Column("boolean", nullable=True, coerce=True),
            # The address register's id a home was located at (import corporation-homes).
            "verblijfsobject_id": pa.Column("string", nullable=True, coerce=True, required=False),
        }
    ),
    geometry=("Point",),
    geometry_optional=True,
)

PRIVATE_HOMES = TableSpec("private_homes", pa.DataFrameSchema(_HOME_COLUMNS), geometry=("Point",))

HEAT_PHASING = TableSpec(
    "heat_phasing",
    pa.DataFrameSchema(
        {
            "area_code": _pattern(AREA_CODE, unique=True),
            "period_start": _int(*YEAR, nullable=False),
            "period_end": _int(*YEAR, nullable=False),
            "strategy": _code(codes.HEAT_STRATEGIES),
            "plan_status": _code(codes.PLAN_STATUSES),
        },
        checks=pa.Check(
            lambda df: df["period_end"] >= df["period_start"],
            error="period_end before period_start",
        ),
    ),
    extensions=(".csv",),
    row_check_field="period_end",
)

HOLIDAY_PARKS = TableSpec(
    "holiday_parks",
    pa.DataFrameSchema(
        {
            "park_id": _text(unique=True),
            "name": _text(),
            # Missing for parks found in OpenStreetMap until the municipality assesses them.
            "vitality": _code(codes.VITALITY, nullable=True),
            "units": _int(0, 100000),
            "permanent_residents": _int(0, 100000),
            "target_group_households": _int(0, 100000),
        }
    ),
    geometry=("Point", *POLYGONS),
)

ATTENTION_AREAS = TableSpec(
    "attention_areas",
    pa.DataFrameSchema(
        {
            "area_code": _pattern(AREA_CODE, nullable=True),
            "area_kind": _code(codes.AREA_KINDS),
            "theme": _code(codes.THEMES),
            "year": _int(*YEAR, nullable=False),
            "status": _code(codes.DECISION_STATUSES),
            "reasons": _text(
                pa.Check(
                    _reasons_valid,
                    element_wise=True,
                    error=f"reasons must be among {'|'.join(codes.REASONS)}",
                ),
                nullable=True,
            ),
            "lead_party": _text(nullable=True),
            "vision": _text(nullable=True),
            "note": _text(nullable=True),
        }
    ),
    geometry=POLYGONS,
)

YEARLY_FIGURES = TableSpec(
    "yearly_figures",
    pa.DataFrameSchema(
        {
            "year": _int(*YEAR, nullable=False),
            "corporation": _text(),
            "indicator": _text(),
            "value": pa.Column("Float64", nullable=False, coerce=True),
        }
    ),
    extensions=(".csv",),
)

TABLES: tuple[TableSpec, ...] = (
    BUURTEN,
    WIJKEN,
    CORPORATION_HOMES,
    PRIVATE_HOMES,
    HEAT_PHASING,
    HOLIDAY_PARKS,
    ATTENTION_AREAS,
    YEARLY_FIGURES,
)
TABLES_BY_NAME = {spec.name: spec for spec in TABLES}
