"""A geometry column that is a real PostGIS geometry on PostgreSQL and WKB elsewhere.

SQLite needs no extension this way (SpatiaLite is not on every machine), while a
shared PostgreSQL installation gets GeoAlchemy2 geometries (with a GiST index)
that QGIS and SQL can use directly.
"""

from __future__ import annotations

from typing import Any

import shapely
from geoalchemy2 import Geometry
from geoalchemy2.elements import WKBElement
from geoalchemy2.shape import from_shape, to_shape
from sqlalchemy import LargeBinary
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

RD_NEW = 28992


class GeometryType(TypeDecorator[shapely.Geometry]):
    """Shapely geometry in EPSG:28992 (RD New)."""

    # The impl is GeoAlchemy2's type, so its DDL hooks (geometry column, GiST index)
    # see a spatial column on PostgreSQL; on SQLite the column is plain WKB.
    impl = Geometry("GEOMETRY", srid=RD_NEW)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect is not None and dialect.name == "sqlite":
            return dialect.type_descriptor(LargeBinary())
        return self.impl_instance

    # A TypeDecorator does not use its impl's SQL wrappers (ST_GeomFromEWKB on the way
    # in, ST_AsEWKB on the way out) unless asked; the SQLite impl has none.
    def bind_expression(self, bindvalue: Any) -> Any:
        wrapped = self.impl_instance.bind_expression(bindvalue)
        return bindvalue if wrapped is None else wrapped

    def column_expression(self, col: Any) -> Any:
        wrapped = self.impl_instance.column_expression(col)
        return col if wrapped is None else wrapped

    def process_bind_param(self, value: shapely.Geometry | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return shapely.to_wkb(value)
        return from_shape(value, srid=RD_NEW)

    def process_result_value(self, value: Any, dialect: Dialect) -> shapely.Geometry | None:
        if value is None:
            return None
        if isinstance(value, WKBElement):
            return to_shape(value)
        return shapely.from_wkb(bytes(value) if not isinstance(value, str) else value)
