-- name: county_post_exit_monitoring
-- access: public
-- definition: One county's exited households and households under post-exit
--   monitoring (at risk of falling back into poverty) by main cause of poverty, from
--   the county_monitoring rollup.
--   In the public edition, suppressed holds the row's withheld columns and the
--   threshold (see docs/security.md); a full build has no such column.
-- definition_zh: 一个县按主要致贫原因统计的脱贫户数和纳入防止返贫监测（有返贫风险）的户数，取
--   自 county_monitoring 汇总表。公开版另有一列，记录该行不公布的列及阈值（
--   见 docs/security.md）；完整版无此列。
-- units: as in the county_monitoring rollup
-- params: adcode: 6-digit adcode of the county, e.g. 522722
select * exclude (adcode)
from county_monitoring
where adcode = $adcode
order by monitored_households desc nulls last, cause
