-- name: county_work_teams_by_level
-- definition: Work teams ever stationed in one county's villages by the level of the
--   unit that sent them (central, province, city, county), with the cadres and first
--   secretaries who served in those teams over their lives.
-- units:
--   work_teams: teams sent by that level
--   cadres: cadres who served in them, people
--   first_secretaries: of them, first secretaries, people
-- params: adcode: 6-digit adcode of the county, e.g. 522722
select t.sending_level, count(distinct t.team_id) as work_teams,
       count(cd.cadre_id) as cadres,
       count(cd.cadre_id) filter (where cd.role = 'first_secretary') as first_secretaries
from work_teams t
left join cadres cd on cd.team_id = t.team_id
where t.county_adcode = $adcode
group by all
order by work_teams desc, t.sending_level
