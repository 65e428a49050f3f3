-- name: county_teams_by_level
-- definition: Work teams ever stationed in each county's villages by the level of the
--   unit that sent them (central, province, city, county), with the cadres and first
--   secretaries who served in those teams over their lives. A county-level rollup so
--   that the county page never reads the work_teams and cadres tables, which the
--   public edition does not hold.
-- definition_zh: 按派出单位层级（中央、省、市、县）统计各县村内累计派驻的驻村工作队，及在队内任
--   职过的驻村干部和第一书记。按县汇总，使县页面无需读取公开版不含的驻村工作队和驻村干部明细
--   表。
-- units:
--   sending_level: central, province, city or county
--   work_teams: teams sent by that level
--   cadres: cadres who served in them, people
--   first_secretaries: of them, first secretaries, people
-- params: none
with final as (
    select t.county_adcode as adcode, t.sending_level,
           count(distinct t.team_id) as work_teams,
           count(cd.cadre_id) as cadres,
           count(cd.cadre_id) filter (where cd.role = 'first_secretary') as first_secretaries
    from work_teams t
    left join cadres cd on cd.team_id = t.team_id
    group by all
)
select * from final order by adcode, sending_level
