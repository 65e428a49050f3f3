-- name: monitoring_villages
-- access: analyst
-- definition: One county's villages with at least one exited household at risk of
--   falling back into poverty under the risk rules given (as in monitoring_counties),
--   with how many households meet each rule. Counts only, from the monitoring_risk
--   rollup; village-level, so analysts and officials only.
-- definition_zh: 一个县内至少有一户脱贫户在给定风险规则下（同 monitoring_counties）有返贫风险的
--   村，及满足每条规则的户数。只有计数，取自 monitoring_risk 汇总表；属村级数据，仅分析人员和干
--   部可用。
-- units:
--   village_id: village identifier
--   village_name: village name
--   is_poor_village: a registered poor village
--   at_risk_households: exited households meeting at least one risk rule
--   at_risk_people: people in them
--   low_income_households: households meeting the income rule
--   high_cost_households: households meeting the shock-cost rule
--   income_drop_households: households meeting the income-drop rule
-- params: adcode: 6-digit adcode of the county, e.g. 522722
--   risk_income_multiple: income below this multiple of the 2020 poverty line meets the income rule
--   risk_cost_share: shock costs above this share of the household's 2020 income meet the cost rule
--   risk_income_drop: income down by more than this share from 2020 meets the drop rule
with rules as (
    select village_id, members,
           coalesce(lowest_income_to_line < $risk_income_multiple, false) as low_income,
           coalesce(largest_cost_to_income > $risk_cost_share, false) as high_cost,
           coalesce(largest_income_drop > $risk_income_drop, false) as income_drop
    from monitoring_risk
    where adcode = $adcode
),
at_risk as (
    select village_id,
           count(*) as at_risk_households,
           sum(members) as at_risk_people,
           count(*) filter (where low_income) as low_income_households,
           count(*) filter (where high_cost) as high_cost_households,
           count(*) filter (where income_drop) as income_drop_households
    from rules
    where low_income or high_cost or income_drop
    group by all
),
final as (
    select r.village_id, v.name as village_name, v.is_poor_village, r.* exclude (village_id)
    from at_risk r
    join villages v using (village_id)
)
select * from final order by at_risk_households desc, village_id
