-- name: village_households
-- access: official
-- definition: The registry files of one village's households: members, year
--   identified, main cause, removal as wrongly listed, exit year, the five batches
--   received, relocation, the year each guarantee of the exit standard was secured, and
--   post-exit monitoring. Filtered by county and village so
--   that only the row groups of that county are read, never the whole registry.
-- definition_zh: 一个村各户的建档立卡档案：家庭人口、识别年份、主要致贫原因、是否因识别不准被剔
--   除、脱贫年份、享受的“五个一批”措施、易地扶贫搬迁、“两不愁三保障”各项的保障年份和防止返贫监
--   测情况。按县和村筛选，只读取该县的行组，绝不读取整个建档立卡库。
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
