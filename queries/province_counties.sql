-- name: province_counties
-- access: public
-- definition: The national poverty counties of one province, each with its names,
--   prefecture, the year it left the poverty-county list and every indicator of the
--   county_year rollup in one year, for ranking the counties on the province page.
--   A county without a county_year row that year has no values (NULL), not zeros.
--   In the public edition, suppressed holds the row's withheld columns and the
--   threshold (see docs/security.md); a full build has no such column.
-- definition_zh: 一个省的国家级贫困县，每县附名称、所属地级单位、脱贫摘帽年份及某一
--   年 county_year 汇总表的全部指标，供省页面排序。当年无 county_year 记录的县无数值（空值），
--   而非零。公开版另有一列，记录该行不公布的列及阈值（见 docs/security.md）；完整版无此列。
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
           cy.* exclude (adcode, province_adcode, year)
    from poverty_counties pc
    left join county_year cy on cy.adcode = pc.adcode and cy.year = $year
)
select * from final order by adcode
