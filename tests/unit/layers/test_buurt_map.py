"""The neighbourhood page's small map: the base map opened on one buurt and its parks."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import geopandas as gpd
import pytest

from geo.dataset import Dataset
from geo.facts import PARKS_NEAR_M
from layers.base import MapContext
from layers.map_builder import base_map, buurt_bounds

WESTERBORK = "BU17310900"


def _fit(html: str) -> list[list[float]]:
    match = re.search(r"afk\.fitUntilTouched\([^,]+, (\[\[.*?\]\])\)", html)
    assert match, "the map fits itself to some bounds"
    return json.loads(match.group(1))


def _contains(outer: list[list[float]], inner: list[list[float]]) -> bool:
    (s, w), (n, e) = outer
    (s2, w2), (n2, e2) = inner
    return s <= s2 and w <= w2 and n >= n2 and e >= e2


def test_bounds_hold_the_buurt_and_its_parks_nearby(demo_dataset: Dataset) -> None:
    buurt = demo_dataset.buurten[demo_dataset.buurten["buurtcode"] == WESTERBORK]
    minx, miny, maxx, maxy = buurt.to_crs(4326).total_bounds
    alone = buurt_bounds(demo_dataset, WESTERBORK)
    assert _contains(alone, [[miny, minx], [maxy, maxx]])
    parks = demo_dataset.holiday_parks
    near = parks[parks.distance(buurt.geometry.iloc[0]) <= PARKS_NEAR_M]
    far = parks[parks.distance(buurt.geometry.iloc[0]) > 4 * PARKS_NEAR_M]
    assert len(near) and len(far), "the demo has parks near and far from Westerbork"
    with_parks = buurt_bounds(demo_dataset, WESTERBORK, PARKS_NEAR_M)
    for park in gpd.GeoSeries(near.geometry).to_crs(4326):
        assert _contains(
            with_parks, [[park.bounds[1], park.bounds[0]], [park.bounds[3], park.bounds[2]]]
        )
    for park in gpd.GeoSeries(far.geometry).to_crs(4326):
        (s, w), (n, e) = with_parks
        assert not (s <= park.y <= n and w <= park.x <= e)


def test_unknown_buurt_is_a_key_error(demo_dataset: Dataset) -> None:
    with pytest.raises(KeyError):
        buurt_bounds(demo_dataset, "BU99999999")


def test_base_map_opens_on_the_given_bounds_or_the_municipality(
    make_ctx: Callable[..., MapContext], demo_dataset: Dataset
) -> None:
    ctx = make_ctx(2025)
    whole = _fit(base_map(ctx).get_root().render())
    fit = buurt_bounds(demo_dataset, WESTERBORK)
    opened = _fit(base_map(ctx, fit=fit).get_root().render())
    assert [v for corner in opened for v in corner] == pytest.approx(
        [v for corner in fit for v in corner]
    )
    assert _contains(whole, opened) and opened != whole
