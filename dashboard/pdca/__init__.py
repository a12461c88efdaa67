"""The PDCA store: sturingsdoelen (Plan), conversation records (Check), agreements (Act).

Kept apart from the warehouse, which is rebuilt from the sources: what people record here is
never rebuilt and never lost. No Streamlit in this package, so the admin commands and the
tests use the same functions as the pages.
"""
