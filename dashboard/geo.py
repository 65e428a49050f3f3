"""Map geometry, made once per set of boundaries and served as cacheable GeoJSON files with province views."""

import hashlib
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from dashboard.db import Build, Database
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
    """The geometry of the build the database serves now."""
    return for_build(db, db.current)


# Drawn once per boundaries, whichever builds hold them: a new build of the same country,
# or the public edition published from it, reuses the geometry already made.
_by_content: OrderedDict[str, MapGeometry] = OrderedDict()
_by_build: OrderedDict[str, MapGeometry] = OrderedDict()
_making = threading.Lock()  # one geometry made at a time, never the same one twice


def for_build(db: Database, build: Build) -> MapGeometry:
    """The geometry of one build of the database; made on first use (about 3 s), so a
    worker makes it before it serves (dashboard/app.py) and before it swaps a build in."""
    geometry = _by_build.get(build.build_id)
    if geometry is not None:
        return geometry
    with _making:
        if (geometry := _by_build.get(build.build_id)) is None:
            rows = db.run_on(build, "county_boundaries").frame
            digest = _content_digest(rows)
            geometry = _by_content.get(digest) or _make(rows)
            _keep(_by_content, digest, geometry, 2)
            _keep(_by_build, build.build_id, geometry, 8)
    return geometry


def _keep(kept: OrderedDict, key: str, geometry: MapGeometry, most: int) -> None:
    kept[key] = geometry
    kept.move_to_end(key)
    while len(kept) > most:
        kept.popitem(last=False)


def _content_digest(rows: pd.DataFrame) -> str:
    digest = hashlib.sha256()
    for level, adcode, geojson in zip(rows.level, rows.adcode, rows.geojson):
        digest.update(f"{level}\t{adcode}\t{geojson}\n".encode())
    return digest.hexdigest()


def _make(rows: pd.DataFrame) -> MapGeometry:
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
