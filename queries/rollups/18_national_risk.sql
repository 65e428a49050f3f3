-- name: national_risk
-- definition: The early-warning counts of the nation, one row: the sum of the provinces
--   in province_risk, at the thresholds in risk_thresholds.
-- definition_zh: 全国返贫预警计数，一行：各省 province_risk 之和，阈值同 risk_thresholds。
-- units:
--   other columns: as in county_risk, summed over every programme county
-- params: none
select sum(exited_households)::bigint as exited_households,
       sum(at_risk_households)::bigint as at_risk_households,
       sum(at_risk_people)::bigint as at_risk_people,
       sum(at_risk_households) / nullif(sum(exited_households), 0) as at_risk_share,
       sum(low_income_households)::bigint as low_income_households,
       sum(high_cost_households)::bigint as high_cost_households,
       sum(income_drop_households)::bigint as income_drop_households
from province_risk
