-- name: province_correction_2015
-- access: public
-- definition: The 2015 correction of one province's registry: households and people
--   removed as wrongly listed and added as missed, by reason, from the
--   province_corrections rollup.
--   In the public edition, suppressed holds the row's withheld columns and the
--   threshold (see docs/security.md); a full build has no such column.
-- units:
--   households: households removed or added
--   people: people in them
-- params: province: 6-digit adcode of the province, e.g. 520000
select * exclude (adcode) from province_corrections where adcode = $province
order by action desc, reason
