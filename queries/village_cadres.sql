-- name: village_cadres
-- access: official
-- definition: Every cadre who served in one village's work teams: the team, the role
--   (first secretary or team member) and the years of service. Cadres are identified
--   only by their anonymised id.
-- units:
--   start_year, end_year: first and last year of service (end NULL while serving)
-- params: village_id: village identifier, a whole number
select cd.cadre_id, cd.team_id, cd.role, cd.start_year, cd.end_year
from cadres cd
join work_teams t on t.team_id = cd.team_id
where t.village_id = $village_id
order by cd.team_id, cd.role, cd.start_year, cd.cadre_id
