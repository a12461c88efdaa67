-- check_results: the row count of every data-quality check (sql/checks/<name>.sql) after
-- each load. Grain: one row per load and check.
create table if not exists check_results (
    load_id    integer not null,
    check_name varchar not null,   -- file name of the check, e.g. 'event_before_receipt'
    row_count  bigint  not null,   -- rows that break the rule in the warehouse after this load
    primary key (load_id, check_name)
);
