"""Every label the dashboard shows, in Dutch (default) and English: one table.

Code asks for a label by key (`t("werkvoorraad")`); a missing key shows the key itself,
so a forgotten translation is visible on the page instead of breaking it.
"""

from __future__ import annotations

import streamlit as st

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
SWITCH_KEY = "language"

# key -> (nl, en)
LABELS: dict[str, tuple[str, str]] = {
    # app and navigation
    "app_title": ("Sturingsinformatie", "Steering information"),
    "language": ("Taal", "Language"),
    "section_management": ("Management", "Management"),
    "section_location": ("Locatie", "Location"),
    "section_team": ("Team", "Team"),
    "section_employee": ("Medewerker", "Employee"),
    "section_process": ("Proces", "Process"),
    "section_admin": ("Beheer", "Administration"),
    "page_overview": ("Overzicht", "Overview"),
    "page_location": ("Locatie", "Location"),
    "page_team": ("Team", "Team"),
    "page_employee": ("Medewerker", "Employee"),
    "page_process": ("Doorlooptijden en proces", "Lead times and process"),
    "page_data_quality": ("Datakwaliteit", "Data quality"),
    "page_load": ("Gegevens laden", "Load data"),
    # filters
    "filters": ("Filters", "Filters"),
    "period": ("Periode", "Period"),
    "location": ("Locatie", "Location"),
    "team": ("Team", "Team"),
    "employee": ("Medewerker", "Employee"),
    "case_type": ("Product", "Case type"),
    "route": ("Route", "Route"),
    "all": ("Alle", "All"),
    "share_view": (
        "De filters staan in de adresbalk: kopieer de link om deze weergave te delen.",
        "The filters are in the address bar: copy the link to share this view.",
    ),
    "reset_filters": ("Filters wissen", "Clear filters"),
    # generic states
    "no_warehouse": (
        "Er is nog geen gegevensbestand. Laad een export via **Gegevens laden**, of bouw de "
        "demo met `make demo`.",
        "There is no data file yet. Load an export through **Load data**, or build the demo "
        "with `make demo`.",
    ),
    "no_data_filters": (
        "Geen gegevens voor deze filters. Kies een ruimere periode of wis de filters.",
        "No data for these filters. Choose a wider period or clear the filters.",
    ),
    "no_events": (
        "Het gegevensbestand bevat nog geen zaken. Laad een export via **Gegevens laden**.",
        "The data file holds no cases yet. Load an export through **Load data**.",
    ),
    "missing_table": (
        "Niet beschikbaar: de gegevens bevatten geen {what}.",
        "Not available: the data holds no {what}.",
    ),
    "missing_organisation": ("organisatie (locaties, teams, medewerkers)", "organisation"),
    "missing_norms": ("normtijden per product", "norm times per product"),
    "missing_capacity": ("capaciteit (uren per medewerker per week)", "capacity"),
    "missing_targets": ("productiedoelen", "production targets"),
    "missing_deadlines": ("wettelijke termijnen per zaak", "legal terms per case"),
    "missing_indicator": (
        "Deze figuur is nog niet beschikbaar: indicator `{name}` is niet berekend in dit "
        "gegevensbestand.",
        "This figure is not available yet: indicator `{name}` is not computed in this data file.",
    ),
    "definition": ("Definitie", "Definition"),
    "unit": ("Eenheid", "Unit"),
    "source": ("Bron", "Source"),
    "download_csv": ("Download CSV", "Download CSV"),
    "download_excel": ("Download Excel", "Download Excel"),
    "about_figure": ("Wat staat hier?", "What is shown?"),
    "as_of": ("peildatum {date}", "as of {date}"),
    "data_span": ("Gegevens van {start} tot en met {end}", "Data from {start} to {end}"),
    "what_is_missing": ("Wat ontbreekt in deze gegevens", "What is missing in this data"),
    # indicators (short labels)
    "instroom": ("Instroom", "Inflow"),
    "uitstroom": ("Uitstroom (beschikkingen)", "Outflow (decisions)"),
    "werkvoorraad": ("Werkvoorraad", "Work in progress"),
    "te_plannen": ("Te plannen", "To be planned"),
    "lopend": ("Lopend", "In progress"),
    "afgerond": ("Afgerond", "Closed"),
    "ouderdom": ("Ouderdom (mediaan)", "Age (median)"),
    "stock_note": (
        "Werkvoorraad, ouderdom en zaken over termijn gelden op de laatste dag van de periode "
        "({date}); de andere cijfers over de hele periode.",
        "Backlog, age and cases past term apply at the last day of the period ({date}); the "
        "other figures to the whole period.",
    ),
    "past_term": ("Open zaken over termijn", "Open cases past term"),
    "tijdigheid": ("Tijdigheid", "Timeliness"),
    "doorlooptijd_p50": ("Doorlooptijd p50", "Lead time p50"),
    "doorlooptijd_p90": ("Doorlooptijd p90", "Lead time p90"),
    "doorlooptijd": ("Doorlooptijd", "Lead time"),
    "productie": ("Productie", "Production"),
    "productiedoel": ("Productiedoel", "Production target"),
    "realisatie": ("Realisatie", "Realised"),
    "doel": ("Doel", "Target"),
    "werklast_per_fte": ("Werklast per fte", "Workload per FTE"),
    "bewerkingstijd": ("Bewerkingstijd", "Handling time"),
    "norm": ("Norm", "Norm"),
    "verzuim": ("Verzuim", "Absence"),
    "directe_uren": ("Directe uren", "Direct hours"),
    "beschikbare_uren": ("Beschikbare uren", "Available hours"),
    "heropeningen": ("Herwerk", "Rework"),
    "complexiteit": ("Complexiteit", "Complexity"),
    "days": ("dagen", "days"),
    "weeks": ("weken", "weeks"),
    "cases": ("zaken", "cases"),
    "one_case": ("zaak", "case"),
    "percent": ("%", "%"),
    "hours": ("uren", "hours"),
    "minutes": ("minuten", "minutes"),
    "month": ("Maand", "Month"),
    "count": ("Aantal", "Count"),
    "share": ("Aandeel", "Share"),
    "fairness": ("Eerlijke verdeling", "Fair distribution"),
    "coefficient_of_variation": ("Variatiecoëfficiënt", "Coefficient of variation"),
    "max_over_median": ("Maximum / mediaan", "Maximum / median"),
    "gini": ("Gini", "Gini"),
    # overview page
    "overview_intro": (
        "Staan de sturingsdoelen op groen? Tijdigheid, doorlooptijd, werkvoorraad en productie "
        "in de gekozen periode.",
        "Are the steering goals met? Timeliness, lead time, backlog and production in the "
        "chosen period.",
    ),
    "goals": ("Sturingsdoelen", "Steering goals"),
    "goals_unreadable": (
        "De sturingsdoelen zijn nu niet te lezen: de PDCA-opslag is niet bereikbaar. De "
        "cijfers hieronder staan los daarvan.",
        "The steering goals cannot be read now: the PDCA store is not available. The figures "
        "below do not depend on it.",
    ),
    "team_agreements": (
        "Afspraken met het team: {open} open, waarvan {overdue} verlopen.",
        "Agreements with the team: {open} open, {overdue} overdue.",
    ),
    "to_team_review": (
        "Naar de teamreview van {name} (doelen, gesprekken en afspraken)",
        "To the team review of {name} (goals, conversations and agreements)",
    ),
    "goals_none": (
        "Er zijn nog geen sturingsdoelen vastgelegd voor deze periode.",
        "No steering goals have been recorded for this period yet.",
    ),
    "rag_rule": (
        "Groen: doel gehaald. Oranje: binnen {margin}% van het doel. Rood: verder van het doel.",
        "Green: target met. Amber: within {margin}% of the target. Red: further from target.",
    ),
    "rag_green": ("groen", "green"),
    "rag_amber": ("oranje", "amber"),
    "rag_red": ("rood", "red"),
    "trend": ("Trend per maand", "Monthly trend"),
    "inflow_outflow": ("Instroom en uitstroom", "Inflow and outflow"),
    "backlog_trend": ("Werkvoorraad aan het eind van de maand", "Backlog at month end"),
    "lead_time_trend": ("Doorlooptijd van beschikte zaken", "Lead time of decided cases"),
    "timeliness_trend": ("Tijdigheid van beschikkingen", "Timeliness of decisions"),
    "production_vs_target": ("Productie tegenover productiedoel", "Production against target"),
    "forecast": ("Prognose: instroom en benodigde capaciteit", "Forecast: inflow and capacity"),
    "forecast_whole_organisation": (
        "De prognose is er voor de hele organisatie: zaken worden pas na binnenkomst naar een "
        "locatie gerouteerd. Zij staat hier zonder filter op locatie of team, voor wie alle "
        "locaties ziet.",
        "The forecast is made for the whole organisation: cases are routed to a location only "
        "after they arrive. It is shown here without a location or team filter, to those who "
        "see every location.",
    ),
    "forecast_no_history": (
        "Nog geen prognose: daarvoor is ten minste één volledige maand aan gegevens nodig.",
        "No forecast yet: it needs at least one complete month of data.",
    ),
    "forecast_inflow": ("Instroom {month}", "Inflow {month}"),
    "forecast_fte_needed": ("Benodigd {month}", "Needed {month}"),
    "forecast_available": ("Beschikbaar", "Available"),
    "forecast_with_pool": ("Beschikbaar met flexibele schil", "Available with flexible pool"),
    "forecast_open": ("Werkvoorraad eind {month}", "Open stock end of {month}"),
    "forecast_past": ("Nodig voor de instroom van toen", "Needed for the inflow then"),
    "forecast_ahead": ("Prognose", "Forecast"),
    "forecast_capacity_chart": (
        "Benodigde capaciteit per maand tegenover de beschikbare",
        "Capacity needed per month against what is available",
    ),
    "forecast_per_case_type": (
        "Prognose per product en route, {month}",
        "Forecast per case type and route, {month}",
    ),
    "forecast_peak_fits": (
        "Een kleine, kortdurende piek zoals de drukste maand van het afgelopen jaar ({month}: "
        "{peak} fte) past binnen de beschikbare capaciteit met de flexibele schil van 10% "
        "({pool} fte; samen {total} fte).",
        "A small, short peak like the busiest month of the past year ({month}: {peak} fte) fits "
        "within the available capacity with the flexible pool of 10% ({pool} fte; {total} fte in "
        "all).",
    ),
    "forecast_peak_exceeds": (
        "Een kleine, kortdurende piek zoals de drukste maand van het afgelopen jaar ({month}: "
        "{peak} fte) past **niet** binnen de beschikbare capaciteit met de flexibele schil van "
        "10% ({pool} fte; samen {total} fte).",
        "A small, short peak like the busiest month of the past year ({month}: {peak} fte) does "
        "**not** fit within the available capacity with the flexible pool of 10% ({pool} fte; "
        "{total} fte in all).",
    ),
    "forecast_note": (
        "Prognose: het gemiddelde van de laatste drie volledige maanden, voor elk van de drie "
        "maanden tot en met {month}; de piek is de hoogste maand van het afgelopen jaar. Voor "
        "grote, extreme pieken is een noodplan nodig, geen prognose. Capaciteit in fte tegen de "
        "normtijden van vandaag en de directe uren per fte van de laatste vier weken.",
        "Forecast: the mean of the last three complete months, for each of the three months up "
        "to {month}; the peak is the highest month of the past year. Large, extreme peaks call "
        "for an emergency plan, not a forecast. Capacity in fte at today's norm times and the "
        "direct hours per fte of the last four weeks.",
    ),
    "fte": ("fte", "fte"),
    "pdca_forecast": (
        "Prognose voor de komende drie maanden (hele organisatie)",
        "Forecast for the next three months (whole organisation)",
    ),
    "pdca_forecast_organisation_only": (
        "De prognose van instroom en capaciteit is er voor de hele organisatie, niet per locatie, "
        "team of medewerker: zaken worden pas na binnenkomst gerouteerd. Kies eenheid "
        "Organisatie om haar naast een doel te zien.",
        "The forecast of inflow and capacity is made for the whole organisation, not per "
        "location, team or employee: cases are routed only after they arrive. Choose the unit "
        "Organisation to see it beside a goal.",
    ),
    "pdca_forecast_steady": (
        "Om de werkvoorraad gelijk te houden zijn ongeveer {inflow} beslissingen per maand nodig: "
        "de verwachte instroom.",
        "Keeping the open stock level takes about {inflow} decisions a month: the expected inflow.",
    ),
    "pdca_forecast_rises": (
        "In het tempo van de laatste volledige maanden, {pace} per maand, groeit de werkvoorraad "
        "met ongeveer {change} zaken per maand.",
        "At the pace of the last complete months, {pace} a month, the open stock grows by about "
        "{change} cases a month.",
    ),
    "pdca_forecast_falls": (
        "In het tempo van de laatste volledige maanden, {pace} per maand, daalt de werkvoorraad "
        "met ongeveer {change} zaken per maand.",
        "At the pace of the last complete months, {pace} a month, the open stock falls by about "
        "{change} cases a month.",
    ),
    "pdca_forecast_level": (
        "Het tempo van de laatste volledige maanden, {pace} per maand, houdt haar ongeveer gelijk.",
        "The pace of the last complete months, {pace} a month, keeps it about level.",
    ),
    "col_open_month_end": ("Open eind maand", "Open at month end"),
    "col_fte_available": ("Fte beschikbaar", "Fte available"),
    "col_fte_with_pool": ("Fte beschikbaar met schil", "Fte available with pool"),
    "missing_capacity_norms": ("normtijden of capaciteit", "norm times or capacity"),
    "drill_down": ("Per locatie en team", "By location and team"),
    "by_location": ("Per locatie", "By location"),
    "by_team": ("Per team", "By team"),
    "breakdown_by": ("Uitsplitsen", "Break down"),
    "unknown": ("(onbekend)", "(unknown)"),
    # location page
    "location_intro": (
        "Is de werklast eerlijk verdeeld? Welke zaken gaan over hun termijn? Waar is capaciteit "
        "vrij?",
        "Is the workload fairly spread? Which cases will pass their term? Where is capacity free?",
    ),
    "location_shown": (
        "Alle cijfers op deze pagina gaan over locatie {name}.",
        "All figures on this page are for location {name}.",
    ),
    "workload_distribution": ("Verdeling van de werklast", "Distribution of workload"),
    "workload_teams": ("Werklast per team", "Workload per team"),
    "workload_employees": (
        "Werklast per medewerker (zonder namen)",
        "Workload per employee (without names)",
    ),
    "open_cases_per_employee": ("Lopende zaken per medewerker", "Running cases per employee"),
    "complexity_mix": ("Complexiteitsmix van de werkvoorraad", "Complexity mix of the backlog"),
    "capacity_absence": ("Capaciteit en verzuim", "Capacity and absence"),
    "term_watch": ("Termijnbewaking", "Term watch"),
    "term_watch_days": (
        "Open zaken binnen zoveel dagen van hun termijn",
        "Open cases within this many days of their term",
    ),
    "days_left": ("Dagen tot termijn", "Days to term"),
    "free_capacity": ("Waar is capaciteit vrij?", "Where is capacity free?"),
    # team page
    "team_intro": (
        "Hoe deed het team het tegenover de doelen? Waar is de werklast te hoog?",
        "How did the team do against its goals? Where is the workload too high?",
    ),
    "choose_team": ("Kies een team", "Choose a team"),
    "per_employee": ("Per medewerker", "Per employee"),
    "open_by_age": ("Open zaken naar ouderdom", "Open cases by age"),
    "age_class": ("Ouderdom", "Age"),
    "rework": ("Herwerk", "Rework"),
    "age_class_0": ("< 4 weken", "< 4 weeks"),
    "age_class_1": ("1-3 maanden", "1-3 months"),
    "age_class_2": ("3-6 maanden", "3-6 months"),
    "age_class_3": ("6-12 maanden", "6-12 months"),
    "age_class_4": ("> 1 jaar", "> 1 year"),
    # employee page
    "employee_intro": (
        "De eigen cijfers, dezelfde die de leidinggevende ziet: voorbereiding op het goede "
        "gesprek.",
        "Your own figures, the same ones your manager sees: preparation for the conversation.",
    ),
    "choose_employee": ("Kies een medewerker", "Choose an employee"),
    "since_date": ("Sinds", "Since"),
    "since_last_conversation": ("Sinds het vorige gesprek", "Since the last conversation"),
    "last_periods": ("Over de laatste maanden", "Over the last months"),
    "conversation_prep": ("Voorbereiding goede gesprek", "Conversation preparation"),
    "pdca_unreadable": (
        "Het vorige gesprek en de afspraken zijn nu niet te lezen: de PDCA-opslag is niet "
        "bereikbaar. De cijfers hierboven staan los daarvan.",
        "The previous conversation and the agreements cannot be read now: the PDCA store is "
        "not available. The figures above do not depend on it.",
    ),
    "prep_no_previous": (
        "Er is nog geen definitief vastgelegd gesprek met deze medewerker.",
        "No conversation with this employee has been finalised yet.",
    ),
    "prep_previous": (
        "Vorig gesprek: **{date}** (leidinggevende {manager}).",
        "Previous conversation: **{date}** (manager {manager}).",
    ),
    "prep_learned": ("Wat hebben we toen geleerd", "What we learned then"),
    "prep_draft": (
        "Er staat een concept klaar voor het gesprek op {date}: verder schrijven kan op de "
        "pagina Goede gesprek.",
        "A draft is waiting for the conversation on {date}: continue it on the Conversation page.",
    ),
    "prep_no_open_agreements": (
        "Geen openstaande afspraken met deze medewerker.",
        "No open agreements with this employee.",
    ),
    "prep_to_conversation": (
        "Naar het goede gesprek met {name}",
        "To the conversation with {name}",
    ),
    # process page
    "process_intro": (
        "Hoe lang duren zaken, waar wachten ze, welke paden komen het meest voor?",
        "How long do cases take, where do they wait, which paths are most common?",
    ),
    "lead_time_distribution": ("Verdeling van de doorlooptijd", "Lead-time distribution"),
    "waiting_between_steps": ("Wachttijd tussen stappen", "Waiting time between steps"),
    "process_map": ("Proceskaart: meest voorkomende overgangen", "Process map: most common steps"),
    "top_paths": ("Meest voorkomende paden", "Most common paths"),
    "rework_loops": ("Herhaalde stappen (herwerk)", "Repeated steps (rework)"),
    "from_step": ("Van stap", "From step"),
    "to_step": ("Naar stap", "To step"),
    "path": ("Pad", "Path"),
    "min_transitions": ("Toon overgangen die minstens zo vaak voorkomen", "Minimum frequency"),
    # data quality page
    "dq_intro": (
        "Wat is er geladen, wat is geweigerd en waarom, en welke controles slaan aan?",
        "What was loaded, what was refused and why, and which checks fail?",
    ),
    "loads": ("Laatste laadacties", "Latest loads"),
    "reconciliation_ok": ("Aansluiting klopt", "Reconciliation holds"),
    "reconciliation_broken": ("Aansluiting klopt niet", "Reconciliation broken"),
    "quarantine": ("Quarantaine: geweigerde regels", "Quarantine: refused rows"),
    "quarantine_reasons": ("Redenen", "Reasons"),
    "checks": ("Controles", "Checks"),
    "check_ok": ("geen afwijkingen", "no findings"),
    "check_findings": ("{n} afwijkingen", "{n} findings"),
    "no_loads": ("Er is nog niets geladen.", "Nothing has been loaded yet."),
    "no_quarantine": ("Geen geweigerde regels.", "No refused rows."),
    "no_checks": ("Er zijn geen controles gedraaid.", "No checks have run."),
    # load page
    "load_intro": (
        "Laad een export (CSV, Excel, Parquet of XES). Het laden bouwt een nieuw "
        "gegevensbestand en wisselt het pas daarna om: wie het dashboard gebruikt, merkt er "
        "niets van.",
        "Load an export (CSV, Excel, Parquet or XES). The load builds a new data file and only "
        "then swaps it in: whoever uses the dashboard is not disturbed.",
    ),
    "upload": ("Bestanden kiezen", "Choose files"),
    "preview": ("Voorbeeld", "Preview"),
    "mapping": ("Kolommen koppelen", "Map columns"),
    "mapping_help": (
        "Koppel elke kolom van het bestand aan een standaardkolom. Standaardnamen (XES) worden "
        "vanzelf herkend.",
        "Map each column of the file to a standard column. Standard (XES) names are recognised "
        "automatically.",
    ),
    "not_used": ("(niet gebruiken)", "(not used)"),
    "start_load": ("Laden", "Load"),
    "loading": ("Bezig met laden...", "Loading..."),
    "load_done": ("Geladen.", "Loaded."),
    "load_summary": (
        "{file}: {read} regels gelezen = {loaded} geladen + {quarantined} in quarantaine + "
        "{duplicate} dubbel",
        "{file}: {read} rows read = {loaded} loaded + {quarantined} quarantined + "
        "{duplicate} duplicate",
    ),
    "load_failed": ("Laden mislukt: {error}", "Load failed: {error}"),
    "load_unavailable": (
        "Laden via het dashboard is in deze installatie niet beschikbaar: {error}",
        "Loading through the dashboard is not available in this installation: {error}",
    ),
    "reconciliation": ("Aansluiting", "Reconciliation"),
    "target_warehouse": ("Gegevensbestand", "Data file"),
    "warehouse_outdated": (
        "Tabellen die niet meer passen bij de geïnstalleerde rekenregels of configuratie (na "
        "een update van het dashboard of een gewijzigde configuratie): {count}. Tot ze opnieuw "
        "zijn berekend, tonen de pagina's de eerdere cijfers. Bijwerken berekent ze opnieuw, "
        "met de tabellen die ze lezen; het laden van een bestand doet dat ook.",
        "Tables that no longer match the installed rules or configuration (after an update of "
        "the dashboard or a changed configuration): {count}. Until they are computed again, "
        "the pages show the earlier figures. Updating computes them again, with the tables "
        "that read them; loading a file does so too.",
    ),
    "refresh_outdated": ("Tabellen bijwerken", "Update the tables"),
    "refreshing_outdated": ("Bezig met bijwerken...", "Updating..."),
    "refreshed_outdated": (
        "Tabellen bijgewerkt: {count} opnieuw berekend, met de tabellen die ze lezen.",
        "Tables updated: {count} computed again, with the tables that read them.",
    ),
    "refresh_failed": (
        "Bijwerken mislukt; het gegevensbestand is ongewijzigd: {error}",
        "Updating failed; the data file is unchanged: {error}",
    ),
    # definitions shown next to figures (the indicator catalog's text takes precedence)
    "def_instroom": (
        "Zaken ontvangen in de periode (datum van ontvangst van de aanvraag).",
        "Cases received in the period (date the application was received).",
    ),
    "def_uitstroom": (
        "Zaken met een beschikking in de periode (laatste beschikking van de zaak).",
        "Cases decided in the period (last decision of the case).",
    ),
    "def_werkvoorraad": (
        "Zaken ontvangen en nog niet beschikt op de peildatum (einde van de periode).",
        "Cases received and not yet decided at the reference date (end of the period).",
    ),
    "def_ouderdom": (
        "Mediaan van het aantal kalenderdagen sinds ontvangst, van de zaken in de werkvoorraad "
        "op de peildatum.",
        "Median number of calendar days since receipt of the cases open at the reference date.",
    ),
    "def_past_term": (
        "Zaken in de werkvoorraad op de peildatum waarvan de wettelijke termijn (met "
        "verlengingen) al verstreken is.",
        "Open cases at the reference date whose legal term (with extensions) has passed.",
    ),
    "def_tijdigheid": (
        "Aandeel van de beschikkingen in de periode dat op of voor de wettelijke termijn viel. "
        "Alleen zaken met een bekende termijn tellen mee.",
        "Share of the decisions in the period made on or before the legal term. Only cases "
        "with a known term count.",
    ),
    "def_doorlooptijd": (
        "Kalenderdagen van ontvangst tot beschikking (bruto, inclusief opschorting), van de "
        "zaken beschikt in de periode. p50 = mediaan: de helft van de zaken was sneller; "
        "p90: 90% was sneller.",
        "Calendar days from receipt to decision (gross, suspension included) of the cases "
        "decided in the period. p50 = median: half the cases were faster; p90: 90% were faster.",
    ),
    "def_productiedoel": (
        "Beschikkingen in elke doelperiode tegenover het gefinancierde productiedoel (p x q). "
        "Een periode waarvan de gegevens nog niet tot het eind lopen, krijgt het doel naar rato "
        "van de verstreken dagen.",
        "Decisions in each target period against the funded production target (p x q). A "
        "period the data does not yet cover to its end gets the target pro rata of the days "
        "passed.",
    ),
    "def_forecast_inflow": (
        "Verwachte instroom in de maand: het gemiddelde van de laatste drie volledige maanden "
        "(zaken ontvangen of heropend), per product en route opgeteld.",
        "Expected inflow in the month: the mean of the last three complete months.",
    ),
    "def_forecast_fte_needed": (
        "Fte nodig om de instroom van een maand af te handelen: instroom x de normuren van een "
        "beschikte zaak van dat product (normen van vandaag) / de productieve uren van één fte in "
        "een maand (directe uren per fte van de laatste vier weken x 4,35 weken). Voor voorbije "
        "maanden: wat hun instroom vandaag zou vragen.",
        "Fte needed to handle a month's inflow.",
    ),
    "def_forecast_available": (
        "Fte van de medewerkers met capaciteit in de laatste vier weken, hele organisatie. De "
        "flexibele schil is 10% daarvan: het plan van de IND voor kleine, kortdurende pieken.",
        "Fte of the employees with capacity in the last four weeks.",
    ),
    "def_forecast_open": (
        "Open zaken nu, plus (verwachte instroom - het tempo van beschikken in de laatste drie "
        "volledige maanden) x de maanden tot het eind van die maand; de delta is de verandering "
        "tegenover nu.",
        "Open cases now plus (expected inflow - pace of decisions) x the months to that month's "
        "end; the delta is the change from now.",
    ),
    "def_termijnbewaking": (
        "Zaken in de werkvoorraad op de peildatum, gesorteerd op het aantal dagen tot hun "
        "wettelijke termijn; negatief = termijn al verstreken.",
        "Open cases at the reference date sorted by days to their legal term; negative = "
        "term already passed.",
    ),
    "def_complexiteit": (
        "Zaken in de werkvoorraad op de peildatum per team en complexiteit.",
        "Open cases at the reference date per team and complexity.",
    ),
    "def_open_by_age": (
        "Zaken in de werkvoorraad op de peildatum naar kalenderdagen sinds ontvangst.",
        "Open cases at the reference date by calendar days since receipt.",
    ),
    "def_fairness": (
        "Spreiding van de werklast: variatiecoëfficiënt (standaardafwijking / gemiddelde; 0 = "
        "gelijk verdeeld), maximum / mediaan, en Gini (0 = gelijk, 1 = alles bij één).",
        "Spread of the workload: coefficient of variation (standard deviation / mean; 0 = "
        "even), maximum / median, and Gini (0 = even, 1 = all on one).",
    ),
    "def_capaciteit": (
        "Uren per team in de periode uit de capaciteitsregistratie; verzuim = verzuimuren / "
        "contracturen, directe uren = directe uren / beschikbare uren.",
        "Hours per team in the period from the capacity records; absence = absence hours / "
        "contract hours, direct hours = direct hours / available hours.",
    ),
    "def_werklast": (
        "Per medewerker op de peildatum: resterende normuren van de eigen open zaken, gedeeld "
        "door de productieve uren per week (gemiddelde directe uren van de laatste vier weken).",
        "Per employee at the reference date: remaining norm hours of the open cases owned, "
        "divided by productive hours per week (mean direct hours of the last four weeks).",
    ),
    "def_open_per_employee": (
        "Per medewerker op de peildatum: het aantal open zaken (lopend of opgeschort) in eigen "
        "behandeling. Werklast in weken vraagt normtijden en capaciteit; die ontbreken hier.",
        "Per employee at the reference date: open cases owned (running or suspended). Workload "
        "in weeks needs norm times and capacity, which this data lacks.",
    ),
    "def_production": (
        "Producten (afgeronde processtappen) in de periode; normuren = som van de normtijden; "
        "bewerkingstijd / norm = bestede minuten / normminuten van de producten met beide.",
        "Products (completed steps) in the period; norm hours = sum of norm times; handling "
        "time / norm = minutes spent / norm minutes of the products that have both.",
    ),
    "def_rework": (
        "Een product dat in dezelfde zaak al eerder is afgerond telt als herwerk.",
        "A product already completed earlier in the same case counts as rework.",
    ),
    "def_transitions": (
        "Overgangen tussen opeenvolgende afgeronde stappen binnen een zaak in de periode; "
        "wachttijd = tijd tussen het afronden van de ene stap en de volgende.",
        "Transitions between consecutive completed steps of a case in the period; waiting time "
        "= time between completing one step and the next.",
    ),
    "def_paths": (
        "De volgorde van afgeronde stappen per zaak, voor zaken beschikt in de periode.",
        "The sequence of completed steps per case, for cases decided in the period.",
    ),
    "reference_date_note": (
        "Werklast en termijnbewaking gelden op de peildatum van de gegevens ({date}): het moment "
        "van de laatste gebeurtenis.",
        "Workload and term watch apply at the data's reference date ({date}): the moment of the "
        "latest event.",
    ),
    "will_pass_term": ("Haalt termijn niet bij huidig tempo", "Will pass term at current pace"),
    "col_will_pass_term": ("Dreigt te laat", "At risk"),
    "col_state": ("Status", "State"),
    "col_mean_werklast": ("Gem. werklast (weken)", "Mean workload (weeks)"),
    "col_max_werklast": ("Max. werklast (weken)", "Max workload (weeks)"),
    "handling_vs_norm": (
        "Bewerkingstijd per product tegenover de norm",
        "Handling time per product against the norm",
    ),
    "col_period_start": ("Van", "From"),
    "col_period_end": ("Tot en met", "To"),
    "col_target_pro_rata": ("Doel naar rato", "Target pro rata"),
    "lead_sample": (
        "De verdeling toont een vaste steekproef van {sample} van de {total} beschikte zaken.",
        "The distribution shows a fixed sample of {sample} of the {total} decided cases.",
    ),
    "col_from": ("Van stap", "From step"),
    "col_to": ("Naar stap", "To step"),
    "col_path": ("Pad", "Path"),
    "col_mean_open": ("Gem. open zaken", "Mean open cases"),
    "col_max_open": ("Max. open zaken", "Max open cases"),
    "col_employees": ("Medewerkers", "Employees"),
    "col_cv": ("Variatiecoëfficiënt", "Coefficient of variation"),
    "col_max_median": ("Max / mediaan", "Max / median"),
    "col_gini": ("Gini", "Gini"),
    "col_suspended": ("Opgeschort", "Suspended"),
    "col_mean_handling": ("Mediane bewerkingstijd (min)", "Median handling time (min)"),
    "col_norm_minutes": ("Norm (min)", "Norm (min)"),
    "col_productivity_pct": ("Productiviteit (%)", "Productivity (%)"),
    "col_open_per_fte": ("Open zaken per fte", "Open cases per FTE"),
    "col_products_per_month": ("Producten", "Products"),
    "fairness_teams": ("Spreiding binnen elk team", "Spread within each team"),
    "fairness_location": ("Spreiding over de teams", "Spread over the teams"),
    "stands_out": (
        "Valt op: {team} heeft de grootste spreiding (variatiecoëfficiënt {cv}).",
        "Stands out: {team} has the largest spread (coefficient of variation {cv}).",
    ),
    "open_cases_value": ("Open zaken", "Open cases"),
    "capacity_free_help": (
        "Teams met de laagste werklast per fte hebben ruimte om zaken over te nemen.",
        "Teams with the lowest workload per FTE have room to take over cases.",
    ),
    "gross": ("bruto", "gross"),
    "net": ("netto (zonder opschorting)", "net (suspension excluded)"),
    "lead_time_by": ("Doorlooptijd per", "Lead time by"),
    # column labels of tables
    "col_case_id": ("Zaak", "Case"),
    "col_location": ("Locatie", "Location"),
    "col_team": ("Team", "Team"),
    "col_employee": ("Medewerker", "Employee"),
    "col_case_type": ("Product", "Case type"),
    "col_forecast_inflow": ("Instroom (prognose)", "Inflow (forecast)"),
    "col_forecast_peak": ("Piek (hoogste maand)", "Peak (highest month)"),
    "col_forecast_pace": ("Tempo beschikken", "Pace of decisions"),
    "col_open_now": ("Open nu", "Open now"),
    "col_forecast_open": ("Open over drie maanden", "Open in three months"),
    "col_norm_hours_per_case": ("Normuren per zaak", "Norm hours per case"),
    "col_fte_needed": ("Fte nodig", "Fte needed"),
    "col_fte_needed_peak": ("Fte nodig bij piek", "Fte needed at peak"),
    "col_route": ("Route", "Route"),
    "col_received": ("Ontvangen", "Received"),
    "col_deadline": ("Termijn", "Term"),
    "col_days_left": ("Dagen tot termijn", "Days to term"),
    "col_age_days": ("Ouderdom (dagen)", "Age (days)"),
    "col_open_cases": ("Open zaken", "Open cases"),
    "col_decided": ("Beschikt", "Decided"),
    "col_received_count": ("Instroom", "Inflow"),
    "col_backlog": ("Werkvoorraad", "Backlog"),
    "col_timeliness_pct": ("Tijdigheid (%)", "Timeliness (%)"),
    "col_lead_p50": ("Doorlooptijd p50 (dagen)", "Lead time p50 (days)"),
    "col_lead_p90": ("Doorlooptijd p90 (dagen)", "Lead time p90 (days)"),
    "col_past_term": ("Over termijn", "Past term"),
    "col_load_id": ("Lading", "Load"),
    "col_source_file": ("Bestand", "File"),
    "col_format": ("Formaat", "Format"),
    "col_target_table": ("Tabel", "Table"),
    "col_finished_at": ("Klaar om", "Finished at"),
    "col_rows_read": ("Gelezen", "Read"),
    "col_rows_loaded": ("Geladen", "Loaded"),
    "col_rows_quarantined": ("Quarantaine", "Quarantined"),
    "col_rows_duplicate": ("Dubbel", "Duplicate"),
    "col_reconciled": ("Sluit aan", "Reconciles"),
    "col_source_row": ("Regel", "Row"),
    "col_reason": ("Reden", "Reason"),
    "col_raw_row": ("Inhoud", "Content"),
    "col_check": ("Controle", "Check"),
    "col_findings": ("Afwijkingen", "Findings"),
    "col_transitions": ("Aantal overgangen", "Transitions"),
    "col_cases": ("Zaken", "Cases"),
    "col_median_wait_days": ("Mediane wachttijd (dagen)", "Median wait (days)"),
    "col_mean_wait_days": ("Gemiddelde wachttijd (dagen)", "Mean wait (days)"),
    "col_activity": ("Stap", "Step"),
    "col_repeats": ("Herhalingen", "Repeats"),
    "col_cases_with_rework": ("Zaken met herhaling", "Cases with repeats"),
    "col_share_pct": ("Aandeel (%)", "Share (%)"),
    "col_complexity": ("Complexiteit", "Complexity"),
    "col_contract_hours": ("Contracturen", "Contract hours"),
    "col_available_hours": ("Beschikbare uren", "Available hours"),
    "col_direct_hours": ("Directe uren", "Direct hours"),
    "col_absence_hours": ("Verzuimuren", "Absence hours"),
    "col_absence_pct": ("Verzuim (%)", "Absence (%)"),
    "col_direct_pct": ("Directe uren (%)", "Direct hours (%)"),
    "col_fte": ("Fte", "FTE"),
    "col_workload_weeks": ("Werklast per fte (weken)", "Workload per FTE (weeks)"),
    "col_value": ("Waarde", "Value"),
    "col_target": ("Doel", "Target"),
    "col_status": ("Status", "Status"),
    "col_indicator": ("Indicator", "Indicator"),
    "col_month": ("Maand", "Month"),
    "col_products": ("Producten", "Products"),
    "col_norm_hours": ("Normuren", "Norm hours"),
    "col_effort_hours": ("Bestede uren", "Booked hours"),
    "col_effort_vs_norm_pct": ("Bewerkingstijd / norm (%)", "Handling time / norm (%)"),
    "col_running": ("Lopend", "Running"),
    "col_to_plan": ("Te plannen", "To plan"),
    "col_rework_pct": ("Herwerk (%)", "Rework (%)"),
    # PDCA: goals, conversations, agreements (dashboard/views/pdca_*.py)
    "section_pdca": ("PDCA", "PDCA"),
    "pdca_page_goals": ("Sturingsdoelen (Plan)", "Steering goals (Plan)"),
    "pdca_page_conversation": ("Goede gesprek (Check)", "Conversation (Check)"),
    "pdca_page_actions": ("Afspraken en acties (Act)", "Agreements and actions (Act)"),
    "pdca_page_review": ("Team- en locatiereview", "Team and location review"),
    "pdca_goals_intro": (
        "Leg per eenheid, periode en indicator een realistisch doel vast. Een wijziging wordt "
        "een nieuwe versie; de geschiedenis blijft zichtbaar.",
        "Set a realistic goal per unit, period and indicator. A change becomes a new version; "
        "the history stays visible.",
    ),
    "pdca_conversation_intro": (
        "Alles sinds het vorige gesprek, de afspraken van toen, en het verslag van nu. Wat u "
        "typt wordt direct als concept bewaard.",
        "Everything since the previous conversation, the agreements made then, and today's "
        "record. What you type is saved as a draft straight away.",
    ),
    "pdca_actions_intro": (
        "Openstaande afspraken per team en locatie; verlopen afspraken eerst.",
        "Open agreements per team and location; overdue ones first.",
    ),
    "pdca_review_intro": (
        "Plan, Check en Act voor een heel team of een hele locatie.",
        "Plan, Check and Act for a whole team or location.",
    ),
    "pdca_store_unavailable": (
        "De PDCA-opslag is niet bereikbaar: {error}",
        "The PDCA store is not available: {error}",
    ),
    "pdca_unit_type": ("Eenheid", "Unit"),
    "pdca_unit_organisatie": ("Organisatie", "Organisation"),
    "pdca_unit_locatie": ("Locatie", "Location"),
    "pdca_unit_team": ("Team", "Team"),
    "pdca_unit_medewerker": ("Medewerker", "Employee"),
    "pdca_choose_locatie": ("Kies een locatie", "Choose a location"),
    "pdca_choose_team": ("Kies een team", "Choose a team"),
    "pdca_choose_medewerker": ("Kies een medewerker", "Choose an employee"),
    "pdca_choose_placeholder": ("Kies of typ een code", "Choose or type an id"),
    "pdca_choose_unit_first": ("Kies eerst een eenheid.", "Choose a unit first."),
    "pdca_realistic": ("Wat is realistisch?", "What is realistic?"),
    "pdca_realistic_note": (
        "Realisatie, instroom en beschikbare uren van de eenheid in de laatste zes maanden.",
        "Realisation, inflow and available hours of the unit over the last six months.",
    ),
    "pdca_set_goal": ("Doel vastleggen", "Set a goal"),
    "pdca_period_start": ("Begin periode", "Period start"),
    "pdca_period_end": ("Einde periode (eerste dag erna)", "Period end (first day after)"),
    "pdca_direction_higher": ("hoger is beter", "higher is better"),
    "pdca_direction_lower": ("lager is beter", "lower is better"),
    "pdca_red_help": (
        "Voorbij deze grens (de verkeerde kant op) is de realisatie rood; tussen de grens en "
        "het doel oranje; doel gehaald is groen.",
        "Beyond this boundary (the wrong way) the result is red; between it and the target "
        "amber; target reached is green.",
    ),
    "pdca_note": ("Toelichting", "Note"),
    "pdca_save_goal": ("Doel opslaan", "Save goal"),
    "pdca_goal_saved": ("Doel opgeslagen (versie {version}).", "Goal saved (version {version})."),
    "pdca_current_goals": ("Doelen van {unit}", "Goals of {unit}"),
    "pdca_no_goals": (
        "Er zijn nog geen sturingsdoelen vastgelegd.",
        "No steering goals have been set yet.",
    ),
    "pdca_goal_history": ("Geschiedenis van een doel", "History of a goal"),
    "pdca_withdraw_goal": (
        "Doel intrekken (als nieuwe versie)",
        "Withdraw goal (as a new version)",
    ),
    "pdca_col_goal": ("Doel", "Goal"),
    "pdca_col_red": ("Grens rood", "Red boundary"),
    "pdca_col_direction": ("Richting", "Direction"),
    "pdca_col_version": ("Versie", "Version"),
    "pdca_col_withdrawn": ("Ingetrokken", "Withdrawn"),
    "pdca_col_by": ("Door", "By"),
    "pdca_col_when": ("Wanneer (UTC)", "When (UTC)"),
    "pdca_col_figure": ("Cijfer", "Figure"),
    "pdca_col_what": ("Afspraak", "Agreement"),
    "pdca_col_who": ("Wie", "Who"),
    "pdca_col_due": ("Uiterlijk op", "Due"),
    "pdca_col_note": ("Opvolging", "Follow-up"),
    "pdca_col_subject": ("Gemaakt met", "Made with"),
    "pdca_yes": ("ja", "yes"),
    "pdca_no_value": ("geen waarde", "no value"),
    "pdca_since_previous": (
        "Sinds het vorige gesprek ({date})",
        "Since the last conversation ({date})",
    ),
    "pdca_since_weeks": (
        "De laatste {weeks} weken (nog geen eerder gesprek)",
        "The last {weeks} weeks (no earlier conversation)",
    ),
    "pdca_workload_vs_team": ("{what}", "{what}"),
    "pdca_vs_team": ("{difference} t.o.v. team ({team})", "{difference} against team ({team})"),
    "pdca_results_vs_goals": ("Resultaten tegenover de doelen", "Results against the goals"),
    "pdca_all_figures": ("Alle cijfers van deze periode", "All figures of this period"),
    "pdca_trend_scores": (
        "Werkplezier en ervaren werkdruk over de gesprekken",
        "Work pleasure and felt workload over the conversations",
    ),
    "pdca_score_pleasure": ("Werkplezier", "Work pleasure"),
    "pdca_score_workload": ("Ervaren werkdruk", "Felt workload"),
    "pdca_score_pleasure_help": ("1 = heel weinig, 5 = heel veel", "1 = very little, 5 = a lot"),
    "pdca_score_workload_help": ("1 = heel laag, 5 = heel hoog", "1 = very low, 5 = very high"),
    "pdca_open_agreements": (
        "Afspraken van eerdere gesprekken",
        "Agreements from earlier conversations",
    ),
    "pdca_no_open_agreements": ("Geen openstaande afspraken.", "No open agreements."),
    "pdca_this_conversation": ("Dit gesprek", "This conversation"),
    "pdca_held_on": ("Datum gesprek", "Date of the conversation"),
    "pdca_start_conversation": ("Gesprek starten", "Start conversation"),
    "pdca_concept_of": (
        "Concept van het gesprek op {date} (leidinggevende {manager}).",
        "Draft of the conversation on {date} (manager {manager}).",
    ),
    "pdca_concept_names_hidden": (
        "Dit concept noemt medewerkers die u niet bij naam mag zien; zij staan er als [naam]."
        " Alleen wie de namen mag zien, kan het concept bewerken.",
        "This draft names employees you may not see by name; they are shown as [naam]. Only"
        " someone who may see the names can edit the draft.",
    ),
    "pdca_side_employee": ("Reflectie van de medewerker", "The employee's reflection"),
    "pdca_side_team": ("Reflectie van het team", "The team's reflection"),
    "pdca_side_manager": ("Reflectie van de leidinggevende", "The manager's reflection"),
    "pdca_autosaved": ("Concept bewaard.", "Draft saved."),
    "pdca_edit_conflict": (
        "Iemand anders heeft intussen ook opgeslagen in: {fields}. Uw tekst staat nog in het"
        " veld, de opgeslagen tekst eronder; de andere velden zijn samengevoegd. Sla opnieuw op"
        " om uw tekst te bewaren.",
        "Someone else saved in {fields} meanwhile. Your text is still in the field, the stored"
        " text below it; the other fields were merged. Save again to keep your text.",
    ),
    "pdca_stored_by_other": ("Opgeslagen door een ander:", "Stored by someone else:"),
    "pdca_finalised_meanwhile": (
        "Dit gesprek is intussen definitief vastgelegd; uw tekst is niet opgeslagen. Hieronder"
        " staat wat u typte, om te bewaren.",
        "This conversation was finalised meanwhile; your text was not saved. What you typed is"
        " below, to keep.",
    ),
    "pdca_agreements_here": ("Afspraken in dit gesprek", "Agreements in this conversation"),
    "pdca_new_agreement": ("Nieuwe afspraak", "New agreement"),
    "pdca_add_agreement": ("Afspraak toevoegen", "Add agreement"),
    "pdca_agreement_saved": ("Afspraak opgeslagen.", "Agreement saved."),
    "pdca_store_busy": (
        "de PDCA-store is bezet (vergrendeld door een andere bewerking); probeer het zo opnieuw",
        "the PDCA store is busy (locked by another change); try again in a moment",
    ),
    "pdca_store_failed": (
        "Niet opgeslagen: {error}. Wat u typte staat nog in het formulier.",
        "Not saved: {error}. What you typed is still in the form.",
    ),
    "pdca_update_agreement": ("Status bijwerken", "Update status"),
    "pdca_save_concept": ("Concept opslaan", "Save draft"),
    "pdca_finalise": ("Definitief vastleggen", "Finalise"),
    "pdca_finalised": (
        "Het gesprek is definitief vastgelegd, met de cijfers van vandaag.",
        "The conversation is finalised, with today's figures.",
    ),
    "pdca_print_concept": ("Verslag afdrukken (concept)", "Print report (draft)"),
    "pdca_print_record": ("Verslag afdrukken", "Print report"),
    "pdca_earlier_conversations": ("Eerdere gesprekken", "Earlier conversations"),
    "pdca_choose_conversation": ("Gesprek van", "Conversation of"),
    "pdca_record_fixed": (
        "Definitief vastgelegd op {date} door {by}; de cijfers zijn die van die dag.",
        "Finalised on {date} by {by}; the figures are those of that day.",
    ),
    "pdca_status_open": ("open", "open"),
    "pdca_status_bezig": ("bezig", "in progress"),
    "pdca_status_afgerond": ("afgerond", "done"),
    "pdca_status_vervallen": ("vervallen", "dropped"),
    "pdca_overdue": ("verlopen", "overdue"),
    "pdca_only_overdue": ("Alleen verlopen", "Overdue only"),
    "pdca_open": ("Open", "Open"),
    "pdca_overdue_count": ("Verlopen", "Overdue"),
    "pdca_closed_count": ("Afgerond of vervallen", "Done or dropped"),
    "pdca_no_actions": ("Geen openstaande afspraken voor deze keuze.", "No open agreements here."),
    "pdca_per_team_location": ("Per locatie en team", "Per location and team"),
    "pdca_actions_list": ("Afspraken", "Agreements"),
    "pdca_plan": ("Plan: doelen en realisatie", "Plan: goals and realisation"),
    "pdca_check": ("Check: cijfers en gesprekken", "Check: figures and conversations"),
    "pdca_act": ("Act: afspraken en acties", "Act: agreements and actions"),
    "pdca_review_period": (
        "Realisatie over de maand van {month}.",
        "Realisation over the month of {month}.",
    ),
    "pdca_conversations_90d": ("Gesprekken (90 dagen)", "Conversations (90 days)"),
    "pdca_mean_pleasure": ("Gemiddeld werkplezier", "Average work pleasure"),
    "pdca_mean_pleasure_help": (
        "Gemiddelde van de werkplezierscores (1-5) in de gesprekken van de laatste 90 dagen.",
        "Mean of the work-pleasure scores (1-5) in the conversations of the last 90 days.",
    ),
    "pdca_mean_hidden": ("verborgen", "hidden"),
    "pdca_mean_hidden_note": (
        "Gemiddeld werkplezier verborgen: minder dan {minimum} medewerkers met een score.",
        "Average work pleasure hidden: fewer than {minimum} employees with a score.",
    ),
    "pdca_last_conversation": ("Laatste gesprek", "Last conversation"),
    "pdca_open_and_overdue": (
        "{open} open, waarvan {overdue} verlopen.",
        "{open} open, {overdue} overdue.",
    ),
}


