-- name: county_risk
-- definition: The early-warning counts of every programme county at the thresholds in
--   risk_thresholds: its exited households (not removed as wrongly listed) and, among
--   them, the households meeting a risk rule, counted as monitoring_counties counts them
--   (a household meeting several rules counts once in at_risk_households and once under
--   each rule). Computed once per build from monitoring_risk (a row per monitored
--   household, two million at scale 1.0) so the page reads a row per county.
-- units:
--   exited_households: households that exited poverty 2014-2020
--   at_risk_households: exited households meeting at least one risk rule
--   at_risk_people: people in them
--   at_risk_share: at_risk_households / exited_households, share 0..1 (empty without exits)
--   low_income_households: households meeting the income rule
--   high_cost_households: households meeting the shock-cost rule
--   income_drop_households: households meeting the income-drop rule
-- params: none
with exited as (
    select adcode, sum(exited_households) as exited_households
    from county_monitoring group by all
),
rules as (
    select m.adcode, m.members,
           coalesce(m.lowest_income_to_line < t.risk_income_multiple, false) as low_income,
           coalesce(m.largest_cost_to_income > t.risk_cost_share, false) as high_cost,
           coalesce(m.largest_income_drop > t.risk_income_drop, false) as income_drop
    from monitoring_risk m
    cross join risk_thresholds t
),
at_risk as (
    select adcode,
           count(*) filter (where low_income or high_cost or income_drop) as at_risk_households,
           sum(members) filter (where low_income or high_cost or income_drop) as at_risk_people,
           count(*) filter (where low_income) as low_income_households,
           count(*) filter (where high_cost) as high_cost_households,
           count(*) filter (where income_drop) as income_drop_households
    from rules
    group by all
),
final as (
    select c.adcode, c.province_adcode,
           coalesce(e.exited_households, 0)::bigint as exited_households,
           coalesce(r.at_risk_households, 0)::bigint as at_risk_households,
           coalesce(r.at_risk_people, 0)::bigint as at_risk_people,
           coalesce(r.at_risk_households, 0) / nullif(e.exited_households, 0) as at_risk_share,
           coalesce(r.low_income_households, 0)::bigint as low_income_households,
           coalesce(r.high_cost_households, 0)::bigint as high_cost_households,
           coalesce(r.income_drop_households, 0)::bigint as income_drop_households
    from counties c
    left join exited e on e.adcode = c.adcode
    left join at_risk r on r.adcode = c.adcode
    where c.in_programme
)
select * from final order by adcode
