-- name: province_kpis
-- access: public
-- definition: One province's headline totals, from the province_totals rollup:
--   registered poor people at the registry's peak year, people exited 2014-2020,
--   poverty counties delisted of the province's poverty counties, poor villages
--   delisted, fiscal funds 2013-2020 (and the central share), work teams and cadres
--   ever sent to its villages. One row for a province of the map even when it has
--   no totals (the totals are then NULL).
--   In the public edition, suppressed holds the row's withheld columns and the
--   threshold (see docs/security.md); a full build has no such column.
-- definition_zh: 一个省的主要总量，取自 province_totals 汇总表：建档立卡峰值年的贫困人口、2014—
--   2020年脱贫人口、已脱贫摘帽的贫困县数及本省贫困县总数、出列贫困村、2013—2020年财政扶贫资金（
--   及中央占比）、累计选派到村的驻村工作队和干部。地图上的省份即使没有总量也有一行（总量为空
--   值）。公开版另有一列，记录该行不公布的列及阈值（见 docs/security.md）；完整版无此列。
-- units: people, counties, villages, yuan, teams, cadres as named by each column
--   counties_in_programme: the province's counties in the programme, counties
--   poverty_counties: the province's national poverty counties, counties
--   other columns: as in province_totals
-- params: province: 6-digit adcode of the province, e.g. 520000
with province as (
    select adcode from provinces where adcode = $province
),
programme as (
    select count(*) filter (where in_programme) as counties_in_programme,
           sum(poverty_list_entries)::integer as poverty_counties
    from counties
    where province_adcode = $province
),
final as (
    select p.adcode, pr.counties_in_programme, pr.poverty_counties,
           t.* exclude (adcode)
    from province p
    cross join programme pr
    left join province_totals t on t.adcode = p.adcode
)
select * from final
