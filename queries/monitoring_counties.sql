-- name: monitoring_counties
-- access: public
-- definition: Every county-level unit (2,875) with its exited households and, among
--   them, the households at risk of falling back into poverty in the transition period
--   (2021-2025) under the risk rules given (defaults in queries/thresholds.py): a
--   monitoring event with a per capita income below risk_income_multiple times the
--   2020 poverty line, illness or disaster costs above risk_cost_share times the
--   household's 2020 income (income_2020 x members), or an income more than
--   risk_income_drop below income_2020. Counts only, as the risk_counts rollup macro
--   defines them; a household meeting several rules counts once in at_risk_households
--   and once under each rule. Units outside the programme have no values. Applies the
--   thresholds over a row per monitored household (two million at scale 1.0, about ten
--   times the map's query): the page reads monitoring_counties_stored
--   instead while the thresholds in force are those of the build, and this query after a
--   threshold was changed without a rebuild (its answer is then cached for the build).
-- definition_zh: 全部2875个县级单位在给定风险规则下（默认值见 queries/thresholds.py）的脱贫户数
--   及其中过渡期（2021—2025年）有返贫风险的户数：有监测事件的人均收入低于2020年贫困线
--   的 risk_income_multiple 倍、因病因灾支出超过该户2020年收入的 risk_cost_share 倍、或收入
--   比 income_2020 下降超过 risk_income_drop。只有计数，定义同 risk_counts 宏；满足多条规则的户
--   在 at_risk_households 中只计一次，在每条规则下各计一次。非扶贫县无数值。在现行阈值即构建时
--   阈值时页面改读 monitoring_counties_stored，阈值修改后才读本查询。
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
select c.adcode, c.name_zh, c.name_en, c.province_adcode,
       p.name_zh as province_zh, p.name_en as province_en, c.in_programme,
       case when c.in_programme then r.exited_households end as exited_households,
       case when c.in_programme then r.at_risk_households end as at_risk_households,
       case when c.in_programme then r.at_risk_people end as at_risk_people,
       r.at_risk_share,
       case when c.in_programme then r.low_income_households end as low_income_households,
       case when c.in_programme then r.high_cost_households end as high_cost_households,
       case when c.in_programme then r.income_drop_households end as income_drop_households
from counties c
join provinces p on p.adcode = c.province_adcode
join risk_counts($risk_income_multiple, $risk_cost_share, $risk_income_drop) r
    on r.adcode = c.adcode
order by c.adcode
