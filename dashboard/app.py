"""Dashboard entry point: `streamlit run dashboard/app.py`."""

import streamlit as st

st.set_page_config(page_title="Sturing", layout="wide")
st.title("Sturingsinformatie")
st.info("Het dashboard wordt opgebouwd.")
