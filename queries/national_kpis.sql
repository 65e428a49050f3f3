-- name: national_kpis
-- access: public
-- definition: The programme's headline totals for the whole country: registered
--   poor people at the registry's peak year, people exited 2014-2020, poverty
--   counties and poor villages delisted, fiscal funds 2013-2020 (and the central
--   share), work teams and cadres ever sent to villages, people relocated; the totals
--   from the national_totals rollup.
--   In the public edition, suppressed holds the row's withheld columns and the
--   threshold (see docs/security.md); a full build has no such column.
-- units: people, counties, villages, yuan, teams, cadres as named by each column
-- params: none
with peak as (
    select year as peak_year, poor_people_in_year as peak_poor_people
    from national_year
    order by poor_people_in_year desc nulls last, year
    limit 1
),
programme as (
    select sum(poverty_list_entries)::integer as poverty_counties,
           count(*) filter (where in_programme) as counties_in_programme
    from counties
)
select * from peak, national_totals, programme
