"""Map geometry, read once per build and served as cacheable GeoJSON files with province views."""

import gzip
import hashlib
import math
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import shapely

from dashboard.db import Database

LEVELS = ("county", "province")
# A province view fits its bounding box into a square of this many pixels (the map is 640 high).
MAP_PIXELS = 600
NATIONAL_VIEW = {"center": {"lon": 104.5, "lat": 36.0}, "zoom": 2.9}


@dataclass(frozen=True)
class GeoFile:
    gzipped: bytes  # FeatureCollection with feature id = adcode
    digest: str  # content hash in the URL: browsers may cache the file forever

    @property
    def headers(self) -> dict:
        return {"Content-Type": "application/geo+json", "Content-Encoding": "gzip",
                "Cache-Control": "public, max-age=31536000, immutable",
                "ETag": f'"{self.digest}"', "Vary": "Accept-Encoding"}


@dataclass(frozen=True)
class MapGeometry:
    files: dict[str, GeoFile]  # by level
    province_views: dict[str, dict]  # adcode -> {"center": {...}, "zoom": z}

    def url(self, level: str) -> str:
        return f"/geo/{level}-{self.files[level].digest}.geojson"


def for_database(db: Database) -> MapGeometry:
    """The geometry of the database's current build (rebuilt only when the build changes)."""
    return _build(db, db.build_id)


@lru_cache(maxsize=2)
def _build(db: Database, build_id: str) -> MapGeometry:
    rows = db.run("county_boundaries")
    provinces = rows[rows.level == "province"]
    shapes = shapely.from_geojson(provinces.geojson.tolist())
    return MapGeometry(
        files={level: _geofile(rows[rows.level == level]) for level in LEVELS},
        province_views={adcode: _view(s.bounds) for adcode, s in zip(provinces.adcode, shapes)},
    )


def _geofile(rows: pd.DataFrame) -> GeoFile:
    features = ",".join(
        f'{{"type":"Feature","id":"{adcode}","properties":{{}},"geometry":{geometry}}}'
        for adcode, geometry in zip(rows.adcode, rows.geojson)
    )
    payload = f'{{"type":"FeatureCollection","features":[{features}]}}'.encode()
    return GeoFile(gzip.compress(payload, compresslevel=9, mtime=0),
                   hashlib.sha256(payload).hexdigest()[:16])


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
