-- name: county_monitoring
-- definition: Households that exited poverty and households under post-exit
--   monitoring in the transition period (at risk of falling back into poverty), per
--   county and main cause of poverty, over households not removed as wrongly listed.
-- definition_zh: 按县和主要致贫原因统计的脱贫户数和过渡期内纳入防止返贫监测（有返贫风险）的户
--   数，不含因识别不准被剔除的户。
-- units:
--   exited_households: households that exited poverty 2014-2020
--   exited_people: people in them
--   monitored_households: households whose monitoring status is 'monitored'
--   monitored_people: people in them
--   monitored_share: monitored_households / exited_households, share 0..1
-- params: none
with registry as (
    select county_adcode, cause, members, exit_year, monitoring_status
    from households
    where removed_year is null
),
final as (
    select county_adcode as adcode, cause,
           count(*) filter (where exit_year is not null) as exited_households,
           coalesce(sum(members) filter (where exit_year is not null), 0) as exited_people,
           count(*) filter (where monitoring_status = 'monitored') as monitored_households,
           coalesce(sum(members) filter (where monitoring_status = 'monitored'), 0)
               as monitored_people,
           count(*) filter (where monitoring_status = 'monitored')
               / nullif(count(*) filter (where exit_year is not null), 0) as monitored_share
    from registry
    group by all
)
select * from final order by adcode, cause
