-- name: county_profile
-- access: public
-- definition: One county-level unit's names, province and prefecture, and its
--   programme status: whether it took part in the programme, whether it is a national
--   poverty county, its contiguous area of extreme poverty and the year it left the
--   poverty-county list. No row when no unit has the adcode.
-- definition_zh: 一个县级单位的名称、所属省和地级单位及扶贫状态：是否参与扶贫工作、是否为国家级
--   贫困县、所属连片特困地区和脱贫摘帽年份。无此 adcode 的单位时无结果。
-- units:
--   exit_year: calendar year the county left the list (NULL if it never was on it)
--   rural_population: rural registered population in 2014, people
-- params: adcode: 6-digit adcode of the county, e.g. 522722
select c.adcode, c.name_zh, c.name_en, c.prefecture_zh, c.province_adcode,
       p.name_zh as province_zh, p.name_en as province_en,
       c.in_programme, c.is_poverty_county, c.contiguous_area, c.exit_year,
       c.rural_population
from counties c
join provinces p on p.adcode = c.province_adcode
where c.adcode = $adcode
