-- name: province_year
-- definition: One row per province and year: the county_year measures summed over
--   the province's programme counties, with rates recomputed from the sums (never
--   averaged), and the number of poverty counties leaving the list that year. Poverty
--   counties are counted as entries of the published list (茫崖市 stands for two).
-- units:
--   counties_in_programme: programme counties in the province
--   poverty_counties: national poverty counties in the province (list entries)
--   counties_exited: poverty counties that left the list during the year (list entries)
--   counties_remaining: poverty counties still on the list at the end of the year
--   other columns: as in county_year, summed over the province
-- params: none
with counties_by_province as (
    select province_adcode,
           count(*) as counties_in_programme,
           sum(poverty_list_entries)::integer as poverty_counties,
           sum(rural_population) as rural_population
    from counties where in_programme
    group by all
),
delisted as (
    select province_adcode, exit_year as year, sum(poverty_list_entries)::integer as counties_exited
    from counties where is_poverty_county
    group by all
),
summed as (
    select cy.province_adcode, cy.year,
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
    from county_year cy
    group by all
),
final as (
    select s.province_adcode as adcode, s.year,
           c.counties_in_programme, c.poverty_counties,
           coalesce(d.counties_exited, 0) as counties_exited,
           c.poverty_counties - sum(coalesce(d.counties_exited, 0)) over (partition by s.province_adcode order by s.year) as counties_remaining,
           s.registered_households, s.registered_people, s.poor_people_in_year,
           s.still_poor_households, s.still_poor_people,
           s.exited_households, s.exited_people, s.cumulative_exited_people,
           s.still_poor_people / nullif(c.rural_population, 0) as poverty_incidence,
           s.poor_villages, s.villages_delisted, s.poor_villages_remaining,
           s.funds_yuan, s.funds_fiscal_yuan, s.funds_central_yuan,
           s.work_teams, s.cadres, s.first_secretaries,
           s.work_teams / nullif(s.poor_villages, 0) as teams_per_poor_village,
           1000.0 * s.cadres / nullif(s.poor_people_in_year, 0) as cadres_per_1000_poor,
           s.mean_income_yuan, s.poverty_line_yuan,
           s.mean_income_yuan / s.poverty_line_yuan as income_to_line,
           s.funds_yuan / nullif(s.poor_people_in_year, 0) as funds_per_poor_person_yuan
    from summed s join counties_by_province c using (province_adcode)
    left join delisted d using (province_adcode, year)
)
select * from final order by adcode, year
