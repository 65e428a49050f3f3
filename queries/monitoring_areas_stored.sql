-- name: monitoring_areas_stored
-- access: public
-- definition: The early-warning counts of the nation and of each province with programme
--   counties, at the thresholds of monitoring_thresholds, from the national_risk and
--   province_risk rollups: the totals beside monitoring_counties_stored's counties.
--   In the public edition, suppressed holds the row's withheld columns and the
--   threshold (see docs/security.md); a full build has no such column.
-- definition_zh: 全国和各有扶贫县的省份按 monitoring_thresholds 阈值计算的返贫预警计数，取
--   自 national_risk 和 province_risk 汇总表：与 monitoring_counties_stored 各县并列的合计。公
--   开版另有一列，记录该行不公布的列及阈值（见 docs/security.md）；完整版无此列。
-- units:
--   level: nation or province
--   adcode: the province's adcode (empty for the nation)
--   other columns: as in monitoring_counties
-- params: none
select 'nation' as level, null::varchar as adcode, * from national_risk
union all by name
select 'province' as level, * from province_risk
order by level, adcode
