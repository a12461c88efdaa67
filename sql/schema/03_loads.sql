-- loads: one row per file per load, with its reconciliation:
-- rows_read = rows_loaded + rows_quarantined + rows_duplicate, always.
create sequence if not exists load_id_sequence start 1;

create table if not exists loads (
    load_id            integer     not null,
    source_file        varchar     not null,
    source_format      varchar     not null,   -- csv, parquet, xlsx, xes, xes.gz
    target_table       varchar     not null,   -- events, or a reference table
    started_at         timestamptz not null,
    finished_at        timestamptz not null,
    rows_read          bigint      not null,
    rows_loaded        bigint      not null,
    rows_quarantined   bigint      not null,
    rows_duplicate     bigint      not null,
    received_rule      varchar,                -- how receipt was found: attribute name, or 'first event'
    decided_rule       varchar,                -- how decision was found: attribute, closing activity, or 'last event'
    mapping_file       varchar,
    primary key (load_id, source_file)
);

-- quarantine: input rows that could not be loaded, with the reason; nothing is dropped silently.
create table if not exists quarantine (
    load_id      integer not null,
    source_file  varchar not null,
    source_row   bigint  not null,
    reason       varchar not null,
    raw_row      json                          -- the row as read, for the data-quality page
);
