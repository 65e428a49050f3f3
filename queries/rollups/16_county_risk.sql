-- name: county_risk
-- definition: The early-warning counts of every programme county at the thresholds in
--   risk_thresholds, as risk_counts defines them: its exited households (not removed as
--   wrongly listed) and, among them, the households meeting a risk rule. Computed once per
--   build over monitoring_risk (a row per monitored household, two million at scale 1.0)
--   so the page reads a row per county.
-- definition_zh: 按 risk_counts 的定义、以 risk_thresholds 的阈值计算的每个扶贫县返贫预警计数：
--   县内脱贫户（不含被剔除户）及其中满足风险规则的户。每次构建时对 monitoring_risk（每个监测户
--   一行，规模1.0时约二百万行）计算一次，使页面每县只读一行。
-- units:
--   other columns: as in risk_counts, for programme counties only
-- params: none
select * exclude (in_programme)
from risk_counts((select risk_income_multiple from risk_thresholds),
                 (select risk_cost_share from risk_thresholds),
                 (select risk_income_drop from risk_thresholds))
where in_programme
order by adcode
