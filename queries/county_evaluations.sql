-- name: county_evaluations
-- access: public
-- definition: Third-party evaluation results for one county by year: households
--   sampled, the misidentification rate, the wrong-exit rate and satisfaction.
--   Only evaluated counties (the national poverty counties) have rows.
--   In the public edition, suppressed holds the row's withheld columns and the
--   threshold (see docs/security.md); a full build has no such column.
-- definition_zh: 一个县历年贫困县退出第三方评估结果：抽样户数、错评率、错退率和群众满意度。只有
--   接受评估的县（国家级贫困县）有记录。公开版另有一列，记录该行不公布的列及阈值（
--   见 docs/security.md）；完整版无此列。
-- units:
--   sample_households: households sampled
--   misidentification_rate: share of sampled households wrongly identified, 0..1
--   wrong_exit_rate: share of sampled exited households that exited wrongly, 0..1
--   satisfaction_rate: share of sampled households satisfied, 0..1
-- params: adcode: 6-digit adcode of the county, e.g. 522722
select * exclude (county_adcode)
from evaluations
where county_adcode = $adcode
order by year
