-- events: the case events, as loaded from the sources.
-- Grain: one row per distinct event (event_key). Timestamps are instants (UTC).
-- No primary-key index: at tens of millions of rows an ART index costs more than it
-- guards; the load de-duplicates by anti-join and sql/checks/duplicate_events.sql audits it.
create table if not exists events (
    event_key        uhugeint    not null,  -- md5_number of the event's content: stable across loads
    case_id          varchar     not null,
    activity         varchar     not null,             -- product step, e.g. 'beschikking'
    lifecycle        varchar     not null,             -- XES transition, lower case: start, complete, assign, ...
    event_at         timestamptz not null,
    employee_id      varchar,                          -- org:resource
    team_id          varchar,                          -- org:group: the employee's team for this event
    location_id      varchar,
    effort_minutes   double,                           -- booked effort, where the source books time
    source_event_id  varchar,                          -- the source system's own event id
    source_file      varchar     not null,
    source_row       bigint      not null,             -- 1-based row or event number in source_file
    load_id          integer     not null
);
