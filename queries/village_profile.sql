-- name: village_profile
-- access: analyst
-- definition: One village's name, county and province, whether it is a registered
--   poor village and the year it was delisted, its registered population and its
--   infrastructure by 2020 (road, 4G, clinic, safe water). No row when no village has
--   the id.
-- definition_zh: 一个村的名称、所属县和省、是否为建档立卡贫困村及出列年份、户籍人口和2020年前的
--   基础设施（通硬化路、4G、卫生室、安全饮水）。无此编号的村时无结果。
-- units:
--   exit_year: calendar year the poor village was delisted
--   population: registered population, people
-- params: village_id: village identifier, a whole number
select v.village_id, v.name, v.county_adcode,
       c.name_zh as county_zh, c.name_en as county_en,
       p.name_zh as province_zh, p.name_en as province_en,
       v.is_poor_village, v.exit_year, v.population,
       v.has_road, v.has_4g, v.has_clinic, v.has_safe_water
from villages v
join counties c on c.adcode = v.county_adcode
join provinces p on p.adcode = c.province_adcode
where v.village_id = $village_id
