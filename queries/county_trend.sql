-- name: county_trend
-- access: public
-- definition: One county's measures by year 2013-2020 from the county_year rollup:
--   the registry (still poor, exits), poor villages, funds, work teams, cadres and
--   first secretaries, mean income of registered households and the poverty line.
-- definition_zh: 一个县2013—2020年各年指标，取自 county_year 汇总表：建档立卡（未脱贫、脱贫）、
--   贫困村、扶贫资金、驻村工作队、驻村干部和第一书记、建档立卡户人均纯收入和贫困线。
-- units: as in the county_year rollup
-- params: adcode: 6-digit adcode of the county, e.g. 522722
select * from county_year where adcode = $adcode order by year
