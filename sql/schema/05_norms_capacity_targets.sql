-- Norm time per product (activity), optionally per case type. valid_to exclusive, null = open.
create table if not exists norms (
    activity     varchar not null,
    case_type    varchar,
    norm_minutes double  not null,
    valid_from   date    not null,
    valid_to     date
);

-- Capacity per employee and ISO week (week_start = Monday), in hours.
create table if not exists capacity (
    employee_id     varchar not null,
    week_start      date    not null,
    contract_hours  double,
    available_hours double,
    direct_hours    double,
    indirect_hours  double,
    absence_hours   double,
    leave_hours     double,
    primary key (employee_id, week_start)
);

-- Funded production target (p x q): decisions per case type and period; location null = all.
create table if not exists production_targets (
    period_start     date    not null,
    period_end       date    not null,   -- exclusive
    case_type        varchar,
    location_id      varchar,
    target_decisions bigint  not null
);
