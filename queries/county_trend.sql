-- name: county_trend
-- access: public
-- definition: One county's measures by year 2013-2020 from the county_year rollup:
--   the registry (still poor, exits), poor villages, funds, work teams, cadres and
--   first secretaries, mean income of registered households and the poverty line.
-- units: as in the county_year rollup
-- params: adcode: 6-digit adcode of the county, e.g. 522722
select * from county_year where adcode = $adcode order by year
