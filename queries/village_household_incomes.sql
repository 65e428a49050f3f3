-- name: village_household_incomes
-- access: official
-- definition: Per capita net income of each of one village's households in each
--   year 2014-2020 it has an income for, beside that year's poverty line. Filtered by
--   county and village so that only the row groups of that county are read.
-- definition_zh: 一个村各户2014—2020年有记录各年的人均纯收入，并列当年贫困线。按县和村筛选，只
--   读取该县的行组。
-- units:
--   income_yuan: per capita net income, yuan per person per year
--   poverty_line_yuan: the national poverty line that year, yuan per person per year
--   income_to_line: income_yuan / poverty_line_yuan, ratio (1 = at the line)
-- params: adcode: 6-digit adcode of the village's county
--   village_id: village identifier, a whole number
with incomes as (
    unpivot (
        select household_id, {{income_columns}}
        from households
        where county_adcode = $adcode and village_id = $village_id
    )
    on {{income_columns}}
    into name income_year value income_yuan
),
lines as (
    select year, value as poverty_line_yuan
    from reference_figures where figure = 'poverty_line_yuan'
),
final as (
    select i.household_id, l.year, i.income_yuan, l.poverty_line_yuan,
           i.income_yuan / l.poverty_line_yuan as income_to_line
    from incomes i
    join lines l on l.year = cast(right(i.income_year, 4) as smallint)
)
select * from final order by household_id, year
