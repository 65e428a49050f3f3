-- name: county_east_west
-- access: public
-- definition: The eastern partner of one county under East–West pairing (2016): its
--   prefecture's own pair where the prefecture has one, else its province's pair, as
--   east_west_pairs gives them; none for a county in neither.
-- definition_zh: 一个县在东西部扶贫协作（2016年）中的东部帮扶方：所在地级单位有结对的取其结对，
--   否则取所在省的结对，与 east_west_pairs 相同；两者皆无的县无结果。
-- units:
--   as in east_west_pairs
-- params: adcode: 6-digit adcode of the county, e.g. 522722
with county as (
    select prefecture_zh, province_adcode from counties where adcode = $adcode
),
pairs as (
    select e.*,
           -- the prefecture's own pair takes precedence over its province's
           rank() over (order by (e.helped_level = 'prefecture') desc) as precedence
    from east_west_named e, county c
    where e.helped_province_adcode = c.province_adcode
      and (e.helped_level = 'province' or e.helped_zh = c.prefecture_zh)
)
select * exclude (helper_province_adcode, helped_province_adcode, precedence)
from pairs
where precedence = 1
order by helper_zh
