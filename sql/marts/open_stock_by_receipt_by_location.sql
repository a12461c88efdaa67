-- definition: open_stock_by_receipt summed over the teams of each location, in day order: the
--   same figures for every selection that names no team (everything, a location, a case type, a
--   route) from many times fewer rows. The dashboard reads it unless a team filter, a breakdown
--   per team or a viewer who sees only some teams needs open_stock_by_receipt itself.
-- grain: one row per received_on, closed_on, location_id, case_type and route
-- unit: as open_stock_by_receipt
-- inputs: open_stock_by_receipt
-- columns:
--   received_on: day of receipt (Europe/Amsterdam)
--   closed_on: day the case left the open stock (Europe/Amsterdam); null = open now
--   location_id: location
--   case_type: case type
--   route: route
--   cases: cases received and closed on those days
with final as (
    select
        received_on,
        closed_on,
        location_id,
        case_type,
        route,
        sum(cases)::bigint                      as cases
    from open_stock_by_receipt
    group by all
)

select * from final
order by received_on, location_id
