-- name: county_values
-- definition: Every county-level unit (2,875) with its names, province, programme
--   status and each map indicator in one year, from the county_year rollup; units
--   outside the programme have no values. county_exit_year is the year the poverty
--   county left the list (NULL for other units).
-- units: as in the county_year rollup; county_exit_year a calendar year
-- params: year: calendar year 2013-2020
select c.adcode, c.name_zh, c.name_en, c.province_adcode,
       p.name_zh as province_zh, p.name_en as province_en,
       c.in_programme, c.is_poverty_county, c.exit_year as county_exit_year,
       cy.still_poor_people, cy.poverty_incidence, cy.exited_people,
       cy.cumulative_exited_people, cy.funds_per_poor_person_yuan,
       cy.teams_per_poor_village, cy.cadres_per_1000_poor, cy.income_to_line
from counties c
join provinces p on p.adcode = c.province_adcode
left join county_year cy on cy.adcode = c.adcode and cy.year = $year
order by c.adcode
