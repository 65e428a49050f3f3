-- name: province_trend
-- access: public
-- definition: One province's measures by year 2013-2020, from the province_year rollup.
-- definition_zh: 一个省2013—2020年各年指标，取自 province_year 汇总表。
-- units: as in the province_year rollup
-- params: province: 6-digit adcode of the province, e.g. 520000
select * from province_year where adcode = $province order by year
