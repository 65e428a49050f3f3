-- name: province_corrections
-- definition: The 2015 correction of the registry, per province: households (and the
--   people in them) removed as wrongly listed and added as missed, by reason, from the
--   corrections table's 2015 rows.
-- definition_zh: 2015年建档立卡“回头看”的调整，按省：按原因统计的因识别不准剔除和因漏评补录的户
--   数（及人数），取自2015年的建档立卡调整记录。
-- units:
--   action: removed or added
--   reason: misidentified_assets, misidentified_income, missed_poor, duplicate or other
--   households: households removed or added
--   people: people in them
-- params: none
with final as (
    select c.province_adcode as adcode, k.action, k.reason,
           count(*)::bigint as households, sum(h.members)::bigint as people
    from corrections k
    join households h using (household_id)
    join counties c on c.adcode = h.county_adcode
    where k.year = 2015
    group by all
)
select * from final order by adcode, action, reason
