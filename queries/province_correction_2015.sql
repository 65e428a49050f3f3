-- name: province_correction_2015
-- access: public
-- definition: The 2015 correction of one province's registry: households and people
--   removed as wrongly listed and added as missed, by reason, from the
--   province_corrections rollup.
--   In the public edition, suppressed holds the row's withheld columns and the
--   threshold (see docs/security.md); a full build has no such column.
-- definition_zh: 一个省2015年建档立卡“回头看”的调整：按原因统计的因识别不准剔除和因漏评补录的户
--   数和人数，取自 province_corrections 汇总表。公开版另有一列，记录该行不公布的列及阈值（
--   见 docs/security.md）；完整版无此列。
-- units:
--   households: households removed or added
--   people: people in them
-- params: province: 6-digit adcode of the province, e.g. 520000
select * exclude (adcode) from province_corrections where adcode = $province
order by action desc, reason
