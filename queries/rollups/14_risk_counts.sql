-- name: risk_counts
-- kind: macro
-- definition: The early-warning counts of every county-level unit at the thresholds given,
--   defined once for the two places that count them: the county_risk rollup (at the
--   build's thresholds) and the monitoring_counties query (at thresholds changed since).
--   Among a county's exited households (county_monitoring), those at risk of falling back
--   into poverty in the transition period (2021-2025): a monitoring event with a per capita
--   income below risk_income_multiple times the 2020 poverty line, illness or disaster
--   costs above risk_cost_share times the household's 2020 income (income_2020 x members),
--   or an income more than risk_income_drop below income_2020, read from monitoring_risk (a
--   row per monitored household). A household meeting several rules counts once in
--   at_risk_households and once under each rule. Units outside the programme count zero.
-- definition_zh: 给定阈值下每个县级单位的返贫预警计数，为两处计数共用的定义：county_risk 汇总表
--   （构建时的阈值）和 monitoring_counties 查询（此后修改的阈值）。在县内脱贫户（
--   county_monitoring）中，过渡期（2021—2025年）有返贫风险的户：有监测事件的人均收入低于2020年
--   贫困线的 risk_income_multiple 倍、因病因灾支出超过该户2020年收入的 risk_cost_share 倍、或收
--   入比 income_2020 下降超过 risk_income_drop，数据取自 monitoring_risk（每个监测户一行）。满
--   足多条规则的户在 at_risk_households 中只计一次，在每条规则下各计一次。非扶贫县计为零。
-- units:
--   in_programme: whether the unit had registered poor households
--   exited_households: households that exited poverty 2014-2020
--   at_risk_households: exited households meeting at least one risk rule
--   at_risk_people: people in them
--   at_risk_share: at_risk_households / exited_households, share 0..1 (empty without exits)
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
)
select c.adcode, c.province_adcode, c.in_programme,
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
