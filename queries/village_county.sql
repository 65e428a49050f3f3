-- name: village_county
-- access: public
-- definition: The county a village belongs to, by village id. The access check of the
--   query door runs it to place a village-level request in a jurisdiction; no page
--   shows it. No row when no village has the id.
-- units:
--   county_adcode: 6-digit adcode of the village's county
-- params: village_id: village identifier, a whole number
select county_adcode from villages where village_id = $village_id
