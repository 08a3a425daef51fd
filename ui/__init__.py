"""dx-sim presentation layer (Streamlit pages, widgets, chart builders, i18n). Never imported by sim."""
