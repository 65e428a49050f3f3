-- name: county_five_batches
-- definition: How many of one county's registered households and people each of the
--   five batches reached (production and employment, relocation, ecological
--   compensation, education, social security), from the county_measures rollup; a
--   household can receive several. The share is of the county's registered
--   households (county_causes counts each once).
-- units:
--   households: households that received the measure
--   people: people in them
--   share: households / all registered households of the county, share 0..1
-- params: adcode: 6-digit adcode of the county, e.g. 522722
with registered as (
    select sum(households) as households from county_causes where adcode = $adcode
)
select m.measure, m.households, m.people, m.households / r.households as share
from county_measures m, registered r
where m.adcode = $adcode
order by m.measure
