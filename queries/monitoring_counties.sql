-- name: monitoring_counties
-- access: public
-- definition: Every county-level unit (2,875) with its exited households and, among
--   them, the households at risk of falling back into poverty in the transition period
--   (2021-2025) under the risk rules given (defaults in dashboard/thresholds.py): a
--   monitoring event with a per capita income below risk_income_multiple times the
--   2020 poverty line, illness or disaster costs above risk_cost_share times the
--   household's 2020 income (income_2020 x members), or an income more than
--   risk_income_drop below income_2020. Counts only, from the monitoring_risk and
--   county_monitoring rollups; a household meeting several rules counts once in
--   at_risk_households and once under each rule. Units outside the programme have no
--   values. Applies the thresholds over a row per monitored household (two million at
--   scale 1.0, about ten times the map's query): the page reads monitoring_counties_stored
--   instead while the thresholds in force are those of the build, and this query after a
--   threshold was changed without a rebuild (its answer is then cached for the build).
-- units:
--   exited_households: households that exited poverty 2014-2020
--   at_risk_households: exited households meeting at least one risk rule
--   at_risk_people: people in them
--   at_risk_share: at_risk_households / exited_households, share 0..1
--   low_income_households: households meeting the income rule
--   high_cost_households: households meeting the shock-cost rule
--   income_drop_households: households meeting the income-drop rule
-- params: risk_income_multiple: income below this multiple of the 2020 poverty line meets the income rule
--   risk_cost_share: shock costs above this share of the household's 2020 income meet the cost rule
--   risk_income_drop: income down by more than this share from 2020 meets the drop rule
with exited as (
    select adcode, sum(exited_households) as exited_households
    from county_monitoring group by all
),
rules as (
    select adcode, members,
           coalesce(lowest_income_to_line < $risk_income_multiple, false) as low_income,
           coalesce(largest_cost_to_income > $risk_cost_share, false) as high_cost,
           coalesce(largest_income_drop > $risk_income_drop, false) as income_drop
    from monitoring_risk
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
    select c.adcode, c.name_zh, c.name_en, c.province_adcode,
           p.name_zh as province_zh, p.name_en as province_en, c.in_programme,
           case when c.in_programme then coalesce(e.exited_households, 0) end
               as exited_households,
           case when c.in_programme then coalesce(r.at_risk_households, 0) end
               as at_risk_households,
           case when c.in_programme then coalesce(r.at_risk_people, 0) end as at_risk_people,
           coalesce(r.at_risk_households, 0) / nullif(e.exited_households, 0) as at_risk_share,
           case when c.in_programme then coalesce(r.low_income_households, 0) end
               as low_income_households,
           case when c.in_programme then coalesce(r.high_cost_households, 0) end
               as high_cost_households,
           case when c.in_programme then coalesce(r.income_drop_households, 0) end
               as income_drop_households
    from counties c
    join provinces p on p.adcode = c.province_adcode
    left join exited e on e.adcode = c.adcode
    left join at_risk r on r.adcode = c.adcode
)
select * from final order by adcode
