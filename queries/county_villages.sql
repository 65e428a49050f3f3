-- name: county_villages
-- access: analyst
-- definition: Every village of one county with its poor-village status, the year a
--   poor village was delisted, its registered population, its infrastructure by 2020
--   (road, 4G, clinic, safe water) and the work teams ever stationed in it. Poor
--   villages first.
-- definition_zh: 一个县的全部行政村：是否为贫困村、贫困村出列年份、户籍人口、2020年前的基础设施
--   （通硬化路、4G、卫生室、安全饮水）和累计派驻的驻村工作队。贫困村在前。
-- units:
--   population: registered population, people
--   work_teams: work teams ever stationed in the village, teams
-- params: adcode: 6-digit adcode of the county, e.g. 522722
select v.village_id, v.name, v.is_poor_village, v.exit_year, v.population,
       v.has_road, v.has_4g, v.has_clinic, v.has_safe_water,
       count(t.team_id) as work_teams
from villages v
left join work_teams t on t.village_id = v.village_id and t.county_adcode = $adcode
where v.county_adcode = $adcode
group by all
order by v.is_poor_village desc, v.exit_year nulls last, v.name, v.village_id
