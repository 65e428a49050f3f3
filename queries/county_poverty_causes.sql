-- name: county_poverty_causes
-- definition: One county's registered households and people by main cause of
--   poverty, from the county_causes rollup (households removed as wrongly listed
--   excluded), with each cause's share of the county's households.
-- units:
--   households: registered households with that main cause
--   people: people in them
--   share: households / all registered households of the county, share 0..1
-- params: adcode: 6-digit adcode of the county, e.g. 522722
select cause, households, people, households / sum(households) over () as share
from county_causes
where adcode = $adcode
order by households desc, cause
