-- name: county_measures
-- definition: Registered households and people each of the five batches reached,
--   per county (a household can receive several), over households not removed as
--   wrongly listed.
-- definition_zh: 按县统计“五个一批”各项覆盖的建档立卡户数和人数（一户可享受多项），不含因识别不
--   准被剔除的户。
-- units:
--   households: households that received the measure
--   people: people in them
-- params: none
with reached as (
    unpivot (
        select county_adcode, members, measure_production, measure_relocation,
               measure_ecological, measure_education, measure_social_security
        from households
        where removed_year is null
    )
    on measure_production, measure_relocation, measure_ecological,
       measure_education, measure_social_security
    into name measure value received
),
final as (
    select county_adcode as adcode, replace(measure, 'measure_', '') as measure,
           count(*) as households, sum(members) as people
    from reached
    where received
    group by all
)
select * from final order by adcode, measure
