-- name: province_totals
-- definition: One row per province with programme totals over 2013-2020: the
--   registry at its peak year, people exited, counties and villages delisted, funds,
--   and the work teams and cadres ever sent (counted once however long they served).
-- definition_zh: 每省一行，2013—2020年扶贫工作总量：建档立卡峰值年的人数、脱贫人口、摘帽贫困县
--   和出列贫困村、扶贫资金，以及累计选派的驻村工作队和干部（无论任职多久只计一次）。
-- units:
--   peak_year: year with the most people poor at some time in the year
--   peak_poor_people: poor_people_in_year in the peak year, people
--   exited_people: people who exited 2014-2020
--   relocated_people: people in households relocated from uninhabitable areas
--   counties_delisted: poverty counties that left the list, counties
--   villages_delisted: poor villages delisted, villages
--   funds_fiscal_yuan: central, provincial, city and county funds 2013-2020, yuan
--   funds_central_yuan: central funds 2013-2020, yuan
--   funds_yuan: all funds 2013-2020 (fiscal and social), yuan
--   work_teams_sent: work teams ever stationed in the province's villages, teams
--   cadres_sent: cadres who served in the province's villages, in teams or alone, people
--   first_secretaries_sent: cadres who served as first secretary, people
-- params: none
with peak as (
    select adcode, arg_max(year, poor_people_in_year) as peak_year,
           max(poor_people_in_year) as peak_poor_people
    from province_year group by adcode
),
flows as (
    select adcode,
           sum(exited_people) as exited_people,
           sum(counties_exited) as counties_delisted,
           sum(villages_delisted) as villages_delisted,
           sum(funds_fiscal_yuan) as funds_fiscal_yuan,
           sum(funds_central_yuan) as funds_central_yuan,
           sum(funds_yuan) as funds_yuan
    from province_year group by adcode
),
relocated as (
    select c.province_adcode as adcode, sum(h.members) as relocated_people
    from households h join counties c on c.adcode = h.county_adcode
    where h.measure_relocation and h.removed_year is null
    group by all
),
teams as (
    select c.province_adcode as adcode,
           count(distinct t.team_id) as work_teams_sent
    from work_teams t join counties c on c.adcode = t.county_adcode
    group by all
),
cadres_sent as (
    select c.province_adcode as adcode,
           count(*) as cadres_sent,
           count(*) filter (where cd.role = 'first_secretary') as first_secretaries_sent
    from cadres cd
    join counties c on c.adcode = cd.county_adcode
    group by all
),
final as (
    select f.adcode, p.peak_year, p.peak_poor_people, f.exited_people,
           coalesce(r.relocated_people, 0) as relocated_people,
           f.counties_delisted, f.villages_delisted,
           f.funds_fiscal_yuan, f.funds_central_yuan, f.funds_yuan,
           coalesce(t.work_teams_sent, 0) as work_teams_sent,
           coalesce(cs.cadres_sent, 0) as cadres_sent,
           coalesce(cs.first_secretaries_sent, 0) as first_secretaries_sent
    from flows f
    join peak p using (adcode)
    left join relocated r using (adcode)
    left join teams t using (adcode)
    left join cadres_sent cs using (adcode)
)
select * from final order by adcode
