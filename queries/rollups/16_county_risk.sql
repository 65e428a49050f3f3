-- name: county_risk
-- definition: The early-warning counts of every programme county at the thresholds in
--   risk_thresholds, as risk_counts defines them: its exited households (not removed as
--   wrongly listed) and, among them, the households meeting a risk rule. Computed once per
--   build over monitoring_risk (a row per monitored household, two million at scale 1.0)
--   so the page reads a row per county.
-- units:
--   other columns: as in risk_counts, for programme counties only
-- params: none
select * exclude (in_programme)
from risk_counts((select risk_income_multiple from risk_thresholds),
                 (select risk_cost_share from risk_thresholds),
                 (select risk_income_drop from risk_thresholds))
where in_programme
order by adcode
