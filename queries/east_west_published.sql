-- name: east_west_published
-- access: public
-- definition: The published figures of East–West pairing that a synthetic build's amounts
--   add up to (at its scale): the eastern fiscal aid by year, 2019's social donations and
--   products sold, 2016–2019's enterprises and their investment, and Gansu's aid, cadres
--   and professionals; from reference_figures, each with its source.
-- definition_zh: 合成数据库的东西部扶贫协作金额（按其规模）所合计到的公开数字：东部历年财政援助资金、
--   2019年社会帮扶资金和帮助销售的农产品、2016—2019年引导的企业及其投资，以及甘肃所获援助资金、干部
--   和专业技术人才人数；取自 reference_figures，各附出处。
-- units:
--   figure: the figure's identifier in warehouse/reference/published_figures.csv
--   year: the year it refers to, 0 when it covers several (named in the identifier)
--   value: the published value, in unit
--   unit: yuan, enterprises or people
--   source: where it is published
-- params: none
select figure, year, value, unit, source
from reference_figures
where figure like 'east_west_%'
order by figure, year
