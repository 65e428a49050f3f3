-- name: risk_thresholds
-- definition: The risk rules' thresholds the early-warning counts (county_risk,
--   province_risk, national_risk) were computed with, one row: those configured
--   (queries/thresholds.py, POVERTY_THRESHOLD_*) when the database was built or, in the
--   public edition, when it was published. The /monitoring page reads those counts while
--   the thresholds in force are these; after a threshold is changed it applies the new
--   thresholds to monitoring_risk instead (query monitoring_counties), so a changed
--   threshold needs no rebuild, only a restart.
-- definition_zh: 返贫预警计数（county_risk、province_risk、national_risk）所用的风险规则阈值，
--   一行：构建数据库时（公开版为发布时）配置的阈值（queries/thresholds.py，
--   POVERTY_THRESHOLD_*）。/monitoring 页面在现行阈值与此相同时读取这些计数；阈值修改后改为
--   对 monitoring_risk 套用新阈值（查询 monitoring_counties），因此只需重启，无需重新构建。
-- units:
--   risk_income_multiple: income below this multiple of the 2020 poverty line meets the income rule, ratio
--   risk_cost_share: shock costs above this share of the household's 2020 income meet the cost rule, ratio
--   risk_income_drop: income down by more than this share from 2020 meets the drop rule, share 0..1
-- params: risk_income_multiple: the income rule's threshold in force at build time
--   risk_cost_share: the cost rule's threshold in force at build time
--   risk_income_drop: the drop rule's threshold in force at build time
select $risk_income_multiple::double as risk_income_multiple,
       $risk_cost_share::double as risk_cost_share,
       $risk_income_drop::double as risk_income_drop
