"""Load source files into the warehouse: validate, quarantine, de-duplicate, refresh, check.

`load_files` is the one load path: the CLI, the dashboard's upload page and the demo
generator all call it. All files of one call form one load (one `load_id`) and one new
version of the warehouse (see `pipelines.warehouse`): either every file is in it, or the
warehouse stays exactly as it was.

Memory stays bounded whatever the file size: Polars streams each source through the
validation step into staging Parquet files, and DuckDB inserts from those files under its
`memory_limit`, spilling to disk where it must. Every event file is staged (and any bad one
refused) before the events of all of them are stored together: monthly exports come as many
files, and one de-duplication against the warehouse per load costs far less than one per file.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from pipelines.checks import run_checks
from pipelines.errors import SourceError, escape_controls
from pipelines.mapping import (
    Mapping,
    ResolvedMapping,
    as_mapping,
    resolve_mapping,
)
from pipelines.readers import RawSource, open_source
from pipelines.reference import canonical_reference_rows, table_constraints
from pipelines.refresh import apply_schema, refresh_derived
from pipelines.schema import (
    CASE_ATTRIBUTE_COLUMNS,
    CASE_ID,
    DECIDED_AT,
    EVENT_COLUMNS,
    RECEIVED_AT,
    REFERENCE_TABLES,
    SOURCE_ROW,
)
from pipelines.settings import Settings, get_settings
from pipelines.validate import ATTRIBUTES, CANONICAL_COLUMNS, RAW_ROW, REASON, canonical_events
from pipelines.warehouse import next_version, sql_text

ProgressCallback = Callable[[int, int | None], None]
"""Called with (rows done, rows in total or None when unknown) while a load runs."""

XES_EVENT_NUMBER = "event_number"  # the XES reader numbers events itself
STAGING_DIR_PREFIX = "file-"  # + the file's position in the load
# The position in the load of the file a staged row comes from, read from its staging
# directory's name: DuckDB normalises the rest of the path it reports.
STAGED_FILE_INDEX = f"regexp_extract(filename, '{STAGING_DIR_PREFIX}([0-9]+)/[^/]+$', 1)::integer"
STAGED_EVENT_COLUMNS = [SOURCE_ROW, *EVENT_COLUMNS, REASON, RAW_ROW]
# Where the rows of one case disagree on an attribute: the earliest receipt, else the largest
# (latest) value; the same in Polars (per batch) and in SQL (over the batches).
CASE_ATTRIBUTE_AGGREGATES = {
    name: "min" if name == RECEIVED_AT else "max" for name in CASE_ATTRIBUTE_COLUMNS
}


@dataclass(frozen=True)
class FileReconciliation:
    """What happened to the rows of one file in one load (also a row of table `loads`)."""

    load_id: int
    source_file: str
    source_format: str
    target_table: str
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    rows_duplicate: int
    received_rule: str | None = None
    decided_rule: str | None = None
    # The first quarantined rows (row number, reason), for the CLI; all are in `quarantine`.
    first_quarantined: tuple[tuple[int | None, str], ...] = ()

    @property
    def balanced(self) -> bool:
        return self.rows_read == self.rows_loaded + self.rows_quarantined + self.rows_duplicate

    def summary(self) -> str:
        """One line: rows read = loaded + quarantined + duplicates."""
        return (
            f"{self.source_file}: {self.rows_read:,} rows read = {self.rows_loaded:,} loaded"
            f" + {self.rows_quarantined:,} quarantined + {self.rows_duplicate:,} duplicates"
            f" (into {self.target_table})"
        )

    def quarantine_lines(self) -> list[str]:
        """One line per first quarantined row (`  row 7: reason`), then how many more."""
        lines = [
            f"  row {row if row is not None else '?'}: {reason}"
            for row, reason in self.first_quarantined
        ]
        more = self.rows_quarantined - len(self.first_quarantined)
        if more > 0:
            lines.append(f"  ... and {more:,} more (table quarantine, page Datakwaliteit)")
        return lines


def load_files(
    db_path: Path | str,
    files: Sequence[Path | str],
    mapping: Mapping | dict | Path | str | None = None,
    progress: ProgressCallback | None = None,
    settings: Settings | None = None,
    status: Callable[[str], None] | None = None,
) -> list[FileReconciliation]:
    """Load `files` into the warehouse at `db_path` (created if missing), as one load.

    Event files go to `events` (+ `case_attributes`); a file named after a reference table
    (`employees.csv`, `capacity.parquet`, ...) replaces that table. Raises SourceError (one
    line: file and problem) and leaves the warehouse unchanged when any file cannot be
    loaded. Returns one reconciliation per file. `status`, if given, hears each step of a
    long load in one line ("refreshing the derived tables", ...).
    """
    say = status or (lambda _message: None)
    settings = settings or get_settings()
    mapping_file = Path(mapping).name if isinstance(mapping, (str, Path)) else None
    mapping = as_mapping(mapping)
    if not files:
        raise SourceError(Path(db_path), "no files to load")
    sources = _distinct_sources(files)
    totals = [source.total_rows for source in sources]
    counter = _RowCounter(progress, None if None in totals else sum(t or 0 for t in totals))

    with next_version(db_path, settings) as version:
        con = version.con
        apply_schema(con)
        load_id = int(con.sql("select nextval('load_id_sequence')").fetchall()[0][0])
        # Event files are only validated and staged here, and stored all at once below: one
        # de-duplication against the warehouse per load instead of one per file.
        results: dict[int, tuple[FileReconciliation, object]] = {}
        staged_files: list[_StagedEventFile] = []
        for index, source in enumerate(sources):
            staging_dir = version.scratch_dir / f"{STAGING_DIR_PREFIX}{index}"
            staging_dir.mkdir()
            started = _now(con)
            table = source.path.stem.lower()
            if table in REFERENCE_TABLES:
                result = _load_reference_file(
                    con, source, table, load_id, staging_dir, counter, settings
                )
                results[index] = (result, started)
                say(f"{source.path.name}: stored")
            else:
                staged = _stage_event_file(
                    index, source, mapping, staging_dir, settings, counter, con, started
                )
                staged_files.append(staged)
                say(f"{source.path.name}: {_count(staged.rows_read, 'row')} checked")
        if staged_files:
            say(f"storing the events of {_count(len(staged_files), 'file')}")
            for staged, result in zip(
                staged_files, _store_event_files(con, staged_files, mapping, load_id), strict=True
            ):
                results[staged.index] = (result, staged.started_at)
        for index in sorted(results):
            result, started = results[index]
            _record_load(con, result, started, mapping_file=mapping_file)
        for index, (result, started) in results.items():
            results[index] = (_with_first_quarantined(con, result), started)
        say("refreshing the derived tables")
        refresh_derived(con, changed_load_id=load_id)
        say("running the data-quality checks")
        run_checks(con, load_id)
        say("writing the new version of the warehouse")
    counter.finish()
    return [results[index][0] for index in sorted(results)]


QUARANTINE_LINES = 5  # quarantined rows the CLI names per file


def _with_first_quarantined(
    con: duckdb.DuckDBPyConnection, result: FileReconciliation
) -> FileReconciliation:
    if not result.rows_quarantined:
        return result
    rows = con.execute(
        "select source_row, reason from quarantine where load_id = ? and source_file = ?"
        " order by source_row limit ?",
        [result.load_id, result.source_file, QUARANTINE_LINES],
    ).fetchall()
    return replace(result, first_quarantined=tuple((row, reason) for row, reason in rows))


# --- event files ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _StagedEventFile:
    """An event file of the load, validated into its own staging directory, not yet stored."""

    index: int  # position in the load: an event's first file in this order keeps it
    source: RawSource
    staging_dir: Path
    resolved: ResolvedMapping
    rows_read: int
    rows_quarantined: int
    started_at: object


def _stage_event_file(
    index: int,
    source: RawSource,
    mapping: Mapping,
    staging_dir: Path,
    settings: Settings,
    counter: _RowCounter,
    con: duckdb.DuckDBPyConnection,
    started_at: object,
) -> _StagedEventFile:
    """Validate one event file into `staging_dir` and count its rows; nothing goes into the
    warehouse yet."""
    resolved = _stage_events(source, mapping, staging_dir, settings, counter)
    if counter.callback is not None:
        counter.callback(counter.done, counter.total)
    rows_read, rows_quarantined, indexes = con.sql(
        f"select count(*), count(*) filter (where {REASON} is not null),"
        f" list(distinct {STAGED_FILE_INDEX})"
        f" from read_parquet('{sql_text(str(staging_dir))}/events-*.parquet', filename = true)"
    ).fetchall()[0]
    if rows_read == 0:
        raise SourceError(source.path, "the file has no rows")
    # Every row must find its file again when the files are stored together.
    if indexes != [index]:
        raise AssertionError(f"{staging_dir}: staged rows name file {indexes}, not {index}")
    if source.total_rows is not None and rows_read != source.total_rows:
        raise SourceError(
            source.path, f"read {rows_read:,} rows but the file holds {source.total_rows:,}"
        )
    return _StagedEventFile(
        index, source, staging_dir, resolved, rows_read, rows_quarantined, started_at
    )


def _store_event_files(
    con: duckdb.DuckDBPyConnection,
    staged_files: list[_StagedEventFile],
    mapping: Mapping,
    load_id: int,
) -> list[FileReconciliation]:
    """Store the quarantined rows, new events and case attributes of every staged event file,
    each in one statement; returns the reconciliation of each file, in the files' order."""
    _create_staged_files_table(con, staged_files, mapping)
    try:
        _insert_quarantine(con, _staged_parts(staged_files, "events"), load_id)
        loaded = _insert_new_events(con, _staged_parts(staged_files, "events"), load_id)
        _upsert_case_attributes(con, _staged_parts(staged_files, "cases"), mapping, load_id)
    finally:
        con.execute("drop table if exists temp.staged_files")
    results = []
    for staged in staged_files:
        name = staged.source.path.name
        received_rule, decided_rule = _file_rules(staged.resolved, mapping)
        rows_loaded = loaded.get(name, 0)
        results.append(
            FileReconciliation(
                load_id=load_id,
                source_file=name,
                source_format=staged.source.format,
                target_table="events",
                rows_read=staged.rows_read,
                rows_loaded=rows_loaded,
                rows_quarantined=staged.rows_quarantined,
                rows_duplicate=staged.rows_read - staged.rows_quarantined - rows_loaded,
                received_rule=received_rule,
                decided_rule=decided_rule,
            )
        )
    return results


