"""Dashboard entry point: `streamlit run dashboard/app.py`.

Holds the one navigation list, grouped by role. Every page is one file in `pages/`.
"""

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `streamlit run` from anywhere

from dashboard import filters
from dashboard.i18n import language_switch, t

st.set_page_config(page_title=t("app_title"), page_icon=":material/monitoring:", layout="wide")
language_switch()

pages = {
    t("section_management"): [
        st.Page("pages/overzicht.py", title=t("page_overview"), icon=":material/dashboard:"),
    ],
    t("section_location"): [
        st.Page("pages/locatie.py", title=t("page_location"), icon=":material/apartment:"),
    ],
    t("section_team"): [
        st.Page("pages/team.py", title=t("page_team"), icon=":material/groups:"),
    ],
    t("section_employee"): [
        st.Page("pages/medewerker.py", title=t("page_employee"), icon=":material/person:"),
    ],
    t("section_process"): [
        st.Page("pages/proces.py", title=t("page_process"), icon=":material/timeline:"),
    ],
    t("section_admin"): [
        st.Page("pages/datakwaliteit.py", title=t("page_data_quality"), icon=":material/rule:"),
        st.Page("pages/laden.py", title=t("page_load"), icon=":material/upload_file:"),
    ],
}
page = st.navigation(pages)
filters.sidebar()
page.run()
