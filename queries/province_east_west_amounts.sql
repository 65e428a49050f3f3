-- name: province_east_west_amounts
-- access: public
-- definition: Year by year, what flowed along each East–West pair (2016) one province
--   takes part in, helping or helped: fiscal aid, social donations, cadres each way,
--   professionals sent west, enterprises and their investment, products bought. No rows
--   where the data has no amounts (an ingest without east_west_amounts).
-- definition_zh: 一个省参与的各东西部扶贫协作结对（2016年）逐年的投入，无论其为帮扶方或受帮扶方：
--   财政援助、社会捐赠、双向选派干部、向西部选派的专业技术人才、引进企业及其投资、购买扶贫产品。
--   数据无金额时（导入时未含 east_west_amounts）无结果。
-- units:
--   helper_zh, helper_level, helper_province_en, helped_zh, helped_level,
--     helped_province_en: as in east_west_pairs
--   role: helped (the province is the western side) or helper (the eastern side)
--   year: calendar year, 2016–2020
--   fiscal_aid_yuan, social_donations_yuan, enterprise_investment_yuan,
--     products_bought_yuan: yuan
--   cadres_to_west, cadres_to_east, professionals_to_west: people
--   enterprises: enterprises brought in
-- params: province: 6-digit adcode of the province, e.g. 520000
select e.helper_zh, e.helper_level, e.helper_province_en, e.helped_zh, e.helped_level,
       e.helped_province_en,
       case when e.helped_province_adcode = $province then 'helped' else 'helper' end as role,
       a.year, a.fiscal_aid_yuan, a.social_donations_yuan, a.cadres_to_west, a.cadres_to_east,
       a.professionals_to_west, a.enterprises, a.enterprise_investment_yuan,
       a.products_bought_yuan
from east_west_named e
join east_west_amounts a on a.helper_zh = e.helper_zh and a.helped_zh = e.helped_zh
where e.helped_province_adcode = $province or e.helper_province_adcode = $province
order by e.helper_zh, e.helped_zh, a.year
