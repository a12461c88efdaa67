-- derived_tables: what each derived table (sql/staging, sql/marts, sql/indicators) was last built
-- from, so that a refresh leaves a table as it is, or recomputes some of its cases, only when the
-- same SQL made it. A table built by an earlier version of its SQL is rebuilt in full.
-- Grain: one row per derived table.
create table if not exists derived_tables (
    table_name   varchar     not null,  -- the model's file name without .sql
    definition   varchar     not null,  -- md5 of the model's SQL file
    refreshed_at timestamptz not null   -- when the refresh last wrote the table
);
