-- name: county_income_bands
-- definition: Registered households and people per county, year 2014-2020 and band
--   of per capita net income against that year's poverty line. A household counts in
--   year Y when it is in the registry that year (identified by Y, not removed as
--   wrongly listed by Y) and has an income for Y; poor and exited households alike.
--   The 1.5x band edge is the transition period's threshold for risk of falling back.
-- definition_zh: 按县、年份（2014—2020年）和人均纯收入相对当年贫困线的区间统计的建档立卡户数和
--   人数。农户在第Y年在册（第Y年前识别、未被剔除）且有当年收入即计入，未脱贫户和已脱贫户均计。
--   1.5倍的区间边界是过渡期防止返贫监测的风险线。
-- units:
--   band: below_line (under 1x the line), 1_to_1_5 (1x to under 1.5x), 1_5_to_2 (1.5x to under 2x), 2_or_more (2x the line and over)
--   households: registered households in the band that year
--   people: people in them
-- params: none
with incomes as (
    unpivot (
        select county_adcode, members, identified_year, removed_year,
               {{income_columns}}
        from households
    )
    on {{income_columns}}
    into name income_year value income
),
in_registry as (
    select county_adcode, members, income, year
    from (select *, cast(right(income_year, 4) as smallint) as year from incomes)
    where identified_year <= year and (removed_year is null or removed_year > year)
),
against_line as (
    select r.county_adcode, r.year, r.members, r.income / l.value as to_line
    from in_registry r
    join reference_figures l on l.figure = 'poverty_line_yuan' and l.year = r.year
),
final as (
    select county_adcode as adcode, year,
           case when to_line < 1 then 'below_line'
                when to_line < 1.5 then '1_to_1_5'
                when to_line < 2 then '1_5_to_2'
                else '2_or_more' end as band,
           count(*) as households, sum(members) as people
    from against_line
    group by all
)
select * from final order by adcode, year, band
