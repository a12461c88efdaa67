-- title_nl: Complexiteitsmix van de werkvoorraad per team
-- title_en: Complexity mix of the open stock per team
-- definition: At the as-of date, per team and complexity class: the open cases owned by the
--   team's employees, their share of the team's open cases, and how evenly that class is spread
--   over the employees: the coefficient of variation of each employee's share of this class in
--   their own open cases (0 = everyone has the same mix).
-- grain: one row per team_id, location_id and complexity
-- unit: cases, percent
-- inputs: case_state_intervals, cases
-- columns:
--   team_id: team
--   location_id: location
--   complexity: complexity class (null = unknown)
--   open_case_count: open cases of this class owned in the team
--   share_of_team_pct: open_case_count / the team's open cases x 100
--   employee_count: employees with open cases in the team
--   employee_share_cv: coefficient of variation over those employees of their share of this class
with open_owned as (
    select intervals.employee_id, intervals.team_id, intervals.location_id, cases.complexity
    from case_state_intervals as intervals
    inner join cases on cases.case_id = intervals.case_id
    where intervals.valid_to is null and intervals.employee_id is not null
),

per_employee as (
    select employee_id, team_id, location_id, count(*) as employee_open
    from open_owned
    group by all
),

classes as (
    select distinct team_id, location_id, complexity from open_owned
),

employee_class_share as (
    select
        classes.team_id,
        classes.location_id,
        classes.complexity,
        per_employee.employee_id,
        per_employee.employee_open,
        count(open_owned.employee_id) as class_open,
        count(open_owned.employee_id) / any_value(per_employee.employee_open) as class_share
    from classes
    inner join per_employee
        on per_employee.team_id is not distinct from classes.team_id
       and per_employee.location_id is not distinct from classes.location_id
    left join open_owned
        on open_owned.employee_id = per_employee.employee_id
       and open_owned.team_id is not distinct from classes.team_id
       and open_owned.location_id is not distinct from classes.location_id
       and open_owned.complexity is not distinct from classes.complexity
    group by
        classes.team_id, classes.location_id, classes.complexity,
        per_employee.employee_id, per_employee.employee_open
),

final as (
    select
        team_id,
        location_id,
        complexity,
        sum(class_open)                                          as open_case_count,
        100.0 * sum(class_open) / sum(employee_open)             as share_of_team_pct,
        count(*)                                                 as employee_count,
        stddev_pop(class_share) / nullif(avg(class_share), 0)    as employee_share_cv
    from employee_class_share
    group by team_id, location_id, complexity
)

select * from final
