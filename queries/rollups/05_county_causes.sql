-- name: county_causes
-- definition: Registered households and people by main cause of poverty, per
--   county, over everyone ever in the registry except households removed as
--   wrongly listed.
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
