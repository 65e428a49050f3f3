-- name: county_east_west
-- access: public
-- definition: The eastern partner of one county under East–West pairing (2016): its
--   prefecture's own pair where the prefecture has one, else its province's pair, as
--   east_west_pairs gives them; none for a county in neither. With what flowed along the
--   pair in 2016–2020 to the whole area it helps (east_west_flows), empty where the data
--   has no amounts.
-- definition_zh: 一个县在东西部扶贫协作（2016年）中的东部帮扶方：所在地级单位有结对的取其结对，
--   否则取所在省的结对，与 east_west_pairs 相同；两者皆无的县无结果。附该结对2016—2020年
--   向其帮扶地区投入的财政援助、社会捐赠与双向选派干部人数（east_west_flows），数据无金额时为空。
-- units:
--   as in east_west_pairs
--   fiscal_aid_yuan, social_donations_yuan: yuan, 2016–2020, to the area the pair helps
--   cadres_to_west, cadres_to_east, professionals_to_west: people, 2016–2020
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
),
amounts as (
    select helper_zh, helped_zh, sum(fiscal_aid_yuan) as fiscal_aid_yuan,
           sum(social_donations_yuan) as social_donations_yuan,
           sum(cadres_to_west)::BIGINT as cadres_to_west,
           sum(cadres_to_east)::BIGINT as cadres_to_east,
           sum(professionals_to_west)::BIGINT as professionals_to_west
    from east_west_amounts
    group by all
)
select p.* exclude (helper_province_adcode, helped_province_adcode, precedence),
       a.fiscal_aid_yuan, a.social_donations_yuan, a.cadres_to_west, a.cadres_to_east,
       a.professionals_to_west
from pairs p
left join amounts a on a.helper_zh = p.helper_zh and a.helped_zh = p.helped_zh
where p.precedence = 1
order by p.helper_zh
