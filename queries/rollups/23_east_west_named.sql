-- name: east_west_named
-- definition: The East–West pairs (2016) with the names of the helper's and the helped
--   province, in English and Chinese: what every East–West query reads.
-- definition_zh: 2016年东西部扶贫协作结对关系，附帮扶方和被帮扶方所在省份的中英文名称：所有东西
--   部扶贫协作查询都读取此表。
-- units:
--   helper_zh: the eastern province or city that helps
--   helper_level: province or city
--   helper_province_adcode: the helper's province, 6-digit adcode
--   helper_province_zh: its name in Chinese
--   helper_province_en: its name in English
--   helped_zh: the western province or prefecture helped
--   helped_level: province or prefecture
--   helped_province_adcode: the province helped, or the prefecture's, 6-digit adcode
--   helped_province_zh: its name in Chinese
--   helped_province_en: its name in English
--   confidence: HIGH (read in a stored copy of the 2016 text), MED (confirmed by other
--     reports) or LOW (as commonly reprinted, not seen in a stored source)
--   source: where the pair is published
--   source_zh: the same, in Chinese
-- params: none
select e.helper_zh, e.helper_level, e.helper_province_adcode,
       hp.name_zh as helper_province_zh, hp.name_en as helper_province_en,
       e.helped_zh, e.helped_level, e.helped_province_adcode,
       wp.name_zh as helped_province_zh, wp.name_en as helped_province_en,
       e.confidence, e.source, e.source_zh
from east_west_pairings e
join provinces hp on hp.adcode = e.helper_province_adcode
join provinces wp on wp.adcode = e.helped_province_adcode
order by e.helper_province_adcode, e.helper_zh, e.helped_province_adcode, e.helped_zh
