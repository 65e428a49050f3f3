-- name: province_risk
-- definition: The early-warning counts of each province with programme counties: the sum
--   of its counties in county_risk, at the thresholds in risk_thresholds.
-- definition_zh: 有扶贫县的各省返贫预警计数：本省各县 county_risk 之和，阈值
--   同 risk_thresholds。
-- units:
--   other columns: as in county_risk, summed over the province's programme counties
-- params: none
with final as (
    select province_adcode as adcode,
           sum(exited_households)::bigint as exited_households,
           sum(at_risk_households)::bigint as at_risk_households,
           sum(at_risk_people)::bigint as at_risk_people,
           sum(at_risk_households) / nullif(sum(exited_households), 0) as at_risk_share,
           sum(low_income_households)::bigint as low_income_households,
           sum(high_cost_households)::bigint as high_cost_households,
           sum(income_drop_households)::bigint as income_drop_households
    from county_risk
    group by all
)
select * from final order by adcode