def _create_staged_files_table(
    con: duckdb.DuckDBPyConnection, staged_files: list[_StagedEventFile], mapping: Mapping
) -> None:
    """Temp table `staged_files`: per staged event file its position, name and what it says
    of its cases (the attributes it sets, the columns receipt and decision come from)."""
    con.execute(
        """
        create or replace temp table staged_files (
            file_index       integer   not null primary key,
            source_file      varchar   not null,
            sets             varchar[] not null,  -- case attributes (and 'attributes') it sets
            received_source  varchar,
            decided_source   varchar
        )
        """
    )
    con.executemany(
        "insert into staged_files values (?, ?, ?, ?, ?)",
        [
            [
                staged.index,
                staged.source.path.name,
                _attributes_set(staged.resolved, mapping),
                staged.resolved.source_for(RECEIVED_AT),
                staged.resolved.source_for(DECIDED_AT),
            ]
            for staged in staged_files
        ],
    )


def _attributes_set(resolved: ResolvedMapping, mapping: Mapping) -> list[str]:
    """The case attributes a file sets on each case it names; the others keep their value.

    A column the file carries sets it (null included: an empty decision date means the case
    is open again); receipt and decision are set by a receipt or closing activity as well.
    """
    names = [name for name in CASE_ATTRIBUTE_COLUMNS if resolved.source_for(name)]
    if mapping.receipt_activities and RECEIVED_AT not in names:
        names.append(RECEIVED_AT)
    if mapping.closing_activities and DECIDED_AT not in names:
        names.append(DECIDED_AT)
    if resolved.case_attribute_sources:
        names.append(ATTRIBUTES)
    return names


