-- name: county_year
-- definition: One row per programme county and year 2013-2020 with the registry,
--   village, funds and work-team measures every page reads. A household counts in
--   the registry in year Y when identified by Y and not removed as wrongly listed by
--   Y; it is still poor at the end of Y when it has not exited by Y. Where a county
--   has no household, team or fund rows, the ingested county x year panel fills in.
--   The indicator columns are declared, with their definitions, in indicators/: the
--   base sums, means and facts are computed here, the rates from them.
-- definition_zh: 每个扶贫县每年（2013—2020年）一行，含各页面所用的建档立卡、贫困村、扶贫资金和
--   驻村工作队指标。农户在第Y年被识别且未因识别不准被剔除，即计入当年建档立卡；到第Y年未脱贫，
--   即为年末未脱贫。县内无农户、工作队或资金明细时，以导入的县×年面板数据补足。各指标列及其定义
--   在 indicators/ 中声明：基础合计、均值和事实值在此计算，比率由其算出。
-- units:
--   county_exited: the county left the poverty-county list this year
-- params: none
with years as (
    select unnest({{years}})::smallint as year
),
grid as (
    select c.adcode, c.province_adcode, c.rural_population, c.exit_year as county_exit_year, y.year
    from counties c cross join years y
    where c.in_programme
),
registry as (
    select * from households
),
entered as (
    select county_adcode, identified_year as year, count(*) as households, sum(members) as people
    from registry group by all
),
removed as (
    select county_adcode, removed_year as year, count(*) as households, sum(members) as people
    from registry where removed_year is not null group by all
),
relocated as (
    select county_adcode, relocated_year as year, sum(members) as people
    from registry where relocated_year is not null and removed_year is null group by all
),
exited as (
    select county_adcode, exit_year as year, count(*) as households, sum(members) as people
    from registry where exit_year is not null and removed_year is null group by all
),
poverty_line as (
    select year::smallint as year, value as poverty_line_yuan
    from reference_figures where figure = 'poverty_line_yuan'
),
household_year as (
    -- each registered household in each year it was in the registry with an income that
    -- year; of the exit standard, the year its last guarantee was secured (none: one never
    -- was) and whether its items are recorded at all
    select county_adcode, members, year, income, guaranteed_year, standard_recorded
    from (
        select *, cast(right(income_year, 4) as smallint) as year
        from (
            unpivot (
                select county_adcode, members, identified_year, removed_year,
                       case when food_clothing_year is not null and education_year is not null
                                 and medical_year is not null and housing_year is not null
                                 and water_year is not null
                            then greatest(food_clothing_year, education_year, medical_year,
                                          housing_year, water_year) end as guaranteed_year,
                       coalesce(food_clothing_year, education_year, medical_year, housing_year,
                                water_year) is not null as standard_recorded,
                       income_2014, income_2015, income_2016, income_2017,
                       income_2018, income_2019, income_2020
                from registry
            )
            on income_2014, income_2015, income_2016, income_2017, income_2018, income_2019,
               income_2020
            into name income_year value income
        )
    )
    where identified_year <= year and (removed_year is null or removed_year > year)
),
income as (
    select county_adcode, year, sum(income * members) / nullif(sum(members), 0) as mean_income_yuan
    from household_year
    group by all
),
recorded as (
    -- the households whose exit-standard items are recorded, counted by the years that
    -- matter: a few groups per county and year instead of a row per household and year
    select county_adcode, identified_year, removed_year, exit_year, food_clothing_year,
           education_year, medical_year, housing_year, water_year, count(*) as households
    from registry
    where coalesce(food_clothing_year, education_year, medical_year, housing_year,
                   water_year) is not null
    group by all
),
standard_items as (
    -- an item is met at the end of the year it was secured in; an exit with one never
    -- secured, or secured after it, is unmet, as the integrity check counts it
    select r.county_adcode, y.year,
           sum(households)::bigint as standard_households,
           sum(case when food_clothing_year <= y.year then households else 0 end)::bigint
               as meets_food_clothing_households,
           sum(case when education_year <= y.year then households else 0 end)::bigint
               as meets_education_households,
           sum(case when medical_year <= y.year then households else 0 end)::bigint
               as meets_medical_households,
           sum(case when housing_year <= y.year then households else 0 end)::bigint
               as meets_housing_households,
           sum(case when water_year <= y.year then households else 0 end)::bigint
               as meets_water_households,
           sum(case when exit_year = y.year
                         and not coalesce(food_clothing_year <= y.year
                                          and education_year <= y.year
                                          and medical_year <= y.year
                                          and housing_year <= y.year
                                          and water_year <= y.year, false)
                    then households else 0 end)::bigint
               as exited_unmet_households
    from recorded r
    join years y on r.identified_year <= y.year and (r.removed_year is null or r.removed_year > y.year)
    group by all
),
standard_income as (
    -- income against that year's line, alone and with every guarantee secured
    select h.county_adcode, h.year,
           count(*) filter (where income > pl.poverty_line_yuan) as meets_income_households,
           count(*) filter (where income > pl.poverty_line_yuan and guaranteed_year <= h.year)
               as meets_all_households
    from household_year h
    join poverty_line pl on pl.year = h.year
    where standard_recorded
    group by all
),
standard_year as (
    select s.*, coalesce(i.meets_income_households, 0) as meets_income_households,
           coalesce(i.meets_all_households, 0) as meets_all_households
    from standard_items s
    left join standard_income i using (county_adcode, year)
),
standard_short as (
    select *,
           standard_households - meets_income_households as short_income_households,
           standard_households - meets_food_clothing_households as short_food_clothing_households,
           standard_households - meets_education_households as short_education_households,
           standard_households - meets_medical_households as short_medical_households,
           standard_households - meets_housing_households as short_housing_households,
           standard_households - meets_water_households as short_water_households,
           standard_households - meets_all_households as short_all_households
    from standard_year
),
events as (
    select g.adcode, g.year,
           coalesce(en.households, 0) as entered_households, coalesce(en.people, 0) as entered_people,
           coalesce(rm.households, 0) as removed_households, coalesce(rm.people, 0) as removed_people,
           coalesce(ex.households, 0) as exited_households, coalesce(ex.people, 0) as exited_people
    from grid g
    left join entered en on en.county_adcode = g.adcode and en.year = g.year
    left join removed rm on rm.county_adcode = g.adcode and rm.year = g.year
    left join exited ex on ex.county_adcode = g.adcode and ex.year = g.year
),
registry_year as (
    select adcode, year, exited_households, exited_people,
           sum(entered_households - removed_households) over w as registered_households,
           sum(entered_people - removed_people) over w as registered_people,
           sum(entered_households - removed_households - exited_households) over w as still_poor_households,
           sum(entered_people - removed_people - exited_people) over w as still_poor_people,
           sum(exited_people) over w as cumulative_exited_people,
           -- poor at the start of the year (still poor at the end of the last) plus newly entered
           entered_people - removed_people
               + coalesce(sum(entered_people - removed_people - exited_people) over before, 0)
               as poor_people_in_year
    from events
    window w as (partition by adcode order by year rows between unbounded preceding and current row),
           before as (partition by adcode order by year rows between unbounded preceding and 1 preceding)
),
has_registry as (
    -- the registry starts in 2014: earlier years have no registry figures, not zeros
    select county_adcode as adcode, min(identified_year) as first_year from registry group by all
),
village_year as (
    select g.adcode, g.year,
           count(v.village_id) as poor_villages,
           count(v.village_id) filter (where v.exit_year = g.year) as villages_delisted,
           count(v.village_id) filter (where v.exit_year is null or v.exit_year > g.year) as poor_villages_remaining
    from grid g
    left join villages v on v.county_adcode = g.adcode and v.is_poor_village
    group by all
),
fund_year as (
    select county_adcode as adcode, year,
           sum(amount_yuan) as funds_yuan,
           sum(amount_yuan) filter (where source <> 'social') as funds_fiscal_yuan,
           sum(amount_yuan) filter (where source = 'central') as funds_central_yuan
    from funds group by all
),
team_year as (
    select g.adcode, g.year,
           count(*) as work_teams
    from grid g
    join work_teams t on t.county_adcode = g.adcode
        and t.start_year <= g.year and coalesce(t.end_year, 2020) >= g.year
    group by all
),
cadre_year as (
    select g.adcode, g.year,
           count(*) as cadres,
           count(*) filter (where cd.role = 'first_secretary') as first_secretaries
    from grid g
    join cadres cd on cd.county_adcode = g.adcode
        and cd.start_year <= g.year and coalesce(cd.end_year, 2020) >= g.year
    group by all
),
has_teams as (
    select county_adcode as adcode from work_teams
    union
    select county_adcode from cadres
),
combined as (
    select g.adcode, g.province_adcode, g.year, g.rural_population,
           case when hr.adcode is not null then r.registered_households end as registered_households,
           case when hr.adcode is not null then r.registered_people end as registered_people,
           case when hr.adcode is not null then r.poor_people_in_year end as poor_people_in_year,
           case when hr.adcode is not null then r.still_poor_households end as still_poor_households,
           case when hr.adcode is not null then r.still_poor_people else p.registered_poor_people end as still_poor_people,
           case when hr.adcode is not null then r.exited_households end as exited_households,
           case when hr.adcode is not null then r.exited_people else p.exited_people end as exited_people,
           case when hr.adcode is not null then coalesce(rl.people, 0) end as relocated_people_in_year,
           case when hr.adcode is not null then r.cumulative_exited_people
                else sum(p.exited_people) over (partition by g.adcode order by g.year) end as cumulative_exited_people,
           v.poor_villages, v.villages_delisted, v.poor_villages_remaining,
           coalesce(f.funds_yuan, p.funds_yuan) as funds_yuan,
           f.funds_fiscal_yuan, f.funds_central_yuan,
           case when ht.adcode is not null then coalesce(t.work_teams, 0) else p.work_teams end as work_teams,
           case when ht.adcode is not null then coalesce(cy.cadres, 0) else p.cadres end as cadres,
           case when ht.adcode is not null then coalesce(cy.first_secretaries, 0) end as first_secretaries,
           i.mean_income_yuan, pl.poverty_line_yuan,
           s.* exclude (county_adcode, year),
           coalesce(g.county_exit_year = g.year, false) as county_exited
    from grid g
    left join registry_year r on r.adcode = g.adcode and r.year = g.year
    left join has_registry hr on hr.adcode = g.adcode and g.year >= hr.first_year
    left join county_year_panel p on p.adcode = g.adcode and p.year = g.year
    left join relocated rl on rl.county_adcode = g.adcode and rl.year = g.year
    left join village_year v on v.adcode = g.adcode and v.year = g.year
    left join fund_year f on f.adcode = g.adcode and f.year = g.year
    left join has_teams ht on ht.adcode = g.adcode
    left join team_year t on t.adcode = g.adcode and t.year = g.year
    left join cadre_year cy on cy.adcode = g.adcode and cy.year = g.year
    left join income i on i.county_adcode = g.adcode and i.year = g.year
    left join poverty_line pl on pl.year = g.year
    left join standard_short s on s.county_adcode = g.adcode and s.year = g.year
),
final as (
    select adcode, province_adcode, year, {{columns:county}},
           county_exited{{rates:county}}
    from combined
)
select * from final order by adcode, year
