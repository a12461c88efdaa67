"""Canonical column names and types: declared once, used everywhere.

Every reader maps its source onto these names; every SQL file under `sql/` uses
them. Timestamps are instants stored in UTC (DuckDB `TIMESTAMPTZ`, Polars
`Datetime("us", "UTC")`); they are shown in Europe/Amsterdam.
"""

from __future__ import annotations

import polars as pl

DISPLAY_TIMEZONE = "Europe/Amsterdam"
UTC_DATETIME = pl.Datetime("us", "UTC")

# --- events: one row per event in a case ---------------------------------------------------
CASE_ID = "case_id"
ACTIVITY = "activity"  # the product step, e.g. "beschikking"
LIFECYCLE = "lifecycle"  # XES lifecycle transition, lower case: start, complete, assign, ...
EVENT_AT = "event_at"  # instant of the event, UTC
EMPLOYEE_ID = "employee_id"
TEAM_ID = "team_id"
LOCATION_ID = "location_id"
EFFORT_MINUTES = "effort_minutes"  # booked effort for this event, if the source books time
SOURCE_EVENT_ID = "source_event_id"  # the source system's own event id, if it has one

# Columns the loader adds.
EVENT_KEY = "event_key"  # stable content hash: loading the same event twice adds nothing
SOURCE_FILE = "source_file"
SOURCE_ROW = "source_row"  # 1-based row (or event) number in the source file
LOAD_ID = "load_id"

# --- case attributes: one row per case, carried on the events of a source file -------------
CASE_TYPE = "case_type"  # asiel, nareis, regulier, naturalisatie, ... (the "product" of a case)
ROUTE = "route"  # e.g. AA, VA, Dublin, veilig land
TARGET_GROUP = "target_group"
PRIORITY = "priority"
COMPLEXITY = "complexity"
RECEIVED_AT = "received_at"  # receipt of the application: the legal term runs from here
DEADLINE_AT = "deadline_at"  # legal term (beslistermijn), including extensions
DECIDED_AT = "decided_at"
OUTCOME = "outcome"
NOTICE_OF_DEFAULT_AT = "notice_of_default_at"  # ingebrekestelling received (dwangsom)

REQUIRED_EVENT_COLUMNS: tuple[str, ...] = (CASE_ID, ACTIVITY, EVENT_AT)

EVENT_COLUMNS: dict[str, pl.DataType] = {
    CASE_ID: pl.String(),
    ACTIVITY: pl.String(),
    LIFECYCLE: pl.String(),
    EVENT_AT: UTC_DATETIME,
    EMPLOYEE_ID: pl.String(),
    TEAM_ID: pl.String(),
    LOCATION_ID: pl.String(),
    EFFORT_MINUTES: pl.Float64(),
    SOURCE_EVENT_ID: pl.String(),
}

CASE_ATTRIBUTE_COLUMNS: dict[str, pl.DataType] = {
    CASE_TYPE: pl.String(),
    ROUTE: pl.String(),
    TARGET_GROUP: pl.String(),
    PRIORITY: pl.String(),
    COMPLEXITY: pl.String(),
    RECEIVED_AT: UTC_DATETIME,
    DEADLINE_AT: UTC_DATETIME,
    DECIDED_AT: UTC_DATETIME,
    OUTCOME: pl.String(),
    NOTICE_OF_DEFAULT_AT: UTC_DATETIME,
}

# XES standard attribute names understood with no mapping file.
XES_STANDARD_NAMES: dict[str, str] = {
    "case:concept:name": CASE_ID,
    "concept:name": ACTIVITY,
    "lifecycle:transition": LIFECYCLE,
    "time:timestamp": EVENT_AT,
    "org:resource": EMPLOYEE_ID,
    "org:group": TEAM_ID,
    "concept:instance": SOURCE_EVENT_ID,
    "identity:id": SOURCE_EVENT_ID,
}

# Lifecycle value assumed where a source has none (most exports record completions only).
DEFAULT_LIFECYCLE = "complete"

# --- reference tables: the organisation, norms, capacity, targets --------------------------
# A file whose name (without extension) is one of these keys loads into that table instead of
# into `events`; its columns must be the ones listed (extra columns are refused).
REFERENCE_TABLES: dict[str, dict[str, pl.DataType]] = {
    "locations": {"location_id": pl.String(), "location_name": pl.String()},
    "teams": {"team_id": pl.String(), "team_name": pl.String(), "location_id": pl.String()},
    "employees": {
        "employee_id": pl.String(),
        "employee_name": pl.String(),
        "role": pl.String(),
        "fte": pl.Float64(),
        "competences": pl.String(),  # comma-separated
        "started_on": pl.Date(),
        "left_on": pl.Date(),
    },
    # Team membership over time: people move between teams. valid_to is exclusive, null = open.
    "employee_teams": {
        "employee_id": pl.String(),
        "team_id": pl.String(),
        "valid_from": pl.Date(),
        "valid_to": pl.Date(),
    },
    # Norm time per product (activity), optionally per case type; valid_to exclusive.
    "norms": {
        "activity": pl.String(),
        "case_type": pl.String(),
        "norm_minutes": pl.Float64(),
        "valid_from": pl.Date(),
        "valid_to": pl.Date(),
    },
    # Hours per employee and ISO week (week_start is the Monday).
    "capacity": {
        "employee_id": pl.String(),
        "week_start": pl.Date(),
        "contract_hours": pl.Float64(),
        "available_hours": pl.Float64(),
        "direct_hours": pl.Float64(),
        "indirect_hours": pl.Float64(),
        "absence_hours": pl.Float64(),
        "leave_hours": pl.Float64(),
    },
    # Funded production target (p x q) per period; location null = whole organisation.
    "production_targets": {
        "period_start": pl.Date(),
        "period_end": pl.Date(),
        "case_type": pl.String(),
        "location_id": pl.String(),
        "target_decisions": pl.Int64(),
    },
}

# --- event conventions ------------------------------------------------------------------------
# How a case's life shows in its events. The generator writes them; the indicator SQL reads
# them; a real export is mapped onto them where it can be (a log without them still loads:
# then a case counts as received at its first event and decided at its last).
#
# - receipt: case attribute received_at, and an event ACTIVITY_RECEIPT / complete at that moment.
# - assignment: lifecycle LIFECYCLE_ASSIGN with employee_id/team_id/location_id set; a later
#   assign to someone else is a reassignment. Before the first assign a case is *te plannen*,
#   after it *lopend* (with that owner). Logs with no assign events: the first event that names
#   an employee assigns the case.
# - work on a product: lifecycle start + complete by the employee; effort_minutes (booked time)
#   on the complete event. The activity is the product (aanmeldgehoor, eerste gehoor, ...).
#   Rework: the same activity completed more than once in one case.
# - suspension (opschorting) of the legal term: ACTIVITY_SUSPENSION with lifecycle
#   LIFECYCLE_SUSPEND at its start and LIFECYCLE_RESUME at its end.
# - decision: ACTIVITY_DECISION / complete; the case attribute decided_at is the last decision.
# - reopening: ACTIVITY_REOPEN / complete after a decision puts the case back in the open stock
#   (with its last owner) until the next decision.
ACTIVITY_RECEIPT = "ontvangst"
ACTIVITY_SUSPENSION = "opschorting"
ACTIVITY_DECISION = "beschikking"
ACTIVITY_REOPEN = "heropening"
LIFECYCLE_ASSIGN = "assign"
LIFECYCLE_START = "start"
LIFECYCLE_COMPLETE = "complete"
LIFECYCLE_SUSPEND = "suspend"
LIFECYCLE_RESUME = "resume"
