-- name: county_funds_by_purpose
-- access: public
-- definition: Poverty-alleviation funds one county received each year 2013-2020 by
--   purpose (industry, infrastructure, relocation, education, health, social
--   security, other), all sources together.
-- units:
--   amount_yuan: funds for that purpose in the year, yuan
-- params: adcode: 6-digit adcode of the county, e.g. 522722
select year, purpose, sum(amount_yuan) as amount_yuan
from funds
where county_adcode = $adcode
group by all
order by year, purpose
