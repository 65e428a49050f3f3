-- name: east_west_pairs
-- access: public
-- definition: East–West pairing (东西部扶贫协作) as adjusted in 2016: each eastern
--   province or city and the western province or prefecture it helps, with the
--   provinces' names, how sure the reading of the published list is, and its source.
--   Published facts, from warehouse/reference/east_west_pairings.csv.
-- units:
--   helper_zh: the eastern province or city; helped_zh: the western province or prefecture
--   confidence: HIGH (read in a stored copy of the 2016 text), MED (confirmed by other
--     reports) or LOW (as commonly reprinted, not seen in a stored source)
-- params: none
select e.helper_zh, e.helper_level, e.helper_province_adcode,
       hp.name_zh as helper_province_zh, hp.name_en as helper_province_en,
       e.helped_zh, e.helped_level, e.helped_province_adcode,
       wp.name_zh as helped_province_zh, wp.name_en as helped_province_en,
       e.confidence, e.source
from east_west_pairings e
join provinces hp on hp.adcode = e.helper_province_adcode
join provinces wp on wp.adcode = e.helped_province_adcode
order by e.helper_province_adcode, e.helper_zh, e.helped_province_adcode, e.helped_zh
