-- name: county_values
-- access: public
-- definition: Every county-level unit (2,875) with its names, province, programme
--   status and every county_year measure in one year, from the county_year rollup; units
--   outside the programme have no values. county_exit_year is the year the poverty
--   county left the list (NULL for other units).
--   In the public edition, suppressed holds the row's withheld columns and the
--   threshold (see docs/security.md); a full build has no such column.
-- definition_zh: 全部2875个县级单位某一年的名称、所属省份、扶贫状态及 county_year 的全部指标；
--   非扶贫县无数值。county_exit_year 为贫困县脱贫摘帽年份（其他单位为空）。公开版另有一列，记录
--   该行不公布的列及阈值（见 docs/security.md）；完整版无此列。
-- units: as in the county_year rollup; county_exit_year a calendar year
-- params: year: calendar year 2013-2020
select c.adcode, c.name_zh, c.name_en, c.province_adcode,
       p.name_zh as province_zh, p.name_en as province_en,
       c.in_programme, c.is_poverty_county, c.exit_year as county_exit_year,
       cy.* exclude (adcode, province_adcode, year)
from counties c
join provinces p on p.adcode = c.province_adcode
left join county_year cy on cy.adcode = c.adcode and cy.year = $year
order by c.adcode
