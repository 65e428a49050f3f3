-- name: county_work_teams_by_level
-- access: public
-- definition: Work teams ever stationed in one county's villages by the level of the
--   unit that sent them (central, province, city, county), with the cadres and first
--   secretaries who served in those teams over their lives, from the
--   county_teams_by_level rollup.
-- units:
--   work_teams: teams sent by that level
--   cadres: cadres who served in them, people
--   first_secretaries: of them, first secretaries, people
-- params: adcode: 6-digit adcode of the county, e.g. 522722
select sending_level, work_teams, cadres, first_secretaries
from county_teams_by_level
where adcode = $adcode
order by work_teams desc, sending_level