def _staged_parts(staged_files: list[_StagedEventFile], kind: str) -> str:
    """read_parquet over the `kind` ('events' or 'cases') Parquet files of every staged file,
    with the file of each row (STAGED_FILE_INDEX)."""
    patterns = ", ".join(
        f"'{sql_text(str(staged.staging_dir))}/{kind}-*.parquet'" for staged in staged_files
    )
    return (
        f"(select *, {STAGED_FILE_INDEX} as file_index"
        f" from read_parquet([{patterns}], filename = true))"
    )


def _stage_events(
    source: RawSource,
    mapping: Mapping,
    staging_dir: Path,
    settings: Settings,
    counter: _RowCounter,
) -> ResolvedMapping:
    """Stream the source through validation into staging Parquet files; the resolved mapping."""
    resolved: ResolvedMapping | None = None
    now = datetime.now(UTC)
    window, deadline_window = (
        settings.plausible_window(now),
        settings.plausible_deadline_window(now),
    )
    seen_columns: list[str] = []
    next_row = 1
    batches = source.batches(
        settings.load_batch_rows,
        mapping.sheet,
        mapping.separator,
        max_decompressed_bytes=settings.max_decompressed_bytes,
    )
    for part, batch in enumerate(batches):
        if resolved is not None:
            # A later XES batch may lack an attribute an earlier one had: null, not an error.
            missing = [name for name in seen_columns if name not in batch.columns]
            batch = batch.with_columns(pl.lit(None, dtype=pl.String).alias(n) for n in missing)
        resolved = resolve_mapping(batch.columns, mapping, source.path)
        _refuse_unsupported_types(batch.schema, resolved, source.path)
        seen_columns += [name for name in batch.columns if name not in seen_columns]
        row_number = XES_EVENT_NUMBER if source.format.startswith("xes") else None
        if row_number not in batch.columns:
            row_number = None
        staged = canonical_events(
            batch.lazy(),
            resolved,
            mapping,
            next_row,
            row_number,
            window,
            deadline_window,
            settings.max_field_chars,
        ).collect()
        # Case attributes repeat on every event of a case: staged once per case and batch.
        staged.select(STAGED_EVENT_COLUMNS).write_parquet(
            staging_dir / f"events-{part:05d}.parquet", compression="lz4"
        )
        case_rows(staged).write_parquet(staging_dir / f"cases-{part:05d}.parquet")
        next_row += batch.height
        counter.add(batch.height)
    if resolved is None:
        raise SourceError(source.path, "the file has no rows")
    return resolved


