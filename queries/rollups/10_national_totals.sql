-- name: national_totals
-- definition: The programme totals for the whole country over 2013-2020, summed from
--   province_totals: people exited and relocated, counties and villages delisted,
--   funds, and the work teams and cadres ever sent. Stored, not summed when read, so
--   that the public edition can publish the true national total beside provinces
--   whose own totals are withheld.
-- definition_zh: 全国2013—2020年扶贫工作总量：由资金明细加总的扶贫资金，以及累计选派的驻村工作
--   队和干部。预先存储而非读取时加总，使公开版在部分省份总量不公布时仍能公布真实的全国总量。
-- units:
--   other columns: as in province_totals, summed over provinces
-- params: none
with final as (
    select sum(exited_people) as exited_people,
           sum(relocated_people) as relocated_people,
           sum(counties_delisted) as counties_delisted,
           sum(villages_delisted) as villages_delisted,
           sum(funds_fiscal_yuan) as funds_fiscal_yuan,
           sum(funds_central_yuan) as funds_central_yuan,
           sum(funds_yuan) as funds_yuan,
           sum(work_teams_sent) as work_teams_sent,
           sum(cadres_sent) as cadres_sent,
           sum(first_secretaries_sent) as first_secretaries_sent
    from province_totals
)
select * from final
