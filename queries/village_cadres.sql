-- name: village_cadres
-- access: official
-- definition: Every cadre who served in one village, in its work teams or as its first
--   secretary before a team came (team_id empty): the team, the role (first secretary
--   or team member) and the years of service. Cadres are identified only by their
--   anonymised id.
-- definition_zh: 在一个村任职的全部驻村干部，包括驻村工作队队员和工作队派驻前的第一书记（
--   team_id 为空）：所属工作队、职务（第一书记或队员）和任职年份。干部只以匿名编号标识。
-- units:
--   start_year, end_year: first and last year of service (end NULL while serving)
-- params: village_id: village identifier, a whole number
select cd.cadre_id, cd.team_id, cd.role, cd.start_year, cd.end_year
from cadres cd
where cd.village_id = $village_id
order by cd.team_id nulls first, cd.role, cd.start_year, cd.cadre_id
