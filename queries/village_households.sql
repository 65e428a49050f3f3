-- name: village_households
-- access: official
-- definition: The registry files of one village's households: members, year
--   identified, main cause, removal as wrongly listed, exit year, the five batches
--   received, relocation, the year each guarantee of the exit standard was secured, and
--   post-exit monitoring. Filtered by county and village so
--   that only the row groups of that county are read, never the whole registry.
-- units:
--   members: household members, people
--   identified_year, removed_year, exit_year, relocated_year: calendar years
--   food_clothing_year, education_year, medical_year, housing_year, water_year: the year
--     each guarantee was secured (empty: never, or not recorded), calendar years
-- params: adcode: 6-digit adcode of the village's county
--   village_id: village identifier, a whole number
select household_id, members, identified_year, cause, removed_year, exit_year,
       measure_production, measure_relocation, measure_ecological, measure_education,
       measure_social_security, relocated_year, food_clothing_year, education_year,
       medical_year, housing_year, water_year, monitoring_status
from households
where county_adcode = $adcode and village_id = $village_id
order by household_id
