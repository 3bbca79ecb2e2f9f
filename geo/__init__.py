"""Afsprakenkaart domain: data model, validation, readers, analyses and the CLI.

Nothing in this package imports streamlit or folium.
"""
