"""Geography and programme: the published poverty counties with their exit years, the
counties in the programme, each county's share of the registry and its rural population.

Calibration: the list and the national figures are published (warehouse/reference/);
the values below only spread them over provinces and counties plausibly.
"""

import math

import numpy as np
import pandas as pd

from warehouse.county_list import listed_units
from warehouse.synthetic.common import Rand, Targets

# Libo (Guizhou) and Zhaojue (Sichuan), the report's case counties: each has a poor village,
# and nothing is planted there.
CASE_COUNTIES = ("522722", "513431")
# Per province: approximate rural poor in 2014 (NBS survey, 10k people), region,
# how late its poverty counties tend to exit (0 early .. 1 late), typical
# registered household size, and approximate registered poor relocated 2016-2020
# (10k people). Relative weights for plausibility only: the calibration targets
# come from published_figures.csv.
PROVINCE_PROFILES = {
    "130000": (320, "east", 0.25, 2.7, 13),     # Hebei
    "140000": (269, "central", 0.35, 2.7, 36),  # Shanxi
    "150000": (98, "west", 0.20, 2.5, 12),      # Inner Mongolia
    "210000": (126, "east", 0.10, 2.4, 0),      # Liaoning
    "220000": (81, "central", 0.15, 2.4, 0),    # Jilin
    "230000": (115, "central", 0.20, 2.4, 0),   # Heilongjiang
    "320000": (95, "east", 0.10, 2.5, 0),       # Jiangsu
    "330000": (44, "east", 0.10, 2.5, 0),       # Zhejiang
    "340000": (309, "central", 0.30, 2.8, 8),   # Anhui
    "350000": (45, "east", 0.10, 3.0, 0),       # Fujian
    "360000": (276, "central", 0.25, 3.3, 13),  # Jiangxi
    "370000": (242, "east", 0.10, 2.5, 0),      # Shandong
    "410000": (565, "central", 0.35, 3.1, 26),  # Henan
    "420000": (323, "central", 0.35, 2.9, 89),  # Hubei
    "430000": (532, "central", 0.40, 3.0, 69),  # Hunan
    "440000": (115, "east", 0.10, 3.2, 0),      # Guangdong
    "450000": (540, "west", 0.60, 3.5, 71),     # Guangxi
    "460000": (48, "east", 0.20, 3.8, 1),       # Hainan
    "500000": (119, "west", 0.30, 2.8, 25),     # Chongqing
    "510000": (597, "west", 0.55, 3.2, 136),    # Sichuan
    "520000": (623, "west", 0.75, 3.5, 188),    # Guizhou
    "530000": (574, "west", 0.75, 3.6, 100),    # Yunnan
    "540000": (61, "west", 0.70, 4.4, 27),      # Tibet
    "610000": (350, "west", 0.45, 3.1, 94),     # Shaanxi
    "620000": (417, "west", 0.70, 3.7, 50),     # Gansu
    "630000": (52, "west", 0.55, 3.9, 5),       # Qinghai
    "640000": (45, "west", 0.55, 3.7, 8),       # Ningxia
    "650000": (212, "west", 0.65, 4.1, 16),     # Xinjiang
}
OUTSIDE_PROGRAMME = ("香港", "澳门", "台湾")
SOUTHWEST = {"450000", "500000", "510000", "520000", "530000", "540000"}
DRY_NORTHWEST = {"620000", "630000", "640000", "650000"}
NORTHEAST = {"210000", "220000", "230000"}
# Contiguous areas of extreme poverty, by province: a prefix of the prefecture
# or county name -> area ("*" matches every unit). County names are tried first.
CONTIGUOUS_AREAS = {
    "130000": {"张家口": "燕山-太行山区", "承德": "燕山-太行山区", "保定": "燕山-太行山区"},
    "140000": {"大同": "燕山-太行山区", "朔州": "燕山-太行山区", "忻州": "吕梁山区",
               "吕梁": "吕梁山区", "临汾": "吕梁山区"},
    "150000": {"乌兰察布": "燕山-太行山区", "赤峰": "燕山-太行山区",
               "兴安": "大兴安岭南麓山区", "呼伦贝尔": "大兴安岭南麓山区"},
    "220000": {"白城": "大兴安岭南麓山区", "松原": "大兴安岭南麓山区"},
    "230000": {"齐齐哈尔": "大兴安岭南麓山区", "绥化": "大兴安岭南麓山区"},
    "340000": {"六安": "大别山区", "安庆": "大别山区", "阜阳": "大别山区"},
    "360000": {"赣州": "罗霄山区", "吉安": "罗霄山区", "萍乡": "罗霄山区", "抚州": "罗霄山区"},
    "410000": {"信阳": "大别山区", "驻马店": "大别山区", "南阳": "秦巴山区", "洛阳": "秦巴山区",
               "三门峡": "秦巴山区", "平顶山": "秦巴山区"},
    "420000": {"恩施": "武陵山区", "宜昌": "武陵山区", "十堰": "秦巴山区", "襄阳": "秦巴山区",
               "黄冈": "大别山区", "孝感": "大别山区"},
    "430000": {**dict.fromkeys(("湘西", "张家界", "怀化", "邵阳", "常德", "益阳", "娄底"),
                               "武陵山区"),
               "株洲": "罗霄山区", "郴州": "罗霄山区"},
    "450000": dict.fromkeys(("百色", "河池", "崇左", "南宁", "柳州", "桂林", "来宾"),
                            "滇桂黔石漠化区"),
    "500000": {**dict.fromkeys(("黔江", "武隆", "丰都", "石柱", "秀山", "酉阳", "彭水"),
                               "武陵山区"),
               **dict.fromkeys(("城口", "巫溪", "巫山", "奉节", "云阳", "开州", "万州"),
                               "秦巴山区")},
    "510000": {"木里": "四省藏区", "甘孜": "四省藏区", "阿坝": "四省藏区",
               **dict.fromkeys(("凉山", "乐山", "宜宾", "泸州"), "乌蒙山区"),
               **dict.fromkeys(("广元", "巴中", "达州", "南充", "绵阳"), "秦巴山区")},
    "520000": {"毕节": "乌蒙山区", "遵义": "武陵山区", "铜仁": "武陵山区",
               **dict.fromkeys(("黔南", "黔西南", "黔东南", "安顺", "六盘水"),
                               "滇桂黔石漠化区")},
    "530000": {"迪庆": "四省藏区",
               **dict.fromkeys(("昭通", "曲靖", "楚雄"), "乌蒙山区"),
               **dict.fromkeys(("文山", "红河"), "滇桂黔石漠化区"),
               **dict.fromkeys(("保山", "临沧", "普洱", "西双版纳", "德宏", "怒江", "大理",
                                "丽江"), "滇西边境山区")},
    "540000": {"*": "西藏区"},
    "610000": {**dict.fromkeys(("汉中", "安康", "商洛"), "秦巴山区"),
               "榆林": "吕梁山区", "延安": "吕梁山区", "宝鸡": "六盘山区", "咸阳": "六盘山区"},
    "620000": {"天祝": "四省藏区", "甘南": "四省藏区", "陇南": "秦巴山区",
               **dict.fromkeys(("定西", "平凉", "庆阳", "天水", "白银", "临夏", "兰州"),
                               "六盘山区")},
    "630000": {"西宁": "六盘山区", "海东": "六盘山区",
               **dict.fromkeys(("海北", "黄南", "海南", "果洛", "玉树", "海西"), "四省藏区")},
    "640000": dict.fromkeys(("固原", "吴忠", "中卫"), "六盘山区"),
    "650000": dict.fromkeys(("喀什", "和田", "克孜勒苏"), "新疆南疆三地州"),
}
# The deepest poverty ("three prefectures" and the south of Xinjiang) exits last.
LATE_PREFECTURES = ("凉山", "怒江", "临夏", "喀什", "和田", "克孜勒苏")
SHARE_IN_POVERTY_COUNTIES = 0.65


