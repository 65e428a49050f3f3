-- name: national_year
-- definition: One row per year for the whole country: the province_year measures
--   summed over provinces, rates recomputed from the sums, beside the published
--   sample-survey estimate of the rural poor (a different source from the registry).
--   In a synthetic build at scale s the survey count is multiplied by s, so the two
--   sources stay comparable; incidence is a share and is not scaled.
-- units:
--   survey_rural_poor_people: rural poor by the national sample survey (2010 standard), people, times the build scale
--   survey_poverty_incidence: poverty incidence by the survey, share 0..1
--   other columns: as in province_year, summed over the country
-- params: none
with rural as (
    select sum(rural_population) as rural_population from counties where in_programme
),
summed as (
    select year,
           sum(counties_in_programme) as counties_in_programme,
           sum(poverty_counties) as poverty_counties,
           sum(counties_exited) as counties_exited,
           sum(counties_remaining) as counties_remaining,
           sum(registered_households) as registered_households,
           sum(registered_people) as registered_people,
           sum(poor_people_in_year) as poor_people_in_year,
           sum(still_poor_households) as still_poor_households,
           sum(still_poor_people) as still_poor_people,
           sum(exited_households) as exited_households,
           sum(exited_people) as exited_people,
           sum(cumulative_exited_people) as cumulative_exited_people,
           sum(poor_villages) as poor_villages,
           sum(villages_delisted) as villages_delisted,
           sum(poor_villages_remaining) as poor_villages_remaining,
           sum(funds_yuan) as funds_yuan,
           sum(funds_fiscal_yuan) as funds_fiscal_yuan,
           sum(funds_central_yuan) as funds_central_yuan,
           sum(work_teams) as work_teams,
           sum(cadres) as cadres,
           sum(first_secretaries) as first_secretaries,
           sum(mean_income_yuan * registered_people) / nullif(sum(registered_people) filter (where mean_income_yuan is not null), 0) as mean_income_yuan,
           any_value(poverty_line_yuan) as poverty_line_yuan
    from province_year
    group by year
),
build_scale as (
    select coalesce(max(try_cast(value as double)) filter (where key = 'scale'), 1) as scale
    from build_info
),
survey as (
    select year,
           max(value) filter (where figure = 'survey_rural_poor_million') * 1e6
               * (select scale from build_scale) as survey_rural_poor_people,
           max(value) filter (where figure = 'survey_poverty_incidence_pct') / 100 as survey_poverty_incidence
    from reference_figures
    group by year
),
final as (
    select s.*,
           s.still_poor_people / nullif(r.rural_population, 0) as poverty_incidence,
           s.work_teams / nullif(s.poor_villages, 0) as teams_per_poor_village,
           1000.0 * s.cadres / nullif(s.poor_people_in_year, 0) as cadres_per_1000_poor,
           s.mean_income_yuan / s.poverty_line_yuan as income_to_line,
           s.funds_yuan / nullif(s.poor_people_in_year, 0) as funds_per_poor_person_yuan,
           sv.survey_rural_poor_people, sv.survey_poverty_incidence
    from summed s cross join rural r
    left join survey sv using (year)
)
select * from final order by year
