-- name: county_five_batches
-- access: public
-- definition: How many of one county's registered households and people each of the
--   five batches reached (production and employment, relocation, ecological
--   compensation, education, social security), from the county_measures rollup; a
--   household can receive several. The share is of the county's registered
--   households (county_causes counts each once).
--   In the public edition, suppressed holds the row's withheld columns and the
--   threshold (see docs/security.md); a full build has no such column.
-- units:
--   households: households that received the measure
--   people: people in them
--   share: households / all registered households of the county, share 0..1 to 0.1 point
-- params: adcode: 6-digit adcode of the county, e.g. 522722
with registered as (
    -- one withheld cause leaves the total unknown: no share rather than a wrong one
    select case when count(households) = count(*) then sum(households) end as households
    from county_causes where adcode = $adcode
)
select m.* exclude (adcode), round(m.households / r.households, 3) as share
from county_measures m, registered r
where m.adcode = $adcode
order by m.measure
