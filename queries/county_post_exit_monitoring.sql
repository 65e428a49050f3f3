-- name: county_post_exit_monitoring
-- definition: One county's exited households and households under post-exit
--   monitoring (at risk of falling back into poverty) by main cause of poverty, from
--   the county_monitoring rollup.
-- units: as in the county_monitoring rollup
-- params: adcode: 6-digit adcode of the county, e.g. 522722
select cause, exited_households, exited_people, monitored_households, monitored_people,
       monitored_share
from county_monitoring
where adcode = $adcode
order by monitored_households desc, cause
