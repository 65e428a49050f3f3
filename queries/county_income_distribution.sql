-- name: county_income_distribution
-- access: public
-- definition: One county's registered households by year 2014-2020 and band of per
--   capita net income against that year's poverty line (below it, 1-1.5x, 1.5-2x,
--   2x and over), from the county_income_bands rollup.
--   In the public edition, suppressed holds the row's withheld columns and the
--   threshold (see docs/security.md); a full build has no such column.
-- definition_zh: 一个县2014—2020年各年建档立卡户按人均纯收入相对当年贫困线的区间（线下、1—1.5
--   倍、1.5—2倍、2倍及以上）分布，取自 county_income_bands 汇总表。公开版另有一列，记录该行不公
--   布的列及阈值（见 docs/security.md）；完整版无此列。
-- units: as in the county_income_bands rollup
-- params: adcode: 6-digit adcode of the county, e.g. 522722
select * exclude (adcode)
from county_income_bands
where adcode = $adcode
order by year, band
