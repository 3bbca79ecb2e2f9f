"""The map's overlays, bottom to top. A new layer: one module, one line here."""

from __future__ import annotations

from layers import (
    attention_areas,
    corporation_housing,
    discuss,
    heat_phasing,
    holiday_parks,
    meeliften,
)
from layers.base import Layer

LAYERS: tuple[Layer, ...] = (
    heat_phasing.LAYER,
    meeliften.LAYER,
    attention_areas.LAYER,
    holiday_parks.LAYER,
    corporation_housing.LAYER,
    discuss.LAYER,
)
LAYERS_BY_ID = {layer.id: layer for layer in LAYERS}
LAYER_IDS = tuple(LAYERS_BY_ID)
# Shown on a first visit: meeliften is an analysis a facilitator turns on, the points
# to discuss come on from the monitoring page's links.
DEFAULT_LAYER_IDS = tuple(i for i in LAYER_IDS if i not in (meeliften.LAYER.id, discuss.LAYER.id))
