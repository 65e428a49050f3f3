-- name: integrity_county
-- definition: The statistics of the registry's own integrity checks, one row per
--   programme county; the indicator query integrity_counties compares them with the
--   thresholds of queries/thresholds.py to raise flags, which are prompts for review,
--   never verdicts. E is a poverty county's exit year, the year of its exit evaluation.
--   Asset cross-check: households of the registry matched to a vehicle, property,
--   business or public-salary record; a match "while poor" is one in a year the
--   household was registered and had not exited, which a removal as wrongly listed
--   resolves. Income bunching: over exited households (not removed) with an income in
--   their exit year, the share whose exit-year income was at most 1.1 x that year's
--   poverty line; a smooth distribution of incomes rising from the line puts no more
--   households in that band than in the next band of the same width (1.1 to 1.2 x the
--   line), so the next band's share is what a smooth distribution would give. Exit
--   timing: the share of a poverty county's exited households that exited in E-1, the
--   year before its exit evaluation. Evaluation: the third-party evaluation of year E
--   beside the households the county reported as exited by E. Audits: each year's share
--   of sampled funds used in violation of the rules against the national share that
--   year, and the year where the county stood furthest above it. Exit standard: exited
--   households (not removed) whose registry records the standard's items, and of them
--   those recorded as exited with an item (food and clothing, compulsory education,
--   basic medical insurance, safe housing, safe water) never secured or secured only
--   after the exit.
-- definition_zh: 建档立卡数据自查的统计量，每个扶贫县一行；指标查询 integrity_counties 将其
--   与 queries/thresholds.py 的阈值比较并给出提示——提示仅用于复核，不是结论。E 为贫困县脱贫摘帽
--   年份。资产比对：农户与车辆、房产、工商或财政供养人员记录的匹配，“贫困期间”指在册且未脱贫之
--   年，因识别不准剔除即告解决。收入扎堆：脱贫当年收入不超过贫困线1.1倍的脱贫户比例，与1.1至1.2
--   倍区间比较。脱贫时间：退出评估前一年的脱贫集中度。评估：第E年第三方评估与县报脱贫户数。审
--   计：各年抽查资金违规比例与全国比例。脱贫标准：脱贫时“两不愁三保障”及饮水安全某项从未保障或
--   脱贫后才保障的户。
-- units:
--   asset_matched_households: households ever in the registry with an asset match
--   asset_removed_households: of them, removed as wrongly listed
--   asset_removals_by_year: when they were removed, as "year: households; ..."
--   asset_still_listed_households: matched households still in the registry (poor or exited)
--   asset_matched_while_poor_households: households matched in a year they were registered and not yet exited
--   asset_unresolved_households: of those, never removed as wrongly listed
--   bunching_exited_households: exited households with an income in their exit year
--   bunching_households: of them, exit-year income at most 1.1 x that year's poverty line
--   bunching_share: bunching_households / bunching_exited_households, share 0..1
--   bunching_next_band_share: share of them with an exit-year income above 1.1 and at most 1.2 x the line, share 0..1
--   rush_evaluation_year: E, the county's exit (evaluation) year, calendar year
--   rush_exited_households: households of the poverty county that exited 2014-2020
--   rush_year_before_households: of them, households that exited in E-1
--   rush_share: rush_year_before_households / rush_exited_households, share 0..1
--   rush_national_share: the same share over every poverty county together, share 0..1
--   evaluation_year: E, the year of the exit evaluation, calendar year
--   evaluation_sample_households: households the evaluation sampled
--   misidentification_rate: share of sampled households wrongly identified, 0..1
--   wrong_exit_rate: share of sampled exited households that exited wrongly, 0..1
--   evaluation_error_rate: the larger of the two rates, share 0..1
--   satisfaction_rate: share of sampled households satisfied, 0..1
--   reported_exited_households: households the county's registry shows as exited by E
--   estimated_wrong_exits: wrong_exit_rate x reported_exited_households, households
--   audit_first_year: first year audited, calendar year
--   audit_first_share: share of sampled funds in violation that year, 0..1
--   audit_last_year: last year audited, calendar year
--   audit_last_share: share of sampled funds in violation that year, 0..1
--   audit_worst_year: the year of the county's largest audit_worst_ratio, calendar year
--   audit_worst_share: the county's share of sampled funds in violation that year, 0..1
--   audit_worst_national_share: the national share that year, 0..1
--   audit_worst_ratio: audit_worst_share / audit_worst_national_share, ratio
--   standard_exited_households: exited households with the exit standard's items recorded
--   standard_unmet_households: of them, exited with at least one item unmet
--   unmet_food_clothing_households: of them, food and clothing unmet (a household can lack several items)
--   unmet_education_households: of them, compulsory education unmet
--   unmet_medical_households: of them, basic medical insurance unmet
--   unmet_housing_households: of them, safe housing unmet
--   unmet_water_households: of them, safe drinking water unmet
-- params: none
with grid as (
    select adcode, is_poverty_county, exit_year from counties where in_programme
),
matches as (
    select a.household_id, a.matched_year, h.county_adcode, h.removed_year,
           h.identified_year <= a.matched_year
               and (h.removed_year is null or h.removed_year > a.matched_year)
               and (h.exit_year is null or h.exit_year > a.matched_year) as while_poor
    from asset_matches a
    join households h using (household_id)
),
asset as (
    select county_adcode as adcode,
           count(distinct household_id) as asset_matched_households,
           count(distinct household_id) filter (where removed_year is not null)
               as asset_removed_households,
           count(distinct household_id) filter (where removed_year is null)
               as asset_still_listed_households,
           count(distinct household_id) filter (where while_poor)
               as asset_matched_while_poor_households,
           count(distinct household_id) filter (where while_poor and removed_year is null)
               as asset_unresolved_households
    from matches
    group by all
),
asset_removals as (
    select adcode, string_agg(removed_year || ': ' || households, '; ' order by removed_year)
               as asset_removals_by_year
    from (select county_adcode as adcode, removed_year, count(distinct household_id) as households
          from matches where removed_year is not null group by all)
    group by all
),
exit_incomes as (
    select h.county_adcode as adcode, l.value as line,
           {{incomes:h}}[h.exit_year - {{income_offset}}] as income
    from households h
    join reference_figures l on l.figure = 'poverty_line_yuan' and l.year = h.exit_year
    where h.exit_year is not null and h.removed_year is null
),
bunching as (
    select adcode,
           count(*) as bunching_exited_households,
           count(*) filter (where income <= 1.1 * line) as bunching_households,
           count(*) filter (where income > 1.1 * line and income <= 1.2 * line)
               as next_band_households
    from exit_incomes
    where income is not null
    group by all
),
rush as (
    select g.adcode, g.exit_year as rush_evaluation_year,
           count(*) as rush_exited_households,
           count(*) filter (where h.exit_year = g.exit_year - 1) as rush_year_before_households
    from grid g
    join households h on h.county_adcode = g.adcode
    where g.is_poverty_county and g.exit_year is not null and h.exit_year is not null
    group by all
),
exited_by_year as (
    select adcode, year, sum(exited_households) over (partition by adcode order by year)
               as reported_exited_households
    from county_year
),
evaluation as (
    select g.adcode, e.year as evaluation_year,
           e.sample_households as evaluation_sample_households,
           e.misidentification_rate, e.wrong_exit_rate,
           greatest(e.misidentification_rate, e.wrong_exit_rate) as evaluation_error_rate,
           e.satisfaction_rate, x.reported_exited_households
    from grid g
    join evaluations e on e.county_adcode = g.adcode and e.year = g.exit_year
    left join exited_by_year x on x.adcode = g.adcode and x.year = g.exit_year
),
national_audit as (
    select year, sum(violations_yuan) / nullif(sum(funds_sampled_yuan), 0) as national_share
    from audits group by all
),
audit_years as (
    select a.county_adcode as adcode, a.year,
           a.violations_yuan / nullif(a.funds_sampled_yuan, 0) as share, n.national_share
    from audits a join national_audit n using (year)
),
audit as (
    select adcode,
           min(year) as audit_first_year, arg_min(share, year) as audit_first_share,
           max(year) as audit_last_year, arg_max(share, year) as audit_last_share,
           arg_max(year, share / national_share) as audit_worst_year,
           arg_max(share, share / national_share) as audit_worst_share,
           arg_max(national_share, share / national_share) as audit_worst_national_share,
           max(share / national_share) as audit_worst_ratio
    from audit_years
    group by all
),
standard as (
    select county_adcode as adcode,
           count(*) as standard_exited_households,
           count(*) filter (where unmet_food_clothing or unmet_education or unmet_medical
                                  or unmet_housing or unmet_water) as standard_unmet_households,
           count(*) filter (where unmet_food_clothing) as unmet_food_clothing_households,
           count(*) filter (where unmet_education) as unmet_education_households,
           count(*) filter (where unmet_medical) as unmet_medical_households,
           count(*) filter (where unmet_housing) as unmet_housing_households,
           count(*) filter (where unmet_water) as unmet_water_households
    from (
        select county_adcode,
               coalesce(food_clothing_year > exit_year, true) as unmet_food_clothing,
               coalesce(education_year > exit_year, true) as unmet_education,
               coalesce(medical_year > exit_year, true) as unmet_medical,
               coalesce(housing_year > exit_year, true) as unmet_housing,
               coalesce(water_year > exit_year, true) as unmet_water
        from households
        where exit_year is not null and removed_year is null
          -- a registry without the standard's items recorded is not checked
          and coalesce(food_clothing_year, education_year, medical_year, housing_year,
                       water_year) is not null
    )
    group by all
),
final as (
    select g.adcode,
           coalesce(a.asset_matched_households, 0) as asset_matched_households,
           coalesce(a.asset_removed_households, 0) as asset_removed_households,
           ar.asset_removals_by_year,
           coalesce(a.asset_still_listed_households, 0) as asset_still_listed_households,
           coalesce(a.asset_matched_while_poor_households, 0)
               as asset_matched_while_poor_households,
           coalesce(a.asset_unresolved_households, 0) as asset_unresolved_households,
           b.bunching_exited_households, b.bunching_households,
           b.bunching_households / nullif(b.bunching_exited_households, 0) as bunching_share,
           b.next_band_households / nullif(b.bunching_exited_households, 0)
               as bunching_next_band_share,
           r.rush_evaluation_year, r.rush_exited_households, r.rush_year_before_households,
           r.rush_year_before_households / nullif(r.rush_exited_households, 0) as rush_share,
           sum(r.rush_year_before_households) over ()
               / nullif(sum(r.rush_exited_households) over (), 0) as rush_national_share,
           e.evaluation_year, e.evaluation_sample_households, e.misidentification_rate,
           e.wrong_exit_rate, e.evaluation_error_rate, e.satisfaction_rate,
           e.reported_exited_households,
           e.wrong_exit_rate * e.reported_exited_households as estimated_wrong_exits,
           au.audit_first_year, au.audit_first_share, au.audit_last_year, au.audit_last_share,
           au.audit_worst_year, au.audit_worst_share, au.audit_worst_national_share,
           au.audit_worst_ratio,
           s.standard_exited_households, s.standard_unmet_households,
           s.unmet_food_clothing_households, s.unmet_education_households,
           s.unmet_medical_households, s.unmet_housing_households, s.unmet_water_households
    from grid g
    left join asset a using (adcode)
    left join asset_removals ar using (adcode)
    left join bunching b using (adcode)
    left join rush r using (adcode)
    left join evaluation e using (adcode)
    left join audit au using (adcode)
    left join standard s using (adcode)
)
select * from final order by adcode