def language() -> str:
    """The language of this session: the switch, else the URL (`?taal=en`), else Dutch."""
    chosen = st.session_state.get(SWITCH_KEY) or st.query_params.get("taal", DEFAULT_LANGUAGE)
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def translate(key: str, lang: str, **values: object) -> str:
    """The label for `key` in `lang`, with `{name}` placeholders filled from `values`."""
    pair = LABELS.get(key)
    text = key if pair is None else pair[LANGUAGES.index(lang)]
    return text.format(**values) if values else text


def t(key: str, **values: object) -> str:
    """The label for `key` in the session's language."""
    return translate(key, language(), **values)


def language_switch() -> str:
    """NL/EN switch in the sidebar, mirrored in the URL (`?taal=en`); returns the language."""
    current = language()
    chosen = st.sidebar.segmented_control(
        LABELS["language"][LANGUAGES.index(current)],
        options=list(LANGUAGES),
        default=current,
        format_func=str.upper,
        key=SWITCH_KEY,
    )
    chosen = chosen if chosen in LANGUAGES else current
    if chosen == DEFAULT_LANGUAGE:
        if "taal" in st.query_params:
            del st.query_params["taal"]
    elif st.query_params.get("taal") != chosen:
        st.query_params["taal"] = chosen
    return chosen
