-- name: national_measures_by_year
-- definition: Registered households and people each of the five batches first reached in
--   each year of the campaign across the country: the sum of the provinces in
--   province_measures_by_year (relocation by the year the household moved).
-- definition_zh: 全国“五个一批”各项每年新覆盖的建档立卡户数和人数：各省
--   province_measures_by_year 之和（易地扶贫搬迁按搬迁年份）。
-- units:
--   measure: production, relocation, ecological, education or social_security
--   year: calendar year the batch first reached the households
--   households: households the batch first reached that year
--   people: people in them
-- params: none
with final as (
    select measure, year, sum(households)::bigint as households,
           sum(people)::bigint as people
    from province_measures_by_year
    group by all
)
select * from final order by measure, year
