-- name: places
-- access: public
-- definition: Every place with a page, by name and code: each county-level unit (its
--   /county page) and each province with counties in the programme (its /province page),
--   with its Chinese and English names and its province. The header's search box finds
--   places in it; nothing below county level is in it.
-- definition_zh: 所有有页面的地方，按名称和代码：每个县级单位（其 /county 页面）和每个有扶贫县
--   的省份（其 /province 页面），附中英文名称和所属省份。页头搜索框在此查找地方；不含县以下单
--   位。
-- units: names and 6-digit adcodes; kind is county or province; rank orders equally good
--   matches: 0 a national poverty county or a province, 1 another programme county, 2 the rest
-- params: none
select 'county' as kind, c.adcode, c.name_zh, c.name_en,
       p.name_zh as province_zh, p.name_en as province_en,
       case when c.is_poverty_county then 0 when c.in_programme then 1 else 2 end as rank
from counties c
join provinces p on p.adcode = c.province_adcode
union all
select 'province', p.adcode, p.name_zh, p.name_en, p.name_zh, p.name_en, 0
from provinces p
where exists (select 1 from counties c where c.province_adcode = p.adcode and c.in_programme)
order by kind, adcode
