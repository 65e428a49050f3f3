-- name: monitoring_visit_list
-- access: official
-- definition: The households of one county to visit in the transition period: exited
--   households (not removed as wrongly listed) with a monitoring event that meets a
--   risk rule given (as in monitoring_counties), one row per household with the rules
--   it met and the figures behind them. Reads the monitoring events and the registry of
--   that county only. Household rows: officials of the county's jurisdiction only.
-- definition_zh: 过渡期内一个县需走访的农户：有监测事件满足给定风险规则（
--   同 monitoring_counties）的脱贫户（不含被剔除户），每户一行，列出所满足的规则及相应数值。只
--   读取该县的监测事件和建档立卡数据。属农户明细，仅限权限覆盖该县的干部。
-- units:
--   household_id: household identifier (anonymised)
--   village_id: village identifier
--   village_name: village name
--   members: household members, people
--   exit_year: year the household exited poverty
--   income_2020: per capita net income in 2020, yuan per person
--   events: the household's events meeting a rule, as "year event; ..."
--   latest_year: year of the latest event meeting a rule, calendar year
--   lowest_income_yuan: lowest surveyed per capita income among those events, yuan per person
--   largest_cost_yuan: largest illness or disaster cost among those events, yuan per household
--   low_income: an event's income was below the income rule's limit
--   high_cost: an event's costs were above the cost rule's limit
--   income_drop: an event's income fell by more than the drop rule's share
--   income_limit_yuan: the income rule's limit, risk_income_multiple x the 2020 line, yuan per person
-- params: adcode: 6-digit adcode of the county, e.g. 522722
--   risk_income_multiple: income below this multiple of the 2020 poverty line meets the income rule
--   risk_cost_share: shock costs above this share of the household's 2020 income meet the cost rule
--   risk_income_drop: income down by more than this share from 2020 meets the drop rule
with line as (
    select value as line_2020 from reference_figures
    where figure = 'poverty_line_yuan' and year = 2020
),
events as (
    select h.household_id, h.village_id, v.name as village_name, h.members, h.exit_year,
           h.income_2020, e.year, e.event, e.cost_yuan, e.income_yuan,
           $risk_income_multiple * l.line_2020 as income_limit_yuan,
           coalesce(e.income_yuan < $risk_income_multiple * l.line_2020, false) as low_income,
           coalesce(e.cost_yuan > $risk_cost_share * h.income_2020 * h.members, false)
               as high_cost,
           coalesce(e.income_yuan < (1 - $risk_income_drop) * h.income_2020, false)
               as income_drop
    from monitoring_events e
    join households h using (household_id)
    join villages v on v.village_id = h.village_id
    cross join line l
    where h.county_adcode = $adcode and h.exit_year is not null and h.removed_year is null
),
final as (
    select household_id, village_id, village_name, members, exit_year, income_2020,
           string_agg(year || ' ' || event, '; ' order by year, event) as events,
           max(year) as latest_year,
           min(income_yuan) as lowest_income_yuan,
           max(cost_yuan) as largest_cost_yuan,
           bool_or(low_income) as low_income,
           bool_or(high_cost) as high_cost,
           bool_or(income_drop) as income_drop,
           any_value(income_limit_yuan) as income_limit_yuan
    from events
    where low_income or high_cost or income_drop
    group by all
)
select * from final order by village_id, household_id
