"""Audit (beheerder only): who viewed whose figures or conversation, when and on which page;
and the users with their roles as the access file gives them."""

from datetime import date, timedelta

import polars as pl
import streamlit as st

from dashboard.access import login
from dashboard.access.audit import audit_entries
from dashboard.access.config import AccessConfigError
from dashboard.pdca.store import PAGE_BUSY_TIMEOUT_SECONDS, StoreError, open_store

DEFAULT_DAYS = 30

login.require_beheer()
viewer = login.current_viewer()

st.title("Audit van inzage")
st.caption(
    "Elke inzage in de cijfers van een medewerker of in een gespreksverslag staat hier, met "
    "wie, wanneer en op welke pagina. Het logboek kan niet worden gewijzigd; alleen de "
    "bewaartermijn (`python -m dashboard.access.admin purge`) verwijdert oude regels, en "
    "die opschoning staat zelf ook in het logboek."
)

log_tab, users_tab = st.tabs(["Logboek", "Gebruikers en rollen"])

with log_tab:
    left, middle, right = st.columns(3)
    since = left.date_input(
        "Vanaf", value=date.today() - timedelta(days=DEFAULT_DAYS), key="beheer_audit_since"
    )
    who = middle.text_input("Wie keek (login)", key="beheer_audit_viewer")
    subject = right.text_input("Over wie / welk gesprek (id)", key="beheer_audit_subject")
    try:
        rows = audit_entries(
            open_store(migrate=False, busy_timeout_seconds=PAGE_BUSY_TIMEOUT_SECONDS),
            since=since if isinstance(since, date) else None,
            viewer_id=who or None,
            subject_id=subject or None,
        )
    except (StoreError, OSError) as error:
        st.error(f"Het auditlogboek is niet bereikbaar: {error}")
        st.stop()
    if not rows:
        st.info("Geen inzage gelogd voor deze selectie.")
    else:
        frame = pl.DataFrame(rows).select(
            pl.col("logged_at")
            .str.to_datetime(time_zone="UTC")
            .dt.convert_time_zone("Europe/Amsterdam")
            .dt.strftime("%d-%m-%Y %H:%M:%S")
            .alias("Wanneer"),
            pl.col("viewer_id").alias("Wie"),
            pl.col("viewer_scopes").alias("Rechten"),
            pl.col("action").alias("Actie"),
            pl.col("subject_type").alias("Soort"),
            pl.col("subject_id").alias("Over"),
            pl.col("page").alias("Pagina"),
            pl.col("detail").alias("Toelichting"),
        )
        st.caption(f"{frame.height} regels, nieuwste eerst.")
        st.dataframe(frame, hide_index=True, width="stretch")
        st.download_button(
            "Download CSV",
            data=frame.write_csv().encode("utf-8"),
            file_name="auditlog.csv",
            mime="text/csv",
            key="beheer_audit_csv",
        )

with users_tab:
    try:
        config = login.access_config(viewer.local_mode)
    except AccessConfigError as error:
        st.error(str(error))
        st.stop()
    st.caption(
        f"Uit het toegangsbestand. Minimale groepsgrootte voor management: "
        f"{config.minimum_group_size} medewerkers."
        + (" (Lokale demomodus: het voorbeeldbestand.)" if viewer.local_mode else "")
    )
    users = pl.DataFrame(
        [
            {
                "Login": user.identity,
                "Naam": user.name,
                "Rollen": ", ".join(scope.describe() for scope in user.scopes),
            }
            for user in config.users.values()
        ],
        schema={"Login": pl.String, "Naam": pl.String, "Rollen": pl.String},
    )
    st.dataframe(users, hide_index=True, width="stretch")
