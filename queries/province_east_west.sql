-- name: province_east_west
-- access: public
-- definition: The East–West pairs (2016) one province takes part in, helping or helped,
--   as east_west_pairs gives them.
-- units:
--   as in east_west_pairs
-- params: province: 6-digit adcode of the province, e.g. 520000
select e.helper_zh, e.helper_level, hp.name_zh as helper_province_zh,
       hp.name_en as helper_province_en, e.helped_zh, e.helped_level,
       wp.name_zh as helped_province_zh, wp.name_en as helped_province_en,
       e.confidence, e.source
from east_west_pairings e
join provinces hp on hp.adcode = e.helper_province_adcode
join provinces wp on wp.adcode = e.helped_province_adcode
where e.helped_province_adcode = $province or e.helper_province_adcode = $province
order by e.helper_province_adcode, e.helper_zh, e.helped_zh
