-- The PDCA store's first schema. Portable between SQLite and PostgreSQL: text ids made by
-- the application, instants as ISO-8601 text in UTC, dates as YYYY-MM-DD text.

-- goals: sturingsdoelen. Grain: one row per version of a goal; a change adds a version and
-- never overwrites one. goal_key names the series (unit, indicator, period).
create table goals (
    goal_id        text             primary key,
    goal_key       text             not null,
    version        integer          not null,
    unit_type      text             not null,  -- organisatie | locatie | team | medewerker
    unit_id        text             not null,
    indicator      text             not null,  -- name in the goal indicator catalogue
    period_start   text             not null,  -- first day of the period
    period_end     text             not null,  -- day after the period (exclusive)
    direction      text             not null,  -- higher | lower: which way is better
    target_value   double precision not null,  -- reached = green
    red_threshold  double precision not null,  -- beyond this (the wrong way) = red; between = amber
    note           text             not null default '',
    withdrawn      integer          not null default 0,  -- 1: this version withdraws the goal
    set_by         text             not null,
    set_at         text             not null,
    unique (goal_key, version)
);
create index goals_by_unit on goals (unit_type, unit_id);

-- conversations: goede gesprekken. Grain: one row per conversation. A concept (draft) is
-- saved as it is typed; once definitief it never changes, and it keeps the figures and the
-- agreements as they were that day.
create table conversations (
    conversation_id      text    primary key,
    subject_type         text    not null,  -- medewerker | team | locatie
    subject_id           text    not null,
    manager_id           text    not null,
    held_on              text    not null,
    period_start         text,              -- figures since (the previous conversation)
    period_end           text,
    status               text    not null,  -- concept | definitief
    employee_results     text    not null default '',
    employee_quality     text    not null default '',
    employee_workload    text    not null default '',
    employee_pleasure    text    not null default '',
    manager_results      text    not null default '',
    manager_quality      text    not null default '',
    manager_workload     text    not null default '',
    learned              text    not null default '',
    werkplezier_score    integer,           -- 1-5, as the employee gives it
    werkdruk_score       integer,           -- 1-5, felt workload (5 = very high)
    figures_snapshot     text,              -- JSON, taken when finalised
    agreements_snapshot  text,              -- JSON, taken when finalised
    revision             integer not null default 0,  -- bumped by every draft save
    created_by           text    not null,
    created_at           text    not null,
    updated_at           text    not null,
    finalised_by         text,
    finalised_at         text
);
create index conversations_by_subject on conversations (subject_type, subject_id, held_on);

-- agreements: afspraken en acties. Grain: one row per agreement; its status lives in
-- agreement_updates so every change and follow-up note is kept.
create table agreements (
    agreement_id     text primary key,
    conversation_id  text references conversations (conversation_id),
    subject_type     text not null,
    subject_id       text not null,
    what             text not null,
    owner            text not null,  -- who carries it out
    due_on           text not null,
    created_by       text not null,
    created_at       text not null
);
create index agreements_by_subject on agreements (subject_type, subject_id);

-- agreement_updates: grain: one row per status change or follow-up note of an agreement.
create table agreement_updates (
    update_id     text primary key,
    agreement_id  text not null references agreements (agreement_id),
    status        text not null,  -- open | bezig | afgerond | vervallen
    note          text not null default '',
    updated_by    text not null,
    updated_at    text not null
);
create index agreement_updates_by_agreement on agreement_updates (agreement_id, updated_at);