def choose_programme(con, targets: Targets, rand: Rand) -> pd.DataFrame:
    """The real poverty counties with their official exit years; areas by rule; update `counties`.

    Every other mainland county but a city district is in the programme too: registered
    poor households lived all over the country, not only in the 832.
    """
    counties = con.execute(
        """SELECT c.adcode, c.name_zh, coalesce(c.prefecture_zh, '') AS prefecture_zh,
                  c.province_adcode, p.name_zh AS province_zh
           FROM counties c JOIN provinces p ON p.adcode = c.province_adcode
           ORDER BY c.adcode"""
    ).df()
    rng = rand.rng("counties")
    listed = listed_units(dict(zip(counties.adcode, counties.name_zh)))
    outside = counties.province_zh.str.startswith(OUTSIDE_PROGRAMME).to_numpy()
    district = counties.name_zh.str.endswith("区").to_numpy()
    counties["is_poverty"] = counties.adcode.isin(listed)
    counties["list_entries"] = [listed[a].entries if a in listed else 0 for a in counties.adcode]
    counties["exit_year"] = pd.array([listed[a].exit_year if a in listed else None
                                      for a in counties.adcode], dtype="Int16")
    counties["in_programme"] = counties.is_poverty.to_numpy() | (~outside & ~district)
    counties["area"] = [_area_of(r.province_adcode, r.prefecture_zh, r.name_zh)
                        if r.is_poverty else None for r in counties.itertuples()]
    counties = _county_weights(counties, rand)
    counties["rural_population"] = _rural_population(counties, targets, rng)
    con.register("_syn_programme", counties[[
        "adcode", "in_programme", "is_poverty", "list_entries", "area", "exit_year",
        "rural_population"]])
    con.execute(
        """UPDATE counties SET in_programme = p.in_programme,
                  is_poverty_county = p.is_poverty, poverty_list_entries = p.list_entries,
                  contiguous_area = p.area, exit_year = p.exit_year,
                  rural_population = p.rural_population
           FROM _syn_programme p WHERE counties.adcode = p.adcode"""
    )
    con.unregister("_syn_programme")
    return counties[counties.in_programme].reset_index(drop=True)


