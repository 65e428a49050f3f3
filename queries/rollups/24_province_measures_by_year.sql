-- name: province_measures_by_year
-- definition: Registered households and people each of the five batches first reached in
--   each year of the campaign, per province: for relocation the year the household moved,
--   for the others the year the batch first reached it. A household can receive several
--   batches; households removed as wrongly listed are not counted, nor a batch whose year
--   is not recorded, so a batch's years add up to its total in province_measures when
--   every year is recorded. Every year of each batch the province has is a row, 0 when
--   the batch reached no one new.
-- definition_zh: 按省统计“五个一批”各项每年新覆盖的建档立卡户数和人数：易地扶贫搬迁按搬迁年份，其
--   余各项按首次享受该项帮扶的年份。一户可享受多项；不含因识别不准被剔除的户，也不含未记录年份的
--   帮扶，因此年份齐全时各年之和等于 province_measures 中该项的合计。本省有的每一项每年一行，当年
--   无新覆盖则为0。
-- units:
--   measure: production, relocation, ecological, education or social_security
--   year: calendar year the batch first reached the households
--   households: households the batch first reached that year
--   people: people in them
-- params: none
with reached as (
    unpivot (
        select c.province_adcode as adcode, h.members,
               h.measure_production_year as production, h.relocated_year as relocation,
               h.measure_ecological_year as ecological, h.measure_education_year as education,
               h.measure_social_security_year as social_security
        from households h
        join counties c on c.adcode = h.county_adcode
        where h.removed_year is null
    )
    on production, relocation, ecological, education, social_security
    into name measure value year
),
counted as (
    select adcode, measure, year, count(*) as households, sum(members) as people
    from reached
    group by all
),
grid as (
    select m.adcode, m.measure, y.year
    from province_measures m
    cross join (select unnest({{years}})::smallint as year) y
),
final as (
    select g.adcode, g.measure, g.year,
           coalesce(n.households, 0)::bigint as households,
           coalesce(n.people, 0)::bigint as people
    from grid g
    left join counted n using (adcode, measure, year)
)
select * from final order by adcode, measure, year
