-- name: national_kpis
-- access: public
-- definition: The programme's headline totals for the whole country: registered
--   poor people at the registry's peak year, people exited 2014-2020, poverty
--   counties and poor villages delisted, fiscal funds 2013-2020 (and the central
--   share), work teams and cadres ever sent to villages, people relocated; the totals
--   from the national_totals rollup.
--   In the public edition, suppressed holds the row's withheld columns and the
--   threshold (see docs/security.md); a full build has no such column.
-- definition_zh: 全国扶贫工作的主要总量：建档立卡峰值年的贫困人口、2014—2020年脱贫人口、脱贫摘
--   帽的贫困县和出列的贫困村、2013—2020年财政扶贫资金（及中央占比）、累计选派的驻村工作队和干
--   部、易地扶贫搬迁人口；总量取自 national_totals 汇总表。公开版另有一列，记录该行不公布的列及
--   阈值（见 docs/security.md）；完整版无此列。
-- units: people, counties, villages, yuan, teams, cadres as named by each column
-- params: none
with peak as (
    select year as peak_year, poor_people_in_year as peak_poor_people
    from national_year
    order by poor_people_in_year desc nulls last, year
    limit 1
),
programme as (
    select sum(poverty_list_entries)::integer as poverty_counties,
           count(*) filter (where in_programme) as counties_in_programme
    from counties
)
select * from peak, national_totals, programme
