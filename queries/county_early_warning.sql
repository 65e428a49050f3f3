-- name: county_early_warning
-- access: public
-- definition: One county's early-warning counts from the county_risk rollup, with the
--   thresholds they were computed with (risk_thresholds): its exited households and, among
--   them, the households at risk of falling back into poverty, the row /monitoring shows.
--   The county page reads it while those thresholds are the ones in force.
--   In the public edition, suppressed holds the row's withheld columns and the
--   threshold (see docs/security.md); a full build has no such column.
-- definition_zh: 一个县取自 county_risk 汇总表的返贫预警计数及其所用阈值（risk_thresholds）：县
--   内脱贫户及其中有返贫风险的户，即 /monitoring 页所示的一行。在这些阈值为现行阈值时供县页面读
--   取。公开版另有一列，记录该行不公布的列及阈值（见 docs/security.md）；完整版无此列。
-- units: as in county_risk and risk_thresholds
-- params: adcode: 6-digit adcode of the county, e.g. 522722
select r.* exclude (adcode, province_adcode), t.*
from county_risk r, risk_thresholds t
where r.adcode = $adcode
