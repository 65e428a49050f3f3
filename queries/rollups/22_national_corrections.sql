-- name: national_corrections
-- definition: The 2015 correction of the registry across the country: the sum of the
--   provinces in province_corrections, by action and reason.
-- definition_zh: 2015年建档立卡“回头看”的全国调整：各省 province_corrections 按调整类型和原因加
--   总。
-- units:
--   action: removed or added
--   reason: misidentified_assets, misidentified_income, missed_poor, duplicate or other
--   households: households removed or added
--   people: people in them
-- params: none
with final as (
    select action, reason, sum(households)::bigint as households,
           sum(people)::bigint as people
    from province_corrections
    group by all
)
select * from final order by action, reason
