"""Map layers: turn validated tables into folium layers and legends. No streamlit.

Adding a layer means one new module with a `LAYER` object and one line in
`layers.registry.LAYERS`.
"""
