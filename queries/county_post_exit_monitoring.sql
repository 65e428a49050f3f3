-- name: county_post_exit_monitoring
-- access: public
-- definition: One county's exited households and households under post-exit
--   monitoring (at risk of falling back into poverty) by main cause of poverty, from
--   the county_monitoring rollup.
--   In the public edition, suppressed holds the row's withheld columns and the
--   threshold (see docs/security.md); a full build has no such column.
-- units: as in the county_monitoring rollup
-- params: adcode: 6-digit adcode of the county, e.g. 522722
select * exclude (adcode)
from county_monitoring
where adcode = $adcode
order by monitored_households desc nulls last, cause