def _refuse_unsupported_types(schema: pl.Schema, resolved: ResolvedMapping, path: Path) -> None:
    """SourceError naming the first column the loader cannot read: a list, struct or binary
    column mapped onto a canonical column, or a binary column anywhere (no JSON for the raw
    row of a quarantined row)."""
    mapped = {resolved.source_for(name) for name in CANONICAL_COLUMNS} - {None}
    for name, dtype in schema.items():
        nested = dtype.is_nested() or dtype == pl.Object
        binary = "binary" in str(dtype).lower()
        if binary or (nested and name in mapped):
            raise SourceError(
                path,
                f"column '{name}' has type {dtype}, which the loader cannot read;"
                " write it as text, a number or a timestamp",
            )


def case_rows(staged: pl.DataFrame) -> pl.DataFrame:
    """One row per case of the good staged rows: its case attributes (CASE_ATTRIBUTE_AGGREGATES
    where the rows of a case disagree)."""
    return (
        staged.lazy()
        .filter(pl.col(REASON).is_null())
        .group_by(CASE_ID)
        .agg(
            *(
                getattr(pl.col(name), CASE_ATTRIBUTE_AGGREGATES[name])()
                for name in CASE_ATTRIBUTE_COLUMNS
            ),
            pl.col(ATTRIBUTES).max(),
        )
        .collect()
    )


def _insert_quarantine(con: duckdb.DuckDBPyConnection, staged: str, load_id: int) -> None:
    """Keep every rejected row of the staged files, with its file, row and reason."""
    con.execute(
        f"""
        insert into quarantine (load_id, source_file, source_row, reason, raw_row)
        select ?, staged_files.source_file, rows.source_row, rows.{REASON}, rows.raw_row
        from {staged} as rows
        inner join staged_files on staged_files.file_index = rows.file_index
        where rows.{REASON} is not null
        """,
        [load_id],
    ).fetchall()


