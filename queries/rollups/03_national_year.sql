-- name: national_year
-- definition: One row per year for the whole country: the province_year measures
--   summed over provinces, rates recomputed from the sums, beside the published
--   sample-survey estimate of the rural poor (a different source from the registry).
--   In a synthetic build at scale s the survey count is multiplied by s, so the two
--   sources stay comparable; incidence is a share and is not scaled.
-- definition_zh: 全国每年一行：province_year 指标按省加总，比率由合计重新计算，并列国家统计局农
--   村住户抽样调查估计的农村贫困人口（与建档立卡口径不同）。规模为 s 的合成数据中调查人数乘
--   以 s，使两种口径可比；贫困发生率为比例，不缩放。
-- units:
--   survey_rural_poor_people: rural poor by the national sample survey (2010 standard), people, times the build scale
--   survey_poverty_incidence: poverty incidence by the survey, share 0..1
--   other columns: as in province_year, summed over the country
-- params: none
with summed as (
    select year,
           sum(counties_in_programme) as counties_in_programme,
           sum(poverty_counties) as poverty_counties,
           sum(counties_exited) as counties_exited,
           sum(counties_remaining) as counties_remaining,
           {{sums:province}}
    from province_year
    group by year
),
build_scale as (
    select coalesce(max(try_cast(value as double)) filter (where key = 'scale'), 1) as scale
    from build_info
),
survey as (
    select year,
           max(value) filter (where figure = 'survey_rural_poor_million') * 1e6
               * (select scale from build_scale) as survey_rural_poor_people,
           max(value) filter (where figure = 'survey_poverty_incidence_pct') / 100 as survey_poverty_incidence
    from reference_figures
    group by year
),
final as (
    select s.*{{rates:nation}},
           sv.survey_rural_poor_people, sv.survey_poverty_incidence
    from summed s
    left join survey sv using (year)
)
select * from final order by year
