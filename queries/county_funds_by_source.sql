-- name: county_funds_by_source
-- access: public
-- definition: Poverty-alleviation funds one county received each year 2013-2020 by
--   source: central, provincial, city and county fiscal funds, and social funds.
-- definition_zh: 一个县2013—2020年各年到位的扶贫资金，按来源（中央、省、市、县各级财政资金和社
--   会资金）分列，各用途合计。
-- units:
--   amount_yuan: funds from that source in the year, yuan
-- params: adcode: 6-digit adcode of the county, e.g. 522722
select year, source, sum(amount_yuan) as amount_yuan
from funds
where county_adcode = $adcode
group by all
order by year, source