def _insert_new_events(con: duckdb.DuckDBPyConnection, staged: str, load_id: int) -> dict[str, int]:
    """Insert the good staged rows whose event key is new: not already loaded, not in an
    earlier file of the load, not earlier in the same file. Returns the number inserted per
    file name (files without new events are absent)."""
    columns = ", ".join(EVENT_COLUMNS)
    keyed_columns = ", ".join(f"keyed.{name}" for name in EVENT_COLUMNS)
    # The first row of each key is found on the narrow (key, position) rows and joined back:
    # a window over the full rows sorts every column along and took twice as long.
    con.execute(
        f"""
        insert into events (event_key, {columns}, source_file, source_row, load_id)
        with keyed as (
            select
                md5_number(concat_ws(chr(31),
                    coalesce(rows.source_event_id, ''), rows.case_id, rows.activity,
                    rows.lifecycle, strftime(rows.event_at, '%Y-%m-%dT%H:%M:%S.%fZ'),
                    coalesce(rows.employee_id, '')
                )) as event_key,
                {", ".join(f"rows.{name}" for name in EVENT_COLUMNS)},
                rows.file_index,
                rows.source_row
            from {staged} as rows
            where rows.{REASON} is null
        ),

        first_of_key as (
            -- files in the order given, rows in file order: the first occurrence is kept
            select event_key, min({{'file_index': file_index, 'source_row': source_row}}) as first
            from keyed
            group by event_key
        ),

        new_keys as (
            select first_of_key.event_key, first_of_key.first
            from first_of_key
            where not exists (
                select 1 from events where events.event_key = first_of_key.event_key
            )
        )

        select keyed.event_key, {keyed_columns}, staged_files.source_file, keyed.source_row,
            ? as load_id
        from keyed
        inner join new_keys
            on new_keys.event_key = keyed.event_key
            and new_keys.first.file_index = keyed.file_index
            and new_keys.first.source_row = keyed.source_row
        inner join staged_files on staged_files.file_index = keyed.file_index
        """,
        [load_id],
    ).fetchall()
    inserted = con.execute(
        "select source_file, count(*) from events where load_id = ? group by source_file",
        [load_id],
    ).fetchall()
    return {name: int(count) for name, count in inserted}


def _upsert_case_attributes(
    con: duckdb.DuckDBPyConnection, staged_cases: str, mapping: Mapping, load_id: int
) -> None:
    """Write one `case_attributes` row per case named by the staged files.

    Each attribute of a case takes its value from the last file (in the order given) that
    sets it (see `_attributes_set`); one no file of the load sets keeps the stored value.
    So a load of several files ends where loading them one after the other would end.
    Receipt and decision follow the rule of the mapping, recorded per case.
    """
    per_file_aggregates = ",\n".join(
        f"{CASE_ATTRIBUTE_AGGREGATES[name]}(rows.{name}) as {name}"
        for name in CASE_ATTRIBUTE_COLUMNS
    )
    # Per attribute the value of the last file that sets it; a rule travels with its value.
    set_by = {name: name for name in [*CASE_ATTRIBUTE_COLUMNS, ATTRIBUTES]}
    set_by |= {"received_rule": RECEIVED_AT, "decided_rule": DECIDED_AT}
    latest = ",\n".join(
        f"arg_max_null({name}, file_index) filter (where list_contains(sets, '{setter}')) as {name}"
        for name, setter in set_by.items()
    ) + "".join(
        f",\nbool_or(list_contains(sets, '{name}')) as sets_{name}"
        for name in [*CASE_ATTRIBUTE_COLUMNS, ATTRIBUTES]
    )
    final = ",\n".join(
        f"case when latest.sets_{name} then latest.{name} else old.{name} end"
        for name in [*CASE_ATTRIBUTE_COLUMNS, ATTRIBUTES]
    )
    plain_columns = ", ".join(
        f"new.{name}" for name in CASE_ATTRIBUTE_COLUMNS if name not in (RECEIVED_AT, DECIDED_AT)
    )
    receipt_rule = _activity_rule("receipt activity", mapping.receipt_activities)
    closing_rule = _activity_rule("closing activity", mapping.closing_activities)
    con.execute(
        f"""
        insert or replace into case_attributes
            ({CASE_ID}, {", ".join(CASE_ATTRIBUTE_COLUMNS)}, {ATTRIBUTES},
             received_rule, decided_rule, load_id)
        with new as (
            -- one row per file and case: what that file says of the case
            select
                staged_files.file_index,
                rows.{CASE_ID},
                {per_file_aggregates},
                max(rows.{ATTRIBUTES}) as {ATTRIBUTES}
            from {staged_cases} as rows
            inner join staged_files on staged_files.file_index = rows.file_index
            group by staged_files.file_index, rows.{CASE_ID}
        ),

        milestones as ({_milestones(mapping)}),

        file_values as (
            -- the events of a case are all in once the last file naming it is: milestones
            -- over the whole load are what that file would have seen
            select
                new.file_index,
                new.{CASE_ID},
                staged_files.sets,
                {plain_columns},
                coalesce(new.{RECEIVED_AT}, milestones.receipt_event_at) as {RECEIVED_AT},
                case
                    when new.{RECEIVED_AT} is not null then staged_files.received_source
                    when milestones.receipt_event_at is not null then $receipt_rule
                    else 'first event'
                end as received_rule,
                case
                    when staged_files.decided_source is not null then new.{DECIDED_AT}
                    else milestones.closing_event_at
                end as {DECIDED_AT},
                coalesce(staged_files.decided_source, $closing_rule) as decided_rule,
                new.{ATTRIBUTES}
            from new
            inner join staged_files on staged_files.file_index = new.file_index
            left join milestones on milestones.case_id = new.case_id
        ),

        latest as (
            select
                {CASE_ID},
                {latest}
            from file_values
            group by {CASE_ID}
        )

        select
            latest.{CASE_ID},
            {final},
            case
                when latest.sets_{RECEIVED_AT} then latest.received_rule
                else coalesce(old.received_rule, 'first event')
            end,
            case
                when latest.sets_{DECIDED_AT} then latest.decided_rule
                else coalesce(old.decided_rule, 'last event')
            end,
            $load_id
        from latest
        left join case_attributes as old on old.case_id = latest.case_id
        """,
        {
            "receipt_rule": receipt_rule,
            "closing_rule": closing_rule,
            "load_id": load_id,
        },
    ).fetchall()


