"""Load source files into the warehouse: validate, quarantine, de-duplicate, refresh, check.

`load_files` is the one load path: the CLI, the dashboard's upload page and the demo
generator all call it. All files of one call form one load (one `load_id`) and one new
version of the warehouse (see `pipelines.warehouse`): either every file is in it, or the
warehouse stays exactly as it was.

Memory stays bounded whatever the file size: Polars streams each source through the
validation step into staging Parquet files, and DuckDB inserts from those files under its
`memory_limit`, spilling to disk where it must.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from pipelines.checks import run_checks
from pipelines.errors import SourceError
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
from pipelines.validate import ATTRIBUTES, RAW_ROW, REASON, canonical_events
from pipelines.warehouse import next_version

ProgressCallback = Callable[[int, int | None], None]
"""Called with (rows done, rows in total or None when unknown) while a load runs."""

XES_EVENT_NUMBER = "event_number"  # the XES reader numbers events itself
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
        results = []
        for index, source in enumerate(sources):
            staging_dir = version.scratch_dir / f"file-{index}"
            staging_dir.mkdir()
            started = _now(con)
            table = source.path.stem.lower()
            if table in REFERENCE_TABLES:
                result = _load_reference_file(con, source, table, load_id, staging_dir, counter)
            else:
                result = _load_event_file(
                    con, source, mapping, load_id, staging_dir, settings, counter
                )
            _record_load(con, result, started, mapping_file=mapping_file)
            results.append(result)
            say(f"{source.path.name}: stored")
        say("refreshing the derived tables")
        refresh_derived(con, changed_load_id=load_id)
        say("running the data-quality checks")
        run_checks(con, load_id)
        say("writing the new version of the warehouse")
    counter.finish()
    return results


# --- event files ---------------------------------------------------------------------------


def _load_event_file(
    con: duckdb.DuckDBPyConnection,
    source: RawSource,
    mapping: Mapping,
    load_id: int,
    staging_dir: Path,
    settings: Settings,
    counter: _RowCounter,
) -> FileReconciliation:
    resolved = _stage_events(source, mapping, staging_dir, settings, counter)
    if counter.callback is not None:
        counter.callback(counter.done, counter.total)
    staged = f"read_parquet('{staging_dir}/events-*.parquet')"
    staged_cases = f"read_parquet('{staging_dir}/cases-*.parquet')"
    name = source.path.name
    rows_read, rows_quarantined = con.sql(
        f"select count(*), count(*) filter (where {REASON} is not null) from {staged}"
    ).fetchall()[0]
    if rows_read == 0:
        raise SourceError(source.path, "the file has no rows")
    if source.total_rows is not None and rows_read != source.total_rows:
        raise SourceError(
            source.path, f"read {rows_read:,} rows but the file holds {source.total_rows:,}"
        )
    con.execute(
        f"""
        insert into quarantine (load_id, source_file, source_row, reason, raw_row)
        select ?, ?, source_row, {REASON}, raw_row
        from {staged}
        where {REASON} is not null
        """,
        [load_id, name],
    )
    rows_loaded = _insert_new_events(con, staged, load_id, name)
    received_rule, decided_rule = _upsert_case_attributes(
        con, staged_cases, resolved, mapping, load_id
    )
    result = FileReconciliation(
        load_id=load_id,
        source_file=name,
        source_format=source.format,
        target_table="events",
        rows_read=rows_read,
        rows_loaded=rows_loaded,
        rows_quarantined=rows_quarantined,
        rows_duplicate=rows_read - rows_quarantined - rows_loaded,
        received_rule=received_rule,
        decided_rule=decided_rule,
    )
    return result


def _stage_events(
    source: RawSource,
    mapping: Mapping,
    staging_dir: Path,
    settings: Settings,
    counter: _RowCounter,
) -> ResolvedMapping:
    """Stream the source through validation into staging Parquet files; the resolved mapping."""
    resolved: ResolvedMapping | None = None
    seen_columns: list[str] = []
    next_row = 1
    batches = source.batches(settings.load_batch_rows, mapping.sheet, mapping.separator)
    for part, batch in enumerate(batches):
        if resolved is not None:
            # A later XES batch may lack an attribute an earlier one had: null, not an error.
            missing = [name for name in seen_columns if name not in batch.columns]
            batch = batch.with_columns(pl.lit(None, dtype=pl.String).alias(n) for n in missing)
        resolved = resolve_mapping(batch.columns, mapping, source.path)
        seen_columns += [name for name in batch.columns if name not in seen_columns]
        row_number = XES_EVENT_NUMBER if source.format.startswith("xes") else None
        if row_number not in batch.columns:
            row_number = None
        staged = canonical_events(batch.lazy(), resolved, mapping, next_row, row_number).collect()
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


def _insert_new_events(
    con: duckdb.DuckDBPyConnection, staged: str, load_id: int, source_file: str
) -> int:
    """Insert the good staged rows whose event key is new: not earlier in the file, not
    already loaded. Returns the number inserted."""
    columns = ", ".join(EVENT_COLUMNS)
    keyed_columns = ", ".join(f"keyed.{name}" for name in EVENT_COLUMNS)
    # The first row of each key is found on the narrow (key, row) pairs and joined back:
    # a window over the full rows sorts every column along and took twice as long.
    inserted = con.execute(
        f"""
        insert into events (event_key, {columns}, source_file, source_row, load_id)
        with keyed as (
            select
                md5_number(concat_ws(chr(31),
                    coalesce(source_event_id, ''), case_id, activity, lifecycle,
                    strftime(event_at, '%Y-%m-%dT%H:%M:%S.%fZ'), coalesce(employee_id, '')
                )) as event_key,
                {columns},
                source_row
            from {staged}
            where {REASON} is null
        ),

        first_of_key as (
            select event_key, min(source_row) as source_row
            from keyed
            group by event_key
        ),

        new_keys as (
            select first_of_key.event_key, first_of_key.source_row
            from first_of_key
            where not exists (
                select 1 from events where events.event_key = first_of_key.event_key
            )
        )

        select keyed.event_key, {keyed_columns}, ? as source_file, keyed.source_row,
            ? as load_id
        from keyed
        inner join new_keys
            on new_keys.event_key = keyed.event_key and new_keys.source_row = keyed.source_row
        """,
        [source_file, load_id],
    ).fetchall()
    return int(inserted[0][0])


def _upsert_case_attributes(
    con: duckdb.DuckDBPyConnection,
    staged_cases: str,
    resolved: ResolvedMapping,
    mapping: Mapping,
    load_id: int,
) -> tuple[str, str]:
    """Write one `case_attributes` row per case of the file; returns the file's rules.

    An attribute the file carries replaces the stored one (null included: an empty
    decision date means the case is open again); one it does not carry keeps the stored
    value. Receipt and decision follow the rule of the mapping, recorded per case.
    """
    carried = [name for name in CASE_ATTRIBUTE_COLUMNS if resolved.source_for(name)]
    values = {
        name: f"new.{name}" if name in carried else f"old.{name}" for name in CASE_ATTRIBUTE_COLUMNS
    }
    attributes = "new.attributes" if resolved.case_attribute_sources else "old.attributes"

    received_source = resolved.source_for(RECEIVED_AT)
    receipt_rule = _activity_rule("receipt activity", mapping.receipt_activities)
    if received_source or mapping.receipt_activities:
        values[RECEIVED_AT], received_rule = _rule_case(
            attribute="new.received_at" if received_source else None,
            attribute_rule=received_source,
            activity_value="milestones.receipt_event_at" if mapping.receipt_activities else None,
            activity_rule=receipt_rule,
            fallback_rule="first event",
        )
    else:
        received_rule = "coalesce(old.received_rule, 'first event')"

    decided_source = resolved.source_for(DECIDED_AT)
    closing_rule = _activity_rule("closing activity", mapping.closing_activities)
    if decided_source:
        values[DECIDED_AT], decided_rule = "new.decided_at", f"'{_sql_text(decided_source)}'"
    elif mapping.closing_activities:
        values[DECIDED_AT] = "milestones.closing_event_at"
        decided_rule = f"'{_sql_text(closing_rule)}'"
    else:
        decided_rule = "coalesce(old.decided_rule, 'last event')"

    aggregates = ",\n".join(
        f"{CASE_ATTRIBUTE_AGGREGATES[name]}({name}) as {name}" for name in CASE_ATTRIBUTE_COLUMNS
    )
    con.execute(
        f"""
        insert or replace into case_attributes
            ({CASE_ID}, {", ".join(CASE_ATTRIBUTE_COLUMNS)}, attributes,
             received_rule, decided_rule, load_id)
        with new as (
            select {CASE_ID}, {aggregates}, max({ATTRIBUTES}) as attributes
            from {staged_cases}
            group by {CASE_ID}
        ),

        milestones as (
            select
                events.case_id,
                min(events.event_at) filter (
                    where events.activity in (select unnest(?::varchar[]))
                ) as receipt_event_at,
                max(events.event_at) filter (
                    where events.activity in (select unnest(?::varchar[]))
                ) as closing_event_at
            from events
            where events.case_id in (select case_id from new)
            group by events.case_id
        )

        select
            new.{CASE_ID},
            {", ".join(f"{values[name]}" for name in CASE_ATTRIBUTE_COLUMNS)},
            {attributes},
            {received_rule},
            {decided_rule},
            ?
        from new
        left join case_attributes as old on old.case_id = new.case_id
        left join milestones on milestones.case_id = new.case_id
        """,
        [mapping.receipt_activities, mapping.closing_activities, load_id],
    ).fetchall()
    file_received = received_source or (receipt_rule if mapping.receipt_activities else None)
    file_decided = decided_source or (closing_rule if mapping.closing_activities else None)
    return file_received or "first event", file_decided or "last event"


def _rule_case(
    attribute: str | None,
    attribute_rule: str | None,
    activity_value: str | None,
    activity_rule: str,
    fallback_rule: str,
) -> tuple[str, str]:
    """SQL for a case's receipt value and the rule that gave it, tried in order."""
    value_parts, rule_parts = [], []
    if attribute and attribute_rule:
        value_parts.append(attribute)
        rule_parts.append(f"when {attribute} is not null then '{_sql_text(attribute_rule)}'")
    if activity_value:
        value_parts.append(activity_value)
        rule_parts.append(f"when {activity_value} is not null then '{_sql_text(activity_rule)}'")
    value = f"coalesce({', '.join(value_parts)})" if value_parts else "null"
    rule = (
        f"case {' '.join(rule_parts)} else '{fallback_rule}' end"
        if rule_parts
        else f"'{fallback_rule}'"
    )
    return value, rule


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
) -> FileReconciliation:
    """Replace a reference table (employees, capacity, ...) by the file's valid rows."""
    declared = REFERENCE_TABLES[table]
    not_null, key = table_constraints(con, table)
    batches = list(source.batches(batch_rows=1_000_000))
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
    staged = f"read_parquet('{staged_path}')"
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
            print(f"  {message}", file=sys.stderr, flush=True)

    return say


def _sql_text(text: str) -> str:
    return text.replace("'", "''")
