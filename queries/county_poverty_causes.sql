-- name: county_poverty_causes
-- access: public
-- definition: One county's registered households and people by main cause of
--   poverty, from the county_causes rollup (households removed as wrongly listed
--   excluded), with each cause's share of the county's households.
--   In the public edition, suppressed holds the row's withheld columns and the
--   threshold (see docs/security.md); a full build has no such column.
-- definition_zh: 一个县按主要致贫原因统计的建档立卡户数和人数（取自 county_causes 汇总表，不含
--   因识别不准被剔除的户），及各原因占全县户数的比例。公开版另有一列，记录该行不公布的列及阈值
--   （见 docs/security.md）；完整版无此列。
-- units:
--   households: registered households with that main cause
--   people: people in them
--   share: households / all registered households of the county, share 0..1 to 0.1 point
-- params: adcode: 6-digit adcode of the county, e.g. 522722
with causes as (
    select * from county_causes where adcode = $adcode
),
total as (
    -- one withheld cause leaves the total unknown: no share rather than a wrong one
    select case when count(households) = count(*) then sum(households) end as households
    from causes
)
select c.* exclude (adcode), round(c.households / t.households, 3) as share
from causes c, total t
order by c.households desc nulls last, c.cause
