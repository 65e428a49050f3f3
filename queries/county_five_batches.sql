-- name: county_five_batches
-- access: public
-- definition: How many of one county's registered households and people each of the
--   five batches reached (production and employment, relocation, ecological
--   compensation, education, social security), from the county_measures rollup; a
--   household can receive several. The share is of the county's registered
--   households (county_causes counts each once).
--   In the public edition, suppressed holds the row's withheld columns and the
--   threshold (see docs/security.md); a full build has no such column.
-- definition_zh: 一个县的建档立卡户数和人数中，“五个一批”（发展生产和就业、易地扶贫搬迁、生态补
--   偿、发展教育、社会保障兜底）各覆盖多少，取自 county_measures 汇总表；一户可享受多项。比例以
--   全县建档立卡户数为分母（county_causes 每户只计一次）。公开版另有一列，记录该行不公布的列及
--   阈值（见 docs/security.md）；完整版无此列。
-- units:
--   households: households that received the measure
--   people: people in them
--   share: households / all registered households of the county, share 0..1 to 0.1 point
-- params: adcode: 6-digit adcode of the county, e.g. 522722
with registered as (
    -- one withheld cause leaves the total unknown: no share rather than a wrong one
    select case when count(households) = count(*) then sum(households) end as households
    from county_causes where adcode = $adcode
)
select m.* exclude (adcode), round(m.households / r.households, 3) as share
from county_measures m, registered r
where m.adcode = $adcode
order by m.measure
