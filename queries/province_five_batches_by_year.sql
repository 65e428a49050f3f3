-- name: province_five_batches_by_year
-- access: public
-- definition: How many of one province's registered households and people each of the
--   five batches first reached in each year of the campaign (relocation: the year the
--   household moved), from the province_measures_by_year rollup; a household can receive
--   several batches, each counted in the year it first came.
--   In the public edition, suppressed holds the row's withheld columns and the
--   threshold (see docs/security.md); a full build has no such column.
-- definition_zh: 一个省的“五个一批”各项每年新覆盖多少建档立卡户和人（易地扶贫搬迁按搬迁年份），
--   取自 province_measures_by_year 汇总表；一户可享受多项，各项计入首次享受的年份。公开版另有
--   一列，记录该行不公布的列及阈值（见 docs/security.md）；完整版无此列。
-- units:
--   year: calendar year the batch first reached the households
--   households: households the batch first reached that year
--   people: people in them
-- params: province: 6-digit adcode of the province, e.g. 520000
select * exclude (adcode) from province_measures_by_year where adcode = $province
order by measure, year
