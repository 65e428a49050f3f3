-- name: integrity_village_income
-- definition: The village income-jump check's statistics, one row per village of a
--   national poverty county. E is the county's exit year, the year of its exit
--   evaluation. Over the village's households registered (identified, not removed)
--   and with an income in each of E-2, E-1 and E, the member-weighted mean per capita
--   income of each year; jump_ratio compares the year before the evaluation with the
--   years around it: mean(E-1) / sqrt(mean(E-2) x mean(E)). A smooth path of growth
--   gives a ratio near 1 (growth at any steady rate gives exactly 1); incomes written
--   up for the evaluation and down again afterwards give a large one. The indicator
--   queries apply the thresholds (fewest households, largest ratio) from
--   queries/thresholds.py.
-- definition_zh: 村收入跳升核查的统计量，国家级贫困县每村一行。E 为所在县的脱贫摘帽年份，即退出
--   评估之年。对村内在 E-2、E-1、E 三年均在册并有收入的农户，计算各年按人口加权的人均收入；
--   jump_ratio 为 E-1 年均值除以 E-2 年与 E 年均值的几何平均数，收入平稳增长时接近1，为迎评拔
--   高、评后回落时则偏大。阈值（最少户数、最大比值）由指标查询按 queries/thresholds.py 套用。
-- units:
--   village_id: village identifier
--   evaluation_year: E, the county's exit (evaluation) year, calendar year
--   jump_year: E-1, the year before the evaluation, calendar year
--   households: households registered with an income in all three years
--   mean_income_before: member-weighted mean per capita income in E-2, yuan per person
--   mean_income_jump_year: the same in E-1, yuan per person
--   mean_income_evaluation: the same in E, yuan per person
--   jump_ratio: mean_income_jump_year / sqrt(mean_income_before x mean_income_evaluation), ratio
-- params: none
with incomes as (
    -- each household's incomes around its county's evaluation
    select h.household_id, h.county_adcode, h.village_id, h.members, c.exit_year as e,
           {{incomes:h}} as by_year,
           h.identified_year, h.removed_year
    from households h
    join counties c on c.adcode = h.county_adcode
    -- incomes start in 2014, so E-2 must be 2014 or later
    where c.is_poverty_county and c.exit_year >= 2016
),
registered as (
    select county_adcode, village_id, e, household_id, members,
           by_year[e - 2 - {{income_offset}}] as income_before,
           by_year[e - 1 - {{income_offset}}] as income_jump_year,
           by_year[e - {{income_offset}}] as income_evaluation
    from incomes
    -- in the registry all three years, with an income in each, so each year's mean is
    -- over the same people
    where identified_year <= e - 2 and (removed_year is null or removed_year > e)
      and by_year[e - 2 - {{income_offset}}] is not null
      and by_year[e - 1 - {{income_offset}}] is not null
      and by_year[e - {{income_offset}}] is not null
),
means as (
    select county_adcode, village_id, e,
           count(*) as households,
           sum(members * income_before) / sum(members) as mean_income_before,
           sum(members * income_jump_year) / sum(members) as mean_income_jump_year,
           sum(members * income_evaluation) / sum(members) as mean_income_evaluation
    from registered
    group by all
),
final as (
    select county_adcode as adcode, village_id, e as evaluation_year,
           (e - 1)::smallint as jump_year, households,
           mean_income_before, mean_income_jump_year, mean_income_evaluation,
           mean_income_jump_year
               / nullif(sqrt(mean_income_before * mean_income_evaluation), 0) as jump_ratio
    from means
)
select * from final order by adcode, village_id
