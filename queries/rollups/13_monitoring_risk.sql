-- name: monitoring_risk
-- definition: The early-warning statistics of the transition period (2021-2025), one
--   row per exited household (not removed as wrongly listed) with at least one
--   monitoring event, without its identifier: the worst its events came to against
--   each risk rule. The rules compare an event with the household's 2020 income, the
--   last in the registry, and the 2020 poverty line: income below a multiple of the
--   line, shock (illness or disaster) costs above a share of the household's yearly
--   income (income_2020 x members), income down by more than a share from 2020. The
--   thresholds (queries/thresholds.py) are applied after it: at build time by county_risk,
--   and by the indicator queries as parameters, so a changed threshold needs no rebuild.
-- definition_zh: 过渡期（2021—2025年）防止返贫监测的统计量，每个有监测事件的脱贫户（不含被剔除
--   户）一行，不含户编号：其各事件对照每条风险规则的最不利数值。规则以该户2020年收入（建档立卡
--   最后一年）和2020年贫困线为基准：收入低于贫困线的一定倍数、因病因灾支出超过该户年收入（
--   income_2020 × 人口）的一定比例、收入较2020年下降超过一定比例。阈值（queries/thresholds.py）
--   在其后套用：构建时由 county_risk 套用，指标查询则作为参数套用，因此修改阈值无需重新构建。
-- units:
--   village_id: village of the household
--   members: household members, people
--   events: monitoring events recorded for the household
--   first_event_year: year of its first event, calendar year
--   last_event_year: year of its last event, calendar year
--   lowest_income_to_line: lowest surveyed per capita income of its events / the 2020 poverty line, ratio (empty when no income was surveyed)
--   largest_cost_to_income: largest illness or disaster cost of its events / the household's 2020 income, ratio (empty when no event had costs)
--   largest_income_drop: largest fall of surveyed per capita income below income_2020, share 0..1 (negative for a rise)
-- params: none
with line as (
    select value as line_2020 from reference_figures
    where figure = 'poverty_line_yuan' and year = 2020
),
events as (
    select e.household_id, h.county_adcode, h.village_id, h.members, h.income_2020,
           e.year, e.cost_yuan, e.income_yuan
    from monitoring_events e
    join households h using (household_id)
    where h.exit_year is not null and h.removed_year is null
),
final as (
    select county_adcode as adcode, village_id, members,
           count(*) as events,
           min(year) as first_event_year, max(year) as last_event_year,
           min(income_yuan) / any_value(line_2020) as lowest_income_to_line,
           max(cost_yuan / nullif(income_2020 * members, 0)) as largest_cost_to_income,
           max(1 - income_yuan / nullif(income_2020, 0)) as largest_income_drop
    from events cross join line
    group by household_id, county_adcode, village_id, members
)
select * from final order by adcode, village_id
