"""Dashboard entry point: `streamlit run dashboard/app.py`.

Holds the one navigation list, grouped by role. Every page is one file in `views/`: not
`pages/`, which Streamlit would also serve on its own, bypassing this file and its login gate.
"""

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `streamlit run` from anywhere

from dashboard import data, filters, warmup
from dashboard.access import login
from dashboard.access.scope import AccessDenied
from dashboard.i18n import language_switch, t

st.set_page_config(page_title=t("app_title"), page_icon=":material/monitoring:", layout="wide")
warmup.start()
language_switch()
# Who is looking (OIDC login, or the flagged local demo mode); stops the run for nobody.
login.gate(lambda: login.demo_units(data))

pages = {
    t("section_management"): [
        st.Page("views/overzicht.py", title=t("page_overview"), icon=":material/dashboard:"),
    ],
    t("section_location"): [
        st.Page("views/locatie.py", title=t("page_location"), icon=":material/apartment:"),
    ],
    t("section_team"): [
        st.Page("views/team.py", title=t("page_team"), icon=":material/groups:"),
    ],
    t("section_employee"): [
        st.Page("views/medewerker.py", title=t("page_employee"), icon=":material/person:"),
    ],
    t("section_process"): [
        st.Page("views/proces.py", title=t("page_process"), icon=":material/timeline:"),
    ],
    t("section_pdca"): [
        st.Page("views/pdca_doelen.py", title=t("pdca_page_goals"), icon=":material/flag:"),
        st.Page(
            "views/pdca_gesprek.py", title=t("pdca_page_conversation"), icon=":material/forum:"
        ),
        st.Page("views/pdca_acties.py", title=t("pdca_page_actions"), icon=":material/task_alt:"),
        st.Page("views/pdca_review.py", title=t("pdca_page_review"), icon=":material/reviews:"),
    ],
    t("section_admin"): [
        st.Page("views/datakwaliteit.py", title=t("page_data_quality"), icon=":material/rule:"),
        st.Page("views/laden.py", title=t("page_load"), icon=":material/upload_file:"),
        st.Page("views/beheer_audit.py", title="Audit van inzage", icon=":material/policy:"),
    ],
}
page = st.navigation(pages)
login.begin_page(page.url_path or "overzicht")
login.refuse_url_units(st.query_params.to_dict(), data)
filters.sidebar()
try:
    page.run()
except AccessDenied as refused:  # a page asked for data outside the viewer's scope
    st.error(refused.message)
