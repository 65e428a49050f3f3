-- name: province_year
-- definition: One row per province and year: the county_year measures summed over
--   the province's programme counties, with rates recomputed from the sums (never
--   averaged), and the number of poverty counties leaving the list that year. Poverty
--   counties are counted as entries of the published list (茫崖市 stands for two).
-- definition_zh: 每个省每年一行：本省扶贫县的 county_year 指标加总，比率由合计重新计算（绝不取
--   平均），并含当年脱贫摘帽的贫困县数。贫困县按公布名单的条目计数（茫崖市代表两个）。
-- units:
--   counties_in_programme: programme counties in the province
--   poverty_counties: national poverty counties in the province (list entries)
--   counties_exited: poverty counties that left the list during the year (list entries)
--   counties_remaining: poverty counties still on the list at the end of the year
-- params: none
with counties_by_province as (
    select province_adcode,
           count(*) as counties_in_programme,
           sum(poverty_list_entries)::integer as poverty_counties
    from counties where in_programme
    group by all
),
delisted as (
    select province_adcode, exit_year as year, sum(poverty_list_entries)::integer as counties_exited
    from counties where is_poverty_county
    group by all
),
summed as (
    select province_adcode, year,
           {{sums:county}}
    from county_year
    group by all
),
final as (
    select s.province_adcode as adcode, s.year,
           c.counties_in_programme, c.poverty_counties,
           coalesce(d.counties_exited, 0) as counties_exited,
           c.poverty_counties - sum(coalesce(d.counties_exited, 0)) over (partition by s.province_adcode order by s.year) as counties_remaining,
           s.* exclude (province_adcode, year){{rates:province}}
    from summed s join counties_by_province c using (province_adcode)
    left join delisted d using (province_adcode, year)
)
select * from final order by adcode, year
