"""Altair chart builders: pure functions DataFrame -> alt.Chart (no streamlit)."""
