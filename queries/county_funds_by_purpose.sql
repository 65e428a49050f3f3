-- name: county_funds_by_purpose
-- access: public
-- definition: Poverty-alleviation funds one county received each year 2013-2020 by
--   purpose (industry, infrastructure, relocation, education, health, social
--   security, other), all sources together.
-- definition_zh: 一个县2013—2020年各年到位的扶贫资金，按用途（产业、基础设施、易地搬迁、教育、
--   健康、社会保障、其他）分列，各来源合计。
-- units:
--   amount_yuan: funds for that purpose in the year, yuan
-- params: adcode: 6-digit adcode of the county, e.g. 522722
select year, purpose, sum(amount_yuan) as amount_yuan
from funds
where county_adcode = $adcode
group by all
order by year, purpose
