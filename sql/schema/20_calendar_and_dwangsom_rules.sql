-- Reference tables the refresh fills from code and configuration (never from a source file).

-- calendar_days: one row per date (Europe/Amsterdam) over the span of the data, with the Dutch
-- public holidays of the `holidays` library. Filled by pipelines/holiday_calendar.py on every refresh.
create table if not exists calendar_days (
    calendar_date      date    not null primary key,
    month              varchar not null,  -- YYYY-MM
    week_start         date    not null,  -- ISO week's Monday
    is_weekend         boolean not null,
    holiday_name       varchar,           -- null on an ordinary day
    is_working_day     boolean not null,  -- not a weekend day and not a public holiday
    working_day_number integer not null   -- working days from the first calendar date up to and including this one
);

-- calendar_source: what the stored calendar_days and calendar_hours were made from, so that a
-- refresh can leave them as they are without recomputing the holidays. At most one row.
create table if not exists calendar_source (
    first_day   date    not null,  -- first calendar_date
    last_day    date    not null,  -- last calendar_date
    fingerprint varchar not null   -- versions of the holiday rules and time zones, and the code
);

-- dwangsom_rules: whether the administrative dwangsom (Awb 4:17) applies per case type, from
-- config/dwangsom.yaml. case_type null = the rule for case types not listed.
create table if not exists dwangsom_rules (
    case_type  varchar,
    applies    boolean not null,
    grace_days integer not null,  -- days after the later of term lapse and notice of default
    max_days   integer not null,  -- days for which a dwangsom is owed at most
    reason     varchar
);

-- dwangsom_tiers: the amount per day by day number of the penalty (1-based, inclusive bounds).
create table if not exists dwangsom_tiers (
    from_day    integer not null,
    to_day      integer not null,
    eur_per_day double  not null
);

-- calendar_hours: the Europe/Amsterdam date of every UTC hour over the span of the data. The
-- offset to UTC is always whole hours, so a join on the hour number (epoch_us // 3,600,000,000)
-- gives the local date of an instant without a time-zone conversion per row.
create table if not exists calendar_hours (
    utc_hour   bigint  not null primary key,  -- hours since 1970-01-01 00:00 UTC
    local_date date    not null,              -- the date in Europe/Amsterdam
    month      varchar not null,              -- YYYY-MM of local_date
    week_start date    not null               -- ISO week's Monday of local_date
);
