-- name: province_east_west
-- access: public
-- definition: The East–West pairs (2016) one province takes part in, helping or helped,
--   as east_west_pairs gives them.
-- definition_zh: 一个省参与的东西部扶贫协作结对（2016年），无论是帮扶方还是被帮扶方，
--   与 east_west_pairs 相同。
-- units:
--   as in east_west_pairs
-- params: province: 6-digit adcode of the province, e.g. 520000
select * exclude (helper_province_adcode, helped_province_adcode)
from east_west_named
where helped_province_adcode = $province or helper_province_adcode = $province
