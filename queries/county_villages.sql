-- name: county_villages
-- access: analyst
-- definition: Every village of one county with its poor-village status, the year a
--   poor village was delisted, its registered population, its infrastructure by 2020
--   (road, 4G, clinic, safe water) and the work teams ever stationed in it. Poor
--   villages first.
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
