-- The organisation, as reference tables. Loaded from files named after the table
-- (locations.csv, teams.csv, ...); a load replaces the table as a whole.
create table if not exists locations (
    location_id   varchar not null primary key,
    location_name varchar not null
);

create table if not exists teams (
    team_id     varchar not null primary key,
    team_name   varchar not null,
    location_id varchar
);

create table if not exists employees (
    employee_id   varchar not null primary key,
    employee_name varchar,
    role          varchar,
    fte           double,       -- 0.5 .. 1.0
    competences   varchar,      -- comma-separated
    started_on    date,
    left_on       date
);

-- Team membership over time (people move between teams). valid_to is exclusive, null = open.
create table if not exists employee_teams (
    employee_id varchar not null,
    team_id     varchar not null,
    valid_from  date    not null,
    valid_to    date
);
