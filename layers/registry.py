"""The map's overlays, bottom to top. A new layer: one module, one line here."""

from __future__ import annotations

from layers import attention_areas, corporation_housing, heat_phasing, holiday_parks
from layers.base import Layer

LAYERS: tuple[Layer, ...] = (
    heat_phasing.LAYER,
    attention_areas.LAYER,
    holiday_parks.LAYER,
    corporation_housing.LAYER,
)
LAYERS_BY_ID = {layer.id: layer for layer in LAYERS}
LAYER_IDS = tuple(LAYERS_BY_ID)
