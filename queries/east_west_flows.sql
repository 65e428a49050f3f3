-- name: east_west_flows
-- access: public
-- definition: What flowed along each East–West pair (2016) in 2016–2020 taken together:
--   the eastern side's fiscal aid and social donations, the cadres each side sent the
--   other, the professionals sent west, the enterprises brought in and their investment,
--   and the products bought; with the pair's names and how sure it is, as east_west_pairs
--   gives them. Every pair is listed; its amounts are empty where the data has none (an
--   ingest without east_west_amounts). A synthetic build generates them.
-- definition_zh: 2016—2020年东西部扶贫协作（2016年结对）各结对的合计投入：东部的财政援助和社会捐赠、
--   双方互派干部、向西部选派的专业技术人才、引进企业及其投资、购买的扶贫产品；附结对双方名称及
--   核实程度（同 east_west_pairs）。列出全部结对；数据无金额时（导入时未含 east_west_amounts）为空。
--   合成数据库中的金额为生成值。
-- units:
--   helper_zh, helper_level, helper_province_adcode, helper_province_zh, helper_province_en,
--     helped_zh, helped_level, helped_province_adcode, helped_province_zh,
--     helped_province_en, confidence: as in east_west_pairs
--   fiscal_aid_yuan, social_donations_yuan, enterprise_investment_yuan,
--     products_bought_yuan: yuan, 2016–2020
--   cadres_to_west, cadres_to_east, professionals_to_west: people, 2016–2020
--   enterprises: enterprises brought in, 2016–2020
-- params: none
select e.helper_zh, e.helper_level, e.helper_province_adcode, e.helper_province_zh,
       e.helper_province_en, e.helped_zh, e.helped_level, e.helped_province_adcode,
       e.helped_province_zh, e.helped_province_en, e.confidence,
       sum(a.fiscal_aid_yuan) as fiscal_aid_yuan,
       sum(a.social_donations_yuan) as social_donations_yuan,
       sum(a.cadres_to_west)::BIGINT as cadres_to_west,
       sum(a.cadres_to_east)::BIGINT as cadres_to_east,
       sum(a.professionals_to_west)::BIGINT as professionals_to_west,
       sum(a.enterprises)::BIGINT as enterprises,
       sum(a.enterprise_investment_yuan) as enterprise_investment_yuan,
       sum(a.products_bought_yuan) as products_bought_yuan
from east_west_named e
left join east_west_amounts a on a.helper_zh = e.helper_zh and a.helped_zh = e.helped_zh
group by all
order by e.helper_province_adcode, e.helper_zh, e.helped_province_adcode, e.helped_zh
