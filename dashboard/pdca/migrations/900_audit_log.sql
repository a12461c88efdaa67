-- audit_log: who viewed which employee's figures or conversation, when, on which page.
-- Grain: one row per view (or per purge). Append-only: the access package adds triggers that
-- refuse every UPDATE and DELETE (dialect-specific, so not in this portable file); the only
-- delete is the retention purge of `python -m dashboard.access.admin`, which logs itself.
-- Numbered 900 so that it stays after the PDCA schema's own migrations; "if not exists" so
-- a store whose PDCA tables were dropped and rebuilt keeps its audit trail.
create table if not exists audit_log (
    entry_id      text not null primary key,
    logged_at     text not null,  -- ISO-8601 instant, UTC
    viewer_id     text not null,  -- login identity (e-mail) of the viewer
    viewer_scopes text not null,  -- the viewer's roles and units at that moment
    action        text not null,  -- bekijk_cijfers | bekijk_gesprek | opschoning
    subject_type  text not null,  -- medewerker | team | locatie | gesprek | audit
    subject_id    text not null,
    page          text not null,
    detail        text not null default ''
);
create index if not exists audit_log_by_time on audit_log (logged_at);
create index if not exists audit_log_by_subject on audit_log (subject_type, subject_id);