def _area_of(province: str, prefecture: str, name: str) -> str | None:
    areas = CONTIGUOUS_AREAS.get(province, {})
    for key, area in areas.items():
        if name.startswith(key):
            return area
    for key, area in areas.items():
        if key == "*" or prefecture.startswith(key):
            return area
    return None


def _lateness(counties: pd.DataFrame) -> np.ndarray:
    base = counties.province_adcode.map(lambda p: PROVINCE_PROFILES.get(p, (0, "", 0))[2])
    late = counties.prefecture_zh.str.startswith(LATE_PREFECTURES)
    return base.to_numpy(float) + 0.5 * late.to_numpy()


def _county_weights(counties: pd.DataFrame, rand: Rand) -> pd.DataFrame:
    """Each in-programme county's share of the 2014 registry people (`people_share`)."""
    rng = rand.rng("county-weights")
    profile = counties.province_adcode.map(lambda p: PROVINCE_PROFILES.get(p, (0,) * 5))
    province_poor = np.array([p[0] for p in profile], float)
    noise = rng.lognormal(0, np.where(counties.is_poverty, 0.45, 0.6))
    active = counties.in_programme.to_numpy()
    poverty = counties.is_poverty.to_numpy()

    def shares(ratio: float) -> np.ndarray:
        raw = np.where(poverty, ratio, 1.0) * noise * active
        within = raw / pd.Series(raw).groupby(counties.province_adcode).transform("sum").replace(
            0, 1).to_numpy()
        total = within * province_poor
        return total / total.sum()

    # Bisection on the poverty-county intensity ratio: their share lands on target.
    lo, hi = 0.01, 1000.0
    for _ in range(60):
        mid = math.sqrt(lo * hi)
        lo, hi = (mid, hi) if shares(mid)[poverty].sum() < SHARE_IN_POVERTY_COUNTIES else (lo, mid)
    counties["people_share"] = shares(math.sqrt(lo * hi))
    counties["region"] = [p[1] for p in profile]
    counties["household_size"] = [p[3] for p in profile]
    counties["lateness"] = _lateness(counties)
    return counties


def _rural_population(counties: pd.DataFrame, targets: Targets, rng) -> pd.array:
    """2014 rural population: expected registry people / plausible incidence, scaled like them."""
    people = counties.people_share * targets.value("registry_people_2014", 2014)
    ranges = {  # (poverty county?, region) -> incidence range
        (True, "west"): (0.10, 0.40), (True, "central"): (0.08, 0.22),
        (True, "east"): (0.06, 0.18), (False, "west"): (0.04, 0.12),
        (False, "central"): (0.03, 0.08), (False, "east"): (0.01, 0.04),
    }
    lo_hi = np.array([ranges.get((p, r), (0.05, 0.05)) for p, r in
                      zip(counties.is_poverty, counties.region)])
    incidence = rng.uniform(lo_hi[:, 0], lo_hi[:, 1])
    population = np.clip(people / incidence, 15_000, 1_600_000) * counties.in_programme
    # Scaled so that the registry's year-end poor over the total give the published incidence.
    population *= _implied_rural_population(targets) * targets.scale / population.sum()
    population = np.maximum(population.round(), 1)
    return pd.array(np.where(counties.in_programme, population, np.nan), dtype="Int32")


def _implied_rural_population(targets: Targets) -> float:
    """The rural population that every published incidence of 2015-2019, at its precision of
    0.1 point, agrees with beside the published poor: the middle of that interval."""
    lo, hi = 0.0, math.inf
    for year in range(2015, 2020):
        poor = targets.value("survey_rural_poor_million", year) * 1e6
        percent = targets.value("survey_poverty_incidence_pct", year)
        lo, hi = max(lo, poor / (percent + 0.05) * 100), min(hi, poor / (percent - 0.05) * 100)
    if lo >= hi:
        raise ValueError("no rural population agrees with every published incidence")
    return (lo + hi) / 2
