-- name: county_causes
-- definition: Registered households and people by main cause of poverty, per
--   county, over everyone ever in the registry except households removed as
--   wrongly listed.
-- definition_zh: 按县、按主要致贫原因统计的建档立卡户数和人数，覆盖曾经在册的全部农户，不含因识
--   别不准被剔除的户。
-- units:
--   households: registered households with that main cause
--   people: people in them
-- params: none
with final as (
    select county_adcode as adcode, cause, count(*) as households, sum(members) as people
    from households
    where removed_year is null
    group by all
)
select * from final order by adcode, cause
