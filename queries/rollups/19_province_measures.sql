-- name: province_measures
-- definition: Registered households and people each of the five batches reached, per
--   province: the sum of its counties in county_measures (a household can receive
--   several batches; households removed as wrongly listed are not counted).
-- definition_zh: 按省统计“五个一批”各项覆盖的建档立卡户数和人数：本省各县 county_measures 之和
--   （一户可享受多项；不含因识别不准被剔除的户）。
-- units:
--   measure: production, relocation, ecological, education or social_security
--   households: households that received the measure
--   people: people in them
-- params: none
with final as (
    select c.province_adcode as adcode, m.measure,
           sum(m.households)::bigint as households, sum(m.people)::bigint as people
    from county_measures m
    join counties c using (adcode)
    group by all
)
select * from final order by adcode, measure
