-- name: national_kpis
-- definition: The programme's headline totals for the whole country: registered
--   poor people at the registry's peak year, people exited 2014-2020, poverty
--   counties and poor villages delisted, fiscal funds 2013-2020 (and the central
--   share), work teams and cadres ever sent to villages, people relocated.
-- units: people, counties, villages, yuan, teams, cadres as named by each column
-- params: none
with peak as (
    select year as peak_year, poor_people_in_year as peak_poor_people
    from national_year
    order by poor_people_in_year desc nulls last, year
    limit 1
),
totals as (
    select sum(exited_people) as exited_people,
           sum(relocated_people) as relocated_people,
           sum(counties_delisted) as counties_delisted,
           sum(villages_delisted) as villages_delisted,
           sum(funds_fiscal_yuan) as funds_fiscal_yuan,
           sum(funds_central_yuan) as funds_central_yuan,
           sum(work_teams_sent) as work_teams_sent,
           sum(cadres_sent) as cadres_sent,
           sum(first_secretaries_sent) as first_secretaries_sent
    from province_totals
),
programme as (
    select count(*) filter (where is_poverty_county) as poverty_counties,
           count(*) filter (where in_programme) as counties_in_programme
    from counties
)
select * from peak, totals, programme
