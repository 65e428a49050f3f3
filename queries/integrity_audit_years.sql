-- name: integrity_audit_years
-- access: public
-- definition: Audits of poverty-alleviation funds by year, over every audited county:
--   the national share of sampled funds used in violation of the rules (all violations
--   over all sampled funds, 25.8% in 2016 and 1.5% in 2019 nationally), and the median
--   and 90th percentile of the counties' own shares, so a county can be read against
--   the spread as well as the national line.
-- definition_zh: 各年扶贫资金审计，覆盖所有受审计的县：全国抽查资金中违规使用的比例（全部违规资
--   金除以全部抽查资金，2016年为25.8%，2019年为1.5%），以及各县违规比例的中位数和90百分位数，使
--   一个县既能与全国比例比较，也能与分布比较。
-- units:
--   counties: counties audited that year
--   national_share: sum of violations / sum of sampled funds, share 0..1
--   median_share: median of the counties' shares, share 0..1
--   p90_share: 90th percentile of the counties' shares, share 0..1
-- params: none
with shares as (
    select year, violations_yuan, funds_sampled_yuan,
           violations_yuan / nullif(funds_sampled_yuan, 0) as share
    from audits
),
final as (
    select year, count(*) as counties,
           sum(violations_yuan) / nullif(sum(funds_sampled_yuan), 0) as national_share,
           quantile_cont(share, 0.5) as median_share,
           quantile_cont(share, 0.9) as p90_share
    from shares
    group by all
)
select * from final order by year
