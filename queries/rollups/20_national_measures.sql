-- name: national_measures
-- definition: Registered households and people each of the five batches reached across
--   the country: the sum of the provinces in province_measures.
-- definition_zh: 全国“五个一批”各项覆盖的建档立卡户数和人数：各省 province_measures 之和。
-- units:
--   measure: production, relocation, ecological, education or social_security
--   households: households that received the measure
--   people: people in them
-- params: none
with final as (
    select measure, sum(households)::bigint as households, sum(people)::bigint as people
    from province_measures
    group by all
)
select * from final order by measure