def _milestones(mapping: Mapping) -> str:
    """SQL: per case of CTE `new`, the first event of a receipt activity and the last of a
    closing activity, over every stored event of the case; no rows without such activities
    (the scan of all events of the load's cases is then skipped)."""
    if not mapping.receipt_activities and not mapping.closing_activities:
        return """
            select
                null::varchar as case_id,
                null::timestamptz as receipt_event_at,
                null::timestamptz as closing_event_at
            where false
        """

    def listed(activities: list[str]) -> str:
        return "[" + ", ".join(f"'{sql_text(name)}'" for name in activities) + "]::varchar[]"

    receipt, closing = listed(mapping.receipt_activities), listed(mapping.closing_activities)
    return f"""
            select
                events.case_id,
                min(events.event_at) filter (
                    where list_contains({receipt}, events.activity)
                ) as receipt_event_at,
                max(events.event_at) filter (
                    where list_contains({closing}, events.activity)
                ) as closing_event_at
            from events
            where events.case_id in (select case_id from new)
                and list_contains(list_concat({receipt}, {closing}), events.activity)
            group by events.case_id
        """


def _file_rules(resolved: ResolvedMapping, mapping: Mapping) -> tuple[str, str]:
    """How a file finds receipt and decision, as recorded in `loads`."""
    received_source = resolved.source_for(RECEIVED_AT)
    decided_source = resolved.source_for(DECIDED_AT)
    receipt_rule = _activity_rule("receipt activity", mapping.receipt_activities)
    closing_rule = _activity_rule("closing activity", mapping.closing_activities)
    file_received = received_source or (receipt_rule if mapping.receipt_activities else None)
    file_decided = decided_source or (closing_rule if mapping.closing_activities else None)
    return file_received or "first event", file_decided or "last event"


def _activity_rule(label: str, activities: list[str]) -> str:
    return f"{label}: {', '.join(activities)}"


# --- reference tables ----------------------------------------------------------------------


def _load_reference_file(
    con: duckdb.DuckDBPyConnection,
    source: RawSource,
    table: str,
    load_id: int,
    staging_dir: Path,
    counter: _RowCounter,
    settings: Settings,
) -> FileReconciliation:
    """Replace a reference table (employees, capacity, ...) by the file's valid rows."""
    declared = REFERENCE_TABLES[table]
    not_null, key = table_constraints(con, table)
    batches = list(
        source.batches(batch_rows=1_000_000, max_decompressed_bytes=settings.max_decompressed_bytes)
    )
    if not batches:
        raise SourceError(source.path, "the file has no rows")
    raw = pl.concat(batches, how="diagonal_relaxed").lazy()
    columns = raw.collect_schema().names()
    extra = [name for name in columns if name not in declared]
    if extra:
        raise SourceError(
            source.path,
            f"unexpected column '{extra[0]}' for table {table} (its columns: "
            f"{', '.join(declared)})",
        )
    missing = [name for name in not_null if name not in columns]
    if missing:
        raise SourceError(source.path, f"missing required column '{missing[0]}' for {table}")
    staged_path = staging_dir / "part-00000.parquet"
    rows = canonical_reference_rows(raw, declared, not_null).collect()
    rows.write_parquet(staged_path)
    counter.add(rows.height)
    staged = f"read_parquet('{sql_text(staged_path)}')"
    rows_read, rows_quarantined = con.sql(
        f"select count(*), count(*) filter (where {REASON} is not null) from {staged}"
    ).fetchall()[0]
    if rows_read == 0:
        raise SourceError(source.path, "the file has no rows")
    con.execute(
        f"""
        insert into quarantine (load_id, source_file, source_row, reason, raw_row)
        select ?, ?, source_row, {REASON}, raw_row from {staged} where {REASON} is not null
        """,
        [load_id, source.path.name],
    )
    names = ", ".join(declared)
    partition = ", ".join(key or list(declared))
    con.execute(f"delete from {table}")
    inserted = con.execute(
        f"""
        insert into {table} ({names})
        select {names} from {staged}
        where {REASON} is null
        qualify row_number() over (partition by {partition} order by source_row) = 1
        """
    ).fetchall()[0][0]
    return FileReconciliation(
        load_id=load_id,
        source_file=source.path.name,
        source_format=source.format,
        target_table=table,
        rows_read=rows_read,
        rows_loaded=int(inserted),
        rows_quarantined=rows_quarantined,
        rows_duplicate=rows_read - rows_quarantined - int(inserted),
    )


