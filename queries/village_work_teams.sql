-- name: village_work_teams
-- access: analyst
-- definition: The work teams stationed in one village: the level that sent each,
--   the years it served, the cadres serving at one time, and the cadres and first
--   secretaries who served in it over its life.
-- definition_zh: 派驻一个村的驻村工作队：各队的派出层级、驻村年份、同时在岗的干部数，及累计在队
--   内任职的驻村干部和第一书记。
-- units:
--   start_year, end_year: first and last year of service (end NULL while serving)
--   members: cadres serving at one time, people
--   cadres_served: cadres who served in the team, people
--   first_secretaries: of them, first secretaries, people
-- params: village_id: village identifier, a whole number
select t.team_id, t.sending_level, t.start_year, t.end_year, t.members,
       count(cd.cadre_id) as cadres_served,
       count(cd.cadre_id) filter (where cd.role = 'first_secretary') as first_secretaries
from work_teams t
left join cadres cd on cd.team_id = t.team_id
where t.village_id = $village_id
group by all
order by t.start_year, t.team_id
