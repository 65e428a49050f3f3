-- name: integrity_counties
-- access: analyst
-- definition: Every county-level unit (2,875) with the statistics of the integrity
--   checks from the integrity_county and integrity_village_income rollups and, for
--   each check, whether it raises a flag under the thresholds given (defaults in
--   queries/thresholds.py). A flag is a prompt for review, never a verdict. A county
--   is checked for bunching or exit timing only with enough exits to judge, and for a
--   village income jump only over villages with enough households. Flags: asset, at
--   least asset_min_households households matched to an asset record while poor and
--   never removed; bunching, over bunching_share of exited households within 10% above
--   the line in their exit year; rush, over rush_share of the county's exits in the
--   year before its exit evaluation; jump, a village whose jump_ratio is over
--   jump_ratio; evaluation, a misidentification or wrong-exit rate over
--   evaluation_max_rate at the exit evaluation; audit, a year when the share of sampled
--   funds in violation was over audit_ratio times the national share; guarantee, at
--   least guarantee_min_households households recorded as exited with an item of the
--   exit standard unmet. Only the counties
--   of the area asked for (all China, a province, or one county) are checked; the others
--   are listed without statistics, so that the map always has every county. Analysts and
--   officials only: the integrity page is theirs, and the area places the query in their
--   jurisdiction (a county official asks for their county).
-- definition_zh: 全部2875个县级单位的数据核查统计量（取
--   自 integrity_county 和 integrity_village_income 汇总表），以及每项核查在给定阈值下（默认值
--   见 queries/thresholds.py）是否给出提示。提示仅用于复核，不是结论。资产：贫困期间与资产记录
--   匹配且未被剔除的户达到 asset_min_households；收入扎堆：脱贫当年收入在贫困线以上10%以内的脱
--   贫户比例超过 bunching_share；脱贫突击：退出评估前一年的脱贫占比超过 rush_share；村收入跳
--   升：有村的 jump_ratio 超过阈值；评估：退出评估的错评率或错退率超过 evaluation_max_rate；审
--   计：某年违规资金比例超过全国比例的 audit_ratio 倍；保障：脱贫时某项保障未达标的户达
--   到 guarantee_min_households。只核查所请求地区（全国、一个省或一个县）的县，其余县只列出不含
--   统计量，使地图始终包含所有县。仅分析人员和干部可用，地区参数使查询落在其权限范围内。
-- units: as in the integrity_county rollup, and
--   in_scope: the county lies in the area asked for, so its checks were run
--   bunching_checked, rush_checked: the county has enough exits to judge
--   jump_villages_checked: villages with at least jump_min_households households in the check
--   jump_villages_flagged: of them, villages whose jump_ratio is over the threshold
--   jump_largest_ratio: the largest jump_ratio among the checked villages, ratio
--   jump_year: the year before the county's exit evaluation, calendar year
--   jump_flagged_villages: names of the villages flagged, largest ratio first
--   asset_flag, bunching_flag, rush_flag, jump_flag, evaluation_flag, audit_flag,
--     guarantee_flag: the check raises a flag
-- params: area: 'all', or the 6-digit adcode of the province or county whose counties are checked
--   asset_min_households: fewest unresolved asset matches that raise a flag, households
--   bunching_share: share of exits within 10% above the line that raises a flag, 0..1
--   bunching_min_exits: fewest exited households a county needs to be checked for bunching
--   rush_share: share of exits in the year before the evaluation that raises a flag, 0..1
--   rush_min_households: fewest exited households a county needs to be checked for timing
--   jump_ratio: village income jump ratio that raises a flag
--   jump_min_households: fewest households a village needs to be checked for a jump
--   evaluation_max_rate: highest acceptable misidentification or wrong-exit rate, 0..1
--   audit_ratio: multiple of the national violation share that raises a flag
--   guarantee_min_households: fewest households exited with an item unmet that raise a flag
with village_checks as (
    select adcode, any_value(jump_year) as jump_year,
           count(*) as jump_villages_checked,
           count(*) filter (where jump_ratio > $jump_ratio) as jump_villages_flagged,
           max(jump_ratio) as jump_largest_ratio,
           string_agg(name, '、' order by jump_ratio desc)
               filter (where jump_ratio > $jump_ratio) as jump_flagged_villages
    from integrity_village_income
    join villages using (village_id)
    where households >= $jump_min_households
    group by all
),
checked as (
    select i.*,
           coalesce(i.bunching_exited_households >= $bunching_min_exits, false)
               as bunching_checked,
           coalesce(i.rush_exited_households >= $rush_min_households, false) as rush_checked
    from integrity_county i
),
scoped as (
    select *, $area in ('all', province_adcode, adcode) as in_scope from counties
),
final as (
    select c.adcode, c.name_zh, c.name_en, c.province_adcode,
           p.name_zh as province_zh, p.name_en as province_en,
           c.in_programme, c.is_poverty_county, c.in_scope,
           i.* exclude (adcode),
           v.jump_villages_checked, v.jump_villages_flagged, v.jump_largest_ratio, v.jump_year,
           v.jump_flagged_villages,
           coalesce(i.asset_unresolved_households >= $asset_min_households, false) as asset_flag,
           coalesce(i.bunching_checked and i.bunching_share > $bunching_share, false)
               as bunching_flag,
           coalesce(i.rush_checked and i.rush_share > $rush_share, false) as rush_flag,
           coalesce(v.jump_villages_flagged > 0, false) as jump_flag,
           coalesce(i.evaluation_error_rate > $evaluation_max_rate, false) as evaluation_flag,
           coalesce(i.audit_worst_ratio > $audit_ratio, false) as audit_flag,
           coalesce(i.standard_unmet_households >= $guarantee_min_households, false)
               as guarantee_flag
    from scoped c
    join provinces p on p.adcode = c.province_adcode
    left join checked i on i.adcode = c.adcode and c.in_scope
    left join village_checks v on v.adcode = c.adcode and c.in_scope
)
select * from final order by adcode
