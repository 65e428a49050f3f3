-- name: national_trend
-- access: public
-- definition: The national measures by year 2013-2020 (registry still poor, exits,
--   counties and villages delisted, funds, work teams, cadres, income) beside the
--   published sample-survey count of the rural poor.
-- definition_zh: 全国2013—2020年各年指标（建档立卡未脱贫、脱贫、摘帽县和出列村、扶贫资金、驻村
--   工作队、驻村干部、收入），并列国家统计局抽样调查公布的农村贫困人口。
-- units: as in the national_year rollup; people, counties, villages, yuan, teams, cadres
-- params: none
select * from national_year order by year
