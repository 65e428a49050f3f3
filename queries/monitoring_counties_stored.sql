-- name: monitoring_counties_stored
-- access: public
-- definition: Every county-level unit (2,875) with its exited households and the
--   households at risk of falling back into poverty, as in monitoring_counties but at
--   the thresholds of monitoring_thresholds, read from the county_risk rollup (a row per
--   programme county) rather than computed over a row per monitored household. Units
--   outside the programme have no values.
--   In the public edition, suppressed holds the row's withheld columns and the
--   threshold (see docs/security.md); a full build has no such column.
-- definition_zh: 全部2875个县级单位的脱贫户数及有返贫风险的户数，同 monitoring_counties，但
--   按 monitoring_thresholds 的阈值、读取 county_risk 汇总表（每个扶贫县一行）而非逐户计算。非
--   扶贫县无数值。公开版另有一列，记录该行不公布的列及阈值（见 docs/security.md）；完整版无此
--   列。
-- units: as in monitoring_counties
-- params: none
select c.adcode, c.name_zh, c.name_en, c.province_adcode,
       p.name_zh as province_zh, p.name_en as province_en, c.in_programme,
       r.* exclude (adcode, province_adcode)
from counties c
join provinces p on p.adcode = c.province_adcode
left join county_risk r on r.adcode = c.adcode
order by c.adcode
