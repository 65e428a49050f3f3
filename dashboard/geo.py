"""Map geometry, read once per build and served as cacheable GeoJSON files with province views."""

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import shapely

from dashboard.db import Database
from dashboard.immutable import ImmutableFile
from layouts.map_page import NATION

LEVELS = ("county", "province")
# The national view draws a coarser coverage: 0.05° (about 5 km) is under a pixel at its
# zoom, and the county file shrinks about fourfold (the first load of the map must stay
# small); a province view fetches the stored 0.02° detail once.
NATIONAL_TOLERANCE = 0.05
# Decimals of a degree kept in the files: 4 is 11 m, 3 is 110 m, both far below the
# simplification of the file they are in; full precision would double the bytes.
DETAIL_DECIMALS, NATIONAL_DECIMALS = 4, 3
# A province view fits its bounding box into a square of this many pixels (the map is 640 high).
MAP_PIXELS = 600
NATIONAL_VIEW = {"center": {"lon": 104.5, "lat": 36.0}, "zoom": 2.9}


@dataclass(frozen=True)
class MapGeometry:
    files: dict[str, ImmutableFile]  # GeoJSON FeatureCollections, feature id = adcode
    province_views: dict[str, dict]  # adcode -> {"center": {...}, "zoom": z}

    def url(self, level: str) -> str:
        return f"/geo/{level}-{self.files[level].digest}.geojson"

    def view(self, province: str) -> tuple[str, dict, tuple[str, str]]:
        """The map's revision key, view and geometry files for a province, or the nation's
        for anything else."""
        key = province if province in self.province_views else NATION
        return key, self.province_views.get(key, NATIONAL_VIEW), self.urls(key)

    def urls(self, province: str) -> tuple[str, str]:
        """County and province files for a view: the national ones, or the detail in a province."""
        suffix = "_detail" if province in self.province_views else ""
        return self.url("county" + suffix), self.url("province" + suffix)


def for_database(db: Database) -> MapGeometry:
    """The geometry of the database's current build (rebuilt only when the build changes)."""
    return _build(db, db.build_id)


@lru_cache(maxsize=2)
def _build(db: Database, build_id: str) -> MapGeometry:
    rows = db.run("county_boundaries")
    files, shapes = {}, {}
    for level in LEVELS:
        adcodes = rows.adcode[rows.level == level]
        shapes[level] = shapely.from_geojson(rows.geojson[rows.level == level].tolist())
        files[f"{level}_detail"] = _geofile(adcodes, shapes[level], DETAIL_DECIMALS)
        national = shapely.coverage_simplify(shapes[level], NATIONAL_TOLERANCE)
        files[level] = _geofile(adcodes, shapely.orient_polygons(national, exterior_cw=True),
                                NATIONAL_DECIMALS)
        files[level].br  # every first visit asks for it at once: compress it now, not then
    provinces = rows.adcode[rows.level == "province"]
    return MapGeometry(files=files, province_views={
        adcode: _view(s.bounds) for adcode, s in zip(provinces, shapes["province"])})


def _geofile(adcodes: pd.Series, shapes, decimals: int) -> ImmutableFile:
    # Rounded for display only: a rounded ring may touch itself, which no renderer minds.
    rounded = shapely.transform(shapes, lambda xy: np.round(xy, decimals))
    features = ",".join(
        f'{{"type":"Feature","id":"{adcode}","properties":{{}},"geometry":{geometry}}}'
        for adcode, geometry in zip(adcodes, shapely.to_geojson(rounded))
    )
    payload = f'{{"type":"FeatureCollection","features":[{features}]}}'.encode()
    return ImmutableFile(payload, "application/geo+json")


def _view(bounds) -> dict:
    """Centre and zoom that fit a bounding box into the map."""
    west, south, east, north = bounds
    lon_span = max(east - west, 0.05) * 1.15
    # On a Mercator map a degree of latitude is 1 / cos(latitude) times a degree of longitude.
    lat_span = max(north - south, 0.05) * 1.15 / math.cos(math.radians((north + south) / 2))
    # At zoom z the whole world (360° of longitude) is 512 * 2**z pixels wide.
    zoom = math.log2(MAP_PIXELS / 512 * 360 / max(lon_span, lat_span))
    return {"center": {"lon": (west + east) / 2, "lat": (south + north) / 2},
            "zoom": round(zoom, 2)}