# --- bookkeeping ---------------------------------------------------------------------------


def _record_load(
    con: duckdb.DuckDBPyConnection,
    result: FileReconciliation,
    started_at: object,
    mapping_file: str | None,
) -> None:
    # The identity every reader of `loads` relies on; a violation is a bug, never committed.
    if not result.balanced:
        raise AssertionError(f"reconciliation does not balance: {result.summary()}")
    con.execute(
        """
        insert into loads (load_id, source_file, source_format, target_table, started_at,
            finished_at, rows_read, rows_loaded, rows_quarantined, rows_duplicate,
            received_rule, decided_rule, mapping_file)
        values (?, ?, ?, ?, ?, now(), ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            result.load_id,
            result.source_file,
            result.source_format,
            result.target_table,
            started_at,
            result.rows_read,
            result.rows_loaded,
            result.rows_quarantined,
            result.rows_duplicate,
            result.received_rule,
            result.decided_rule,
            mapping_file,
        ],
    )


def _distinct_sources(files: Iterable[Path | str]) -> list[RawSource]:
    """Open every file before any work, so an unknown format fails the load at once."""
    sources: list[RawSource] = []
    names: dict[str, Path] = {}
    for file in files:
        path = Path(file)
        if path.name in names:
            if names[path.name].resolve() == path.resolve():
                continue
            raise SourceError(path, "two files with this name in one load; rename one")
        names[path.name] = path
        sources.append(open_source(path))
    return sources


def _now(con: duckdb.DuckDBPyConnection) -> object:
    return con.sql("select now()").fetchall()[0][0]


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


class _RowCounter:
    """Counts rows as batches are staged and reports progress to the callback."""

    def __init__(self, callback: ProgressCallback | None, total: int | None) -> None:
        self.callback = callback
        self.total = total
        self.done = 0
        self.started = time.monotonic()
        self.last_report = self.started

    def add(self, rows: int) -> None:
        self.done += rows
        now = time.monotonic()
        if now - self.last_report >= 0.5:
            self.last_report = now
            if self.callback is not None:
                self.callback(self.done, self.total)

    def finish(self) -> None:
        if self.callback is not None:
            self.callback(self.done, self.total)


def stderr_progress(every_seconds: float = 2.0) -> ProgressCallback:
    """A progress callback that prints rows read and rows/s on stderr, at most every few
    seconds (long loads only: nothing is printed for a load that ends quickly)."""
    started = time.monotonic()
    last = {"at": started, "done": 0}

    def report(done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - last["at"] < every_seconds or done == last["done"]:
            return
        rate = done / max(now - started, 1e-9)
        last.update(at=now, done=done)
        share = f" of {total:,} ({done / total:.0%})" if total else ""
        print(f"  {done:,} rows read{share}, {rate:,.0f} rows/s", file=sys.stderr, flush=True)

    return report


def stderr_status(quiet_seconds: float = 2.0) -> Callable[[str], None]:
    """A status callback that prints each step on stderr once the load has run a while."""
    started = time.monotonic()

    def say(message: str) -> None:
        if time.monotonic() - started >= quiet_seconds:
            print(f"  {escape_controls(message)}", file=sys.stderr, flush=True)

    return say


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
