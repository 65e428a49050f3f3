-- name: county_work_teams_by_level
-- access: public
-- definition: Work teams ever stationed in one county's villages by the level of the
--   unit that sent them (central, province, city, county), with the cadres and first
--   secretaries who served in those teams over their lives, from the
--   county_teams_by_level rollup.
-- definition_zh: 一个县村内累计派驻的驻村工作队，按派出单位层级（中央、省、市、县）分列，及在队
--   内任职过的驻村干部和第一书记，取自 county_teams_by_level 汇总表。
-- units:
--   work_teams: teams sent by that level
--   cadres: cadres who served in them, people
--   first_secretaries: of them, first secretaries, people
-- params: adcode: 6-digit adcode of the county, e.g. 522722
select sending_level, work_teams, cadres, first_secretaries
from county_teams_by_level
where adcode = $adcode
order by work_teams desc, sending_level
