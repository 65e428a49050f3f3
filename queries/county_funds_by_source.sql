-- name: county_funds_by_source
-- access: public
-- definition: Poverty-alleviation funds one county received each year 2013-2020 by
--   source: central, provincial, city and county fiscal funds, and social funds.
-- units:
--   amount_yuan: funds from that source in the year, yuan
-- params: adcode: 6-digit adcode of the county, e.g. 522722
select year, source, sum(amount_yuan) as amount_yuan
from funds
where county_adcode = $adcode
group by all
order by year, source
