-- definition: Per case with completed products: the norm time of what is done in it, and the
--   norm time a decided case of its type usually takes, both at the norms valid on the as-of
--   date (remaining work is done at today's norms). Done = each completed product x the times
--   it was completed x its norm (the norm for the case type where there is one, else the norm
--   for every case type). Usual = the mean done norm time of the decided cases of the type.
--   Werklast reads the remaining work of open cases here, the forecast the work a new case
--   brings.
-- grain: one row per case_id with any completed product
-- unit: minutes
-- inputs: stg_case_products, norms, cases, data_as_of
-- columns:
--   case_id: case
--   case_type: case type
--   is_decided: the case has a decision
--   done_norm_minutes: norm minutes of the products completed in the case
--   expected_norm_minutes: mean done_norm_minutes of the decided cases of this case type
with current_norms as (
    select norms.activity, norms.case_type, norms.norm_minutes
    from norms
    cross join data_as_of
    where data_as_of.as_of_date >= norms.valid_from
      and (norms.valid_to is null or data_as_of.as_of_date < norms.valid_to)
),

norm_per_case as (
    select
        products.case_id,
        sum(
            products.completion_count
            * coalesce(specific_norm.norm_minutes, generic_norm.norm_minutes)
        ) as done_norm_minutes
    from stg_case_products as products
    left join current_norms as specific_norm
        on specific_norm.activity = products.activity
       and specific_norm.case_type = products.case_type
    left join current_norms as generic_norm
        on generic_norm.activity = products.activity and generic_norm.case_type is null
    group by products.case_id
),

final as (
    select
        norm_per_case.case_id,
        cases.case_type,
        cases.decided_at is not null                     as is_decided,
        norm_per_case.done_norm_minutes,
        avg(norm_per_case.done_norm_minutes) filter (where cases.decided_at is not null)
            over (partition by cases.case_type)          as expected_norm_minutes
    from norm_per_case
    inner join cases on cases.case_id = norm_per_case.case_id
)

select * from final
