-- name: province_comparison
-- access: public
-- definition: One province beside the whole country, by year 2013-2020, on measures
--   that compare areas of different sizes: the rates of the rollups as they are (every
--   rate of indicators/), and the counts turned into shares. still_poor_share is the people still poor at the
--   end of the year over the people in the registry that year; exit_rate the people
--   who exited during the year over the people poor at some time in it;
--   cumulative_exited_share the people exited since 2014 over the people in the
--   registry; counties_delisted_share the poverty counties off the list at the end
--   of the year over all the area's poverty counties. From province_year and
--   national_year; area is 'province' or 'nation'.
-- definition_zh: 一个省与全国逐年（2013—2020年）对比，使用可比较不同规模地区的指标：汇总表中的
--   各项比率（indicators/ 的全部比率），以及换算为比例的计数。still_poor_share 为年末未脱贫人口
--   占当年建档立卡人口的比例；exit_rate 为当年脱贫人口占年内贫困人口的比例；
--   cumulative_exited_share 为2014年以来累计脱贫人口占建档立卡人口的比例；
--   counties_delisted_share 为年末已脱贫摘帽的贫困县占本地区全部贫困县的比例。取
--   自 province_year 和 national_year；另有一列区分本省与全国。
-- units:
--   still_poor_share: share 0..1, to 0.1 point
--   exit_rate: share 0..1, to 0.1 point
--   cumulative_exited_share: share 0..1, to 0.1 point
--   counties_delisted_share: share 0..1 (NULL where the area has no poverty county)
-- params: province: 6-digit adcode of the province, e.g. 520000
with areas as (
    select 'province' as area, * from province_year where adcode = $province
    union all by name
    select 'nation' as area, * from national_year
),
final as (
    select area, year,
           -- shares of counts to 0.1 point, as the public edition publishes its own
           round(still_poor_people / nullif(registered_people, 0), 3) as still_poor_share,
           round(exited_people / nullif(poor_people_in_year, 0), 3) as exit_rate,
           round(cumulative_exited_people / nullif(registered_people, 0), 3)
               as cumulative_exited_share,
           (poverty_counties - counties_remaining) / nullif(poverty_counties, 0)
               as counties_delisted_share{{rate_columns:province}}
    from areas
)
select * from final order by area desc, year
