-- definition: Per decided case whether it was decided in time: at or before the effective
--   deadline, the legal term moved by suspension (case_terms.effective_deadline_at). This is the
--   one rule for tijdigheid: overview_daily (Overzicht, Team, the conversation snapshot) and
--   lead_times (timeliness_monthly, the employee snapshot) read decided_within_term from here.
-- grain: one row per decided case_id
-- unit: -
-- inputs: case_terms
-- columns:
--   case_id: case
--   decided_at: last decision (UTC)
--   effective_deadline_at: legal term moved by suspension; null where the case has no deadline
--   decided_within_term: decided_at at or before effective_deadline_at; null without a deadline
with final as (
    select
        terms.case_id,
        terms.decided_at,
        terms.effective_deadline_at,
        terms.decided_at <= terms.effective_deadline_at     as decided_within_term
    from case_terms as terms
    where terms.decided_at is not null
)

select * from final
