-- name: province_counties
-- definition: The national poverty counties of one province, each with its names,
--   prefecture, the year it left the poverty-county list and every indicator of the
--   county_year rollup in one year, for ranking the counties on the province page.
--   A county without a county_year row that year has no values (NULL), not zeros.
-- units: as in the county_year rollup; county_exit_year a calendar year
-- params: province: 6-digit adcode of the province, e.g. 520000
--   year: calendar year 2013-2020
with poverty_counties as (
    select adcode, name_zh, name_en, prefecture_zh, exit_year as county_exit_year
    from counties
    where province_adcode = $province and is_poverty_county
),
final as (
    select pc.adcode, pc.name_zh, pc.name_en, pc.prefecture_zh, pc.county_exit_year,
           cy.still_poor_people, cy.poverty_incidence, cy.exited_people,
           cy.cumulative_exited_people, cy.funds_per_poor_person_yuan,
           cy.teams_per_poor_village, cy.cadres_per_1000_poor, cy.income_to_line
    from poverty_counties pc
    left join county_year cy on cy.adcode = pc.adcode and cy.year = $year
)
select * from final order by adcode
