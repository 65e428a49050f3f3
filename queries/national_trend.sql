-- name: national_trend
-- access: public
-- definition: The national measures by year 2013-2020 (registry still poor, exits,
--   counties and villages delisted, funds, work teams, cadres, income) beside the
--   published sample-survey count of the rural poor.
-- units: as in the national_year rollup; people, counties, villages, yuan, teams, cadres
-- params: none
select * from national_year order by year
