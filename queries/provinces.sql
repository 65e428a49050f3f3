-- name: provinces
-- access: public
-- definition: Every province with its names and whether any of its counties is in the programme.
-- definition_zh: 每个省份的名称，以及其是否有县参与扶贫工作。
-- units: names; counts of counties
-- params: none
select p.adcode, p.name_zh, p.name_en,
       count(c.adcode) filter (where c.in_programme) as counties_in_programme,
       coalesce(sum(c.poverty_list_entries), 0)::integer as poverty_counties
from provinces p left join counties c on c.province_adcode = p.adcode
group by all
order by p.adcode
