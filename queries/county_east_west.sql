-- name: county_east_west
-- access: public
-- definition: The eastern partner of one county under East–West pairing (2016): its
--   prefecture's own pair where the prefecture has one, else its province's pair, as
--   east_west_pairs gives them; none for a county in neither.
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
    from east_west_pairings e, county c
    where e.helped_province_adcode = c.province_adcode
      and (e.helped_level = 'province' or e.helped_zh = c.prefecture_zh)
)
select p.helper_zh, p.helper_level, hp.name_zh as helper_province_zh,
       hp.name_en as helper_province_en, p.helped_zh, p.helped_level,
       wp.name_zh as helped_province_zh, wp.name_en as helped_province_en,
       p.confidence, p.source
from pairs p
join provinces hp on hp.adcode = p.helper_province_adcode
join provinces wp on wp.adcode = p.helped_province_adcode
where p.precedence = 1
order by p.helper_zh
