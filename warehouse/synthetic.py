"""Synthetic demo data: a deterministic registry calibrated to the published figures.

What is published is carried as it is: the 832 poverty counties and their exit years
(the published list, placed on the boundary units by county_list.py) and the national
figures of reference/published_figures.csv. Everything below them is generated.

`generate` fills the programme columns of `counties` and every microdata
table (villages, households, work_teams, cadres, funds, evaluations), then
the integrity-check tables (asset_matches, corrections, audits,
monitoring_events) and, unless turned off, a few planted anomalies for the
checks to find, recorded in planted_anomalies.

How it stays fast and exact at 30 million households:
- Counts are allocated in Python on small tables (per county, per county x
  cohort x household size, per village, per team) with largest-remainder
  rounding, so every count target is met exactly.
- Rows are then expanded in DuckDB SQL (`FROM cells, range(cells.n)`), and
  every row-level random draw is an independent hash of (row id, seed,
  column salt) mapped to [0, 1): deterministic whatever the thread count.
- Causes use exact quotas per county and stratum (kept / removed in 2015):
  the stratum's households are permuted by an affine map and cut at
  cumulative quota boundaries, so national shares hold with or without the
  removed households.
- Incomes are rescaled per year in a second pass so the member-weighted mean
  over registered, not removed households hits the published 2015 and 2020
  values exactly, on a geometric path between them.
- Exit years: the yearly weights of a household's exit window are solved so the
  people still poor at each year end are the published series, and households
  are cut at cumulative people within their (earliest year, village cap) group,
  so the series holds at every scale. Poor villages remaining at the published
  year ends, and the teams, cadres and first secretaries in post in 2016, are
  fitted exactly the same way, by moving or seating single units.

Deliberate simplifications (a reviewer should know):
- After the 2015 correction, small yearly additions (LATER_ADDITIONS) enter
  the registry 2016-2019; there are no removals after 2015.
- The registry is calibrated in the 2014 build, the 2015 correction and the
  year-end stocks; households of later cohorts follow the same rules.
- First secretaries beyond one per team serve villages alone until a team comes
  (188,000 in post in 2016 against 128,000 teams).
- `rural_population` is a count of people, so it scales with the build like the
  registry does: poverty incidence is plausible at every scale.
- Evaluation sample sizes scale with the build (at least 1 household). A county
  exits only when its evaluation passes, so both error rates of the exit-year
  evaluation are drawn below the 2% ceiling (EVALUATION_CEILING); other years'
  are not bounded by it.
- Relocated households move in 2016-2020 and exit from 2017 on.
- Asset matches explain the 2015 removals (REMOVED_ASSET_SHARE of them) or come
  after a household's exit; only planted households are matched while poor.
- Audit violation shares for 2017, 2018 and 2020 are not published: they
  follow AUDIT_UNPUBLISHED_SHARES, a declining path between the published ones.
  A county's share scatters around the national one by a lognormal factor cut off
  at AUDIT_SPREAD_CUTOFF standard deviations, so no county stands three times
  above the nation by chance; only planted counties do.
- Monitoring events are consistent with `monitoring_status`: every monitored
  household has an event that breaks a risk rule (RISK_*), no other one does.
- Planted anomalies are built into the household rows before the income
  calibration, so the published means stay exact with or without them.
"""

import hashlib
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from warehouse.county_list import listed_units
from warehouse.schema import (
    CAUSES,
    FUND_PURPOSES,
    INCOME_YEARS,
    TRANSITION_YEARS,
    YEARS,
)

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

# Household registry dynamics.
LATER_ADDITIONS = {2016: 0.008, 2017: 0.006, 2018: 0.004, 2019: 0.002}  # x 2014 people
SHARE_IN_POVERTY_COUNTIES = 0.65
MAX_MEMBERS = 10
# Starting weights of each year in a household's exit window (the build solves them
# against the published year-end stocks; 2014 and 2015 keep this ratio), and the share of
# households that exit after their village or county did.
EXIT_PROFILE = {2014: 0.8, 2015: 0.85, 2016: 0.8, 2017: 0.65, 2018: 0.95, 2019: 1.9, 2020: 3.0}
LATE_EXIT_SHARE = 0.1
# Non-poverty counties' comparable "cap" year centres here (plus lateness).
PACE_BASE = 2018.3
# Village exit: weights of exiting 0, 1, 2, 3, 4+ years before the county; share after it.
VILLAGE_EXIT_LEAD = (0.55, 0.25, 0.1, 0.06, 0.04)
VILLAGE_LATE_SHARE = 0.05

# Published "over" figures: land just above the floor, within 1% of it.
OVER_FLOOR = 1.0067

# Funds: central special poverty funds by year (100 million yuan), rescaled to
# the published central total; local fiscal funds follow LOCAL_PROFILE.
CENTRAL_PROFILE = {2013: 394, 2014: 433, 2015: 461, 2016: 661, 2017: 861, 2018: 1061,
                   2019: 1261, 2020: 1461}
LOCAL_PROFILE = {2013: 40, 2014: 50, 2015: 65, 2016: 110, 2017: 140, 2018: 170,
                 2019: 180, 2020: 185}
LOCAL_SPLIT = {"provincial": 0.5, "city": 0.2, "county": 0.3}
SOCIAL_SHARE = 0.12
PURPOSE_SHARES = {"industry": 0.35, "infrastructure": 0.25, "relocation": 0.10,
                  "education": 0.08, "health": 0.07, "social_security": 0.07, "other": 0.08}

SENDING_LEVEL_SHARES = {"central": 0.03, "province": 0.17, "city": 0.30, "county": 0.50}
TEAM_MEMBER_SHARES = {2: 0.10, 3: 0.30, 4: 0.35, 5: 0.25}
TEAM_START_SHARES = {2013: 0.10, 2014: 0.25, 2015: 0.50, 2016: 0.15}
# Teams for villages that are not poor: those serving in 2016 came in 2015-2016, the rest
# (most: about 128,000 teams were in post in 2016 of 255,000 ever sent) from 2017.
OTHER_EARLY_START_SHARES = {2015: 0.6, 2016: 0.4}
OTHER_LATE_START_SHARES = {2017: 0.5, 2018: 0.3, 2019: 0.2}
# First secretaries sent alone, to villages whose work team came later or never: from
# these years until the team arrives (or to 2020).
LONE_SECRETARY_START_SHARES = {2015: 0.6, 2016: 0.4}
# Teams stayed on after their village exited ("exit without withdrawing support").
TEAM_STAYS_TO_2020 = 0.5
# Share of the teams beyond one per poor village that replace a poor village's first team.
TEAM_ROTATION_SHARE = 0.1

# Integrity checks. Share of the 2015 removals that the asset match found, and the
# records it found them in; exited households acquire assets later, legitimately.
REMOVED_ASSET_SHARE = 0.4
REMOVED_ASSET_TYPES = {"vehicle": 0.45, "commercial_property": 0.2,
                       "business_registration": 0.2, "public_salary": 0.15}
EXITED_ASSET_SHARE = 0.04
EXITED_ASSET_TYPES = {"vehicle": 0.5, "commercial_property": 0.1,
                      "business_registration": 0.35, "public_salary": 0.05}
# Median value by record (vehicle or property value, registered capital, annual
# salary), and the share of business registrations without a recorded capital.
ASSET_VALUE_MEDIANS = {"vehicle": 60_000, "commercial_property": 400_000,
                       "business_registration": 100_000, "public_salary": 60_000}
CAPITAL_UNRECORDED_SHARE = 0.3
# Reasons for removals the asset match did not explain, and for additions.
REMOVAL_REASONS = {"misidentified_income": 0.8, "duplicate": 0.08, "other": 0.12}
ADDITION_REASONS = {"missed_poor": 0.92, "other": 0.08}
# Audits: violation shares in the years without a published figure, on a roughly
# geometric decline between 25.8% (2016) and 1.5% (2019), levelling off in 2020.
AUDIT_UNPUBLISHED_SHARES = {2017: 0.10, 2018: 0.04, 2020: 0.012}
AUDIT_SAMPLED_SHARE = (0.15, 0.35)  # of a county's fiscal funds that year
AUDIT_MAX_SHARE = 0.8  # no county had more than this share of its sample in violation
# A county's violation share over the national one: lognormal, its log's normal cut off
# at the cutoff (e^(0.5 x 2) = 2.7 before the rescaling to the national share, about
# 2.5 after it), below the 3x of the audit check.
AUDIT_SPREAD_SIGMA = 0.5
AUDIT_SPREAD_CUTOFF = 2.0
SERIOUS_SHARE = (0.1, 0.4)  # of the violations
# Transition-period monitoring: risk rules, and exited households with an event
# that breaks none (besides every monitored household, which breaks one).
RISK_INCOME_MULTIPLE = 1.5  # x the 2020 line
RISK_INCOME_DROP = 0.3  # below (1 - this) x the 2020 income
MILD_EVENT_SHARE = 0.03
SECOND_EVENT_SHARE = 0.25
INCOME_SURVEYED_SHARE = 0.7  # of illness and disaster events; income drops always are
# The exit assessment's ceiling on both the misidentification and wrong-exit rates.
EVALUATION_CEILING = 0.02
# Planted anomalies (fixed counts whatever the scale; see _mark_anomalies).
BUNCHED_COUNTIES = 3
BUNCHED_SHARE = 0.85  # of the county's exited households ...
BUNCH_BAND = 0.09  # ... recorded within this share above the line in their exit year
RUSHED_COUNTIES = 1
RUSH_SHARE = 0.9  # of the county's exits moved to the year before its exit evaluation
JUMP_VILLAGES = 2
JUMP_FACTOR = 2.5  # on the village's incomes in the year before the exit evaluation
VEHICLES_WHILE_POOR = 6
WRONG_EXIT_COUNTIES = 2
WRONG_EXIT_RATE = 0.06  # found by the county's exit evaluation, three times the ceiling
AUDIT_EXCESS_COUNTIES = 2
AUDIT_EXCESS_RATIO = 6.0  # x the national violation share, in one year ...
AUDIT_EXCESS_YEARS = (2018, 2019, 2020)  # ... when the national share was low enough

VILLAGE_SYLLABLES_1 = "石新大小上下东西南北高龙马杨李王张黄白青红金山河沙坪坝岭岩田水花竹松柳桃凤安平和长"
VILLAGE_SYLLABLES_2 = "家山河沟坪坝岭岩田塘湾寨庄屯堡营桥坡林园溪口头湖泉峪洼岗墩台"


@dataclass(frozen=True)
class Targets:
    """Scaled calibration targets, read from the reference figures."""

    figures: dict
    scale: float

    def value(self, figure: str, year: int = 0) -> float:
        return self.figures[(figure, year)]

    def count(self, figure: str, year: int = 0, factor: float = 1.0) -> int:
        """A scaled count, rounded to the nearest whole unit."""
        return math.floor(self.value(figure, year) * factor * self.scale + 0.5)

    def line(self, year: int) -> float:
        return self.value("poverty_line_yuan", year)


class Rand:
    """Seeded randomness: numpy streams for small tables, salted hashes for SQL rows."""

    def __init__(self, seed: int):
        self.seed = seed

    def rng(self, name: str) -> np.random.Generator:
        """An independent numpy stream per component, so one change does not shift others."""
        return np.random.default_rng([self.seed, self._salt(name)])

    def _salt(self, name: str) -> int:
        digest = hashlib.blake2b(f"{self.seed}:{name}".encode(), digest_size=8).digest()
        return int.from_bytes(digest, "little")

    def u(self, id_expr: str, name: str) -> str:
        """SQL for a uniform in [0, 1) from the row id, independent per column name."""
        # Re-hashing hash(id) XOR salt decorrelates columns; hash(id, salt) does not.
        return (f"((hash(xor(hash({id_expr}), {self._salt(name)}::UBIGINT)) >> 11)::DOUBLE"
                f" / 9007199254740992.0)")

    def normal(self, id_expr: str, name: str) -> str:
        """SQL for a standard normal (Box-Muller) from two hashed uniforms."""
        return (f"(sqrt(-2 * ln(1 - {self.u(id_expr, name + ':r')}))"
                f" * cos(2 * pi() * {self.u(id_expr, name + ':a')}))")


def generate(con, scale: float, seed: int, progress, anomalies: bool = True) -> None:
    """Fill programme columns and all synthetic microdata tables, deterministically.

    With `anomalies` false nothing is planted, for a clean database the checks must pass.
    """
    rand = Rand(seed)
    targets = _read_targets(con, scale)
    memory_limit = con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    # Keep the whole build well under 8 GB: DuckDB spills beyond this.
    con.execute("SET memory_limit = '4GB'")
    try:
        counties = _choose_programme(con, targets, rand)
        progress.say(f"counties: {int(counties.is_poverty.sum())} poverty counties, "
                     f"{int(counties.in_programme.sum())} in the programme")
        cells, counties = _allocate_households(counties, targets, rand)
        villages, counties = _allocate_villages(counties, targets, rand)
        counties, villages = _mark_anomalies(counties, villages, rand, anomalies)
        progress.say(f"allocated {int(cells.n.sum()):,} households in {len(cells):,} cells, "
                     f"{len(villages):,} villages")
        _insert_households(con, counties, cells, villages, targets, rand)
        progress.say("households inserted")
        _insert_villages(con, villages, rand)
        teams = _insert_teams_and_cadres(con, counties, villages, targets, rand)
        progress.say(f"{len(teams):,} work teams and their cadres inserted")
        _insert_funds(con, counties, targets, rand)
        _insert_evaluations(con, counties, targets, rand)
        progress.say("funds and evaluations inserted")
        _record_anomalies(con, counties, villages)
        _insert_asset_matches(con, rand, plant=anomalies)
        _insert_corrections(con, rand)
        _insert_audits(con, counties, targets, rand)
        _insert_monitoring_events(con, targets, rand)
        planted = con.execute("SELECT count(*) FROM planted_anomalies").fetchall()[0][0]
        progress.say(f"integrity data inserted, {planted} anomalies planted")
    finally:
        con.execute(f"SET memory_limit = '{memory_limit}'")


# ---------------------------------------------------------------- targets

def _read_targets(con, scale: float) -> Targets:
    rows = con.execute("SELECT figure, year, value FROM reference_figures").fetchall()
    return Targets({(f, int(y)): v for f, y, v in rows}, scale)


# ---------------------------------------------------------------- rounding helpers

def _largest_remainder(weights, total: int) -> np.ndarray:
    """Integers proportional to weights that sum exactly to total."""
    share = np.asarray(weights, float) / np.sum(weights) * total
    base = np.floor(share).astype(np.int64)
    order = np.argsort(-(share - base), kind="stable")
    base[order[: total - base.sum()]] += 1
    return base


def _round_rows(expected: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """Round a matrix row by row so each row sums exactly to its total."""
    base = np.floor(expected).astype(np.int64)
    short = totals - base.sum(axis=1)
    rank = np.argsort(np.argsort(-(expected - base), axis=1, kind="stable"), axis=1)
    return base + (rank < short[:, None])


def _fill_to_total(expected, weight, target: int, rng, cap=None) -> np.ndarray:
    """Round expected counts so that sum(weight * count) equals target exactly.

    Cells are rounded down, then topped up one unit at a time in random order
    favouring large fractional parts, skipping units that would overshoot.
    """
    expected = np.asarray(expected, float)
    weight = np.asarray(weight, np.int64)
    cap = np.full(len(expected), np.iinfo(np.int64).max) if cap is None else np.asarray(cap)
    count = np.minimum(np.floor(expected).astype(np.int64), cap)
    remaining = int(target - (weight * count).sum())
    frac = expected - np.floor(expected)
    key = rng.random(len(expected)) ** (1 / np.maximum(frac, 1e-12))
    for order in (np.argsort(-key, kind="stable"), rng.permutation(len(expected))):
        for i in order:
            if remaining == 0:
                return count
            if weight[i] <= remaining and count[i] < cap[i]:
                count[i] += 1
                remaining -= weight[i]
    if remaining:
        raise ValueError(f"cannot reach target {target}: {remaining} left")
    return count


def _ipf(seed: np.ndarray, row_totals, col_totals, iterations: int = 100) -> np.ndarray:
    """Iterative proportional fitting of a positive matrix to both margins."""
    m = seed.astype(float)
    for _ in range(iterations):
        m *= (np.asarray(row_totals) / m.sum(axis=1))[:, None]
        m *= np.asarray(col_totals) / m.sum(axis=0)
    return m


def _quota_matrix(seed: np.ndarray, row_totals, col_totals, rng) -> np.ndarray:
    """Integer matrix with exact row and column totals, close to the IPF fit of seed."""
    q = _round_rows(_ipf(seed, row_totals, col_totals), np.asarray(row_totals))
    dev = q.sum(axis=0) - np.asarray(col_totals)
    while dev.any():
        src, dst = int(np.argmax(dev)), int(np.argmin(dev))
        donors = np.flatnonzero(q[:, src] > 0)
        rows = rng.choice(donors, size=min(dev[src], -dev[dst], len(donors)), replace=False)
        q[rows, src] -= 1
        q[rows, dst] += 1
        dev[src] -= len(rows)
        dev[dst] += len(rows)
    return q


def _draw(shares: dict, size: int, rng) -> np.ndarray:
    """Draw keys of `shares` with the given probabilities."""
    keys = list(shares)
    p = np.array([shares[k] for k in keys], float)
    return np.array(keys)[rng.choice(len(keys), size=size, p=p / p.sum())]


# ---------------------------------------------------------------- counties

def _choose_programme(con, targets: Targets, rand: Rand) -> pd.DataFrame:
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


# ---------------------------------------------------------------- households (allocation)

def _member_pmf(mean_minus_one: np.ndarray) -> np.ndarray:
    """Household size distribution per county: 1 + Poisson, truncated at MAX_MEMBERS."""
    k = np.arange(MAX_MEMBERS)
    lam = mean_minus_one[:, None]
    logp = k * np.log(lam) - lam - np.array([math.lgamma(i + 1) for i in k])
    p = np.exp(logp)
    return p / p.sum(axis=1, keepdims=True)


def _allocate_households(counties: pd.DataFrame, targets: Targets, rand: Rand):
    """Cells: households per county x cohort x removed x size x relocated, exact totals."""
    rng = rand.rng("households")
    share = counties.people_share.to_numpy()
    people14 = targets.count("registry_people_2014", 2014)
    households14 = targets.count("registry_households_2014", 2014)
    base = np.maximum(counties.household_size.to_numpy() * rng.lognormal(0, 0.08, len(share)),
                      1.3) - 1
    sizes = np.arange(1, MAX_MEMBERS + 1)

    def mean_size(g: float) -> np.ndarray:
        return _member_pmf(base * g) @ sizes

    # Bisection on a national factor so the mean household size is people / households.
    lo, hi = 0.1, 5.0
    for _ in range(60):
        mid = (lo + hi) / 2
        too_small = (share / mean_size(mid)).sum() > households14 / people14
        lo, hi = (mid, hi) if too_small else (lo, mid)
    pmf = _member_pmf(base * (lo + hi) / 2)
    means = pmf @ sizes
    h14 = _largest_remainder(share / means, households14)
    n14 = _round_rows(pmf * h14[:, None], h14)
    _fix_people(n14, people14, rng)

    cells = []  # (households per county x size, identified_year, removed)
    removal = rng.lognormal(0, 0.35, len(share))
    expected = n14 * removal[:, None]
    expected *= targets.count("correction_removed_people", 2015) / (expected * sizes).sum()
    removed = _fill_to_total(expected.ravel(), np.tile(sizes, len(share)),
                             targets.count("correction_removed_people", 2015), rng,
                             cap=n14.ravel()).reshape(n14.shape)
    cells += [(n14 - removed, 2014, False), (removed, 2014, True)]
    additions = {2015: targets.count("correction_added_people", 2015)}
    additions |= {y: round(people14 * s) for y, s in LATER_ADDITIONS.items()}
    for year, people in additions.items():
        weight = share * rng.lognormal(0, 0.3, len(share))
        expected = pmf * (weight / means)[:, None]
        expected *= people / (expected * sizes).sum()
        added = _fill_to_total(expected.ravel(), np.tile(sizes, len(share)), people, rng)
        cells.append((added.reshape(n14.shape), year, False))

    frame = pd.concat([
        pd.DataFrame({"ci": np.repeat(np.arange(len(share)), MAX_MEMBERS),
                      "members": np.tile(sizes, len(share)), "n": m.ravel(),
                      "cohort": year, "removed": rem})
        for m, year, rem in cells
    ])
    frame = _split_relocated(frame, counties, targets, rng)
    frame = frame[frame.n > 0].sort_values(["ci", "removed", "cohort", "members", "reloc"])
    frame = frame.reset_index(drop=True)
    frame["first_id"] = frame.n.cumsum() - frame.n + 1
    # Index of each cell's first household within its county and stratum (kept/removed).
    frame["j0"] = frame.groupby(["ci", "removed"]).n.cumsum() - frame.n
    frame["adcode"] = counties.adcode.to_numpy()[frame.ci.to_numpy()]
    county_n = frame.groupby("ci").n.sum().reindex(range(len(share)), fill_value=0)
    return frame, counties.assign(households=county_n.to_numpy())


def _fix_people(n: np.ndarray, target: int, rng) -> None:
    """Shift single households between adjacent sizes until people equal target."""
    sizes = np.arange(1, MAX_MEMBERS + 1)
    gap = target - int((n * sizes).sum())
    step = 1 if gap > 0 else -1
    while gap:
        # Grow households that can grow (size < max), or shrink those above 1.
        col_ok = sizes < MAX_MEMBERS if step > 0 else sizes > 1
        donors = np.argwhere((n > 0) & col_ok[None, :])
        picks = donors[rng.choice(len(donors), size=min(abs(gap), len(donors)), replace=False)]
        n[picks[:, 0], picks[:, 1]] -= 1
        n[picks[:, 0], picks[:, 1] + step] += 1
        gap -= step * len(picks)


def _split_relocated(frame: pd.DataFrame, counties: pd.DataFrame, targets: Targets, rng):
    """Split non-removed cells into relocated / not, exactly on the relocated people target."""
    profile = counties.province_adcode.map(lambda p: PROVINCE_PROFILES[p])
    poor = np.array([p[0] for p in profile], float)
    moved = np.array([p[4] for p in profile], float)
    # Province relocation rate, doubled in poverty counties, varied per county.
    rate = moved / poor * np.where(counties.is_poverty, 2.0, 0.5) * rng.lognormal(
        0, 0.5, len(counties))
    target = math.ceil(targets.value("relocated_people") * targets.scale)
    eligible = ~frame.removed.to_numpy()
    n = frame.n.to_numpy() * eligible
    members = frame.members.to_numpy()
    r = rate[frame.ci.to_numpy()]
    for _ in range(20):  # rescale, capping a county's rate at 60%
        r = np.minimum(r * target / (n * members * r).sum(), 0.6)
    reloc = _fill_to_total(n * r, members, target, rng, cap=n)
    moved_cells = frame.assign(n=reloc, reloc=True)
    return pd.concat([frame.assign(n=frame.n - reloc, reloc=False), moved_cells])


def _cause_quotas(counties: pd.DataFrame, cells: pd.DataFrame, targets: Targets,
                  rng) -> pd.DataFrame:
    """Exact cause counts per county and stratum (kept / removed in 2015).

    The mix varies by province (and a little by county); IPF keeps each
    stratum's national shares on target, so they hold with or without the
    removed households.
    """
    shares = np.array([targets.value(f"cause_share_{c}") for c in CAUSES])
    mult = np.array([_cause_multipliers(p, r) for p, r in
                     zip(counties.province_adcode, counties.region)])
    seed = shares * mult * rng.lognormal(0, 0.15, mult.shape)
    strata = cells.groupby(["ci", "removed"], as_index=False).n.sum()
    frames = []
    for removed, stratum in strata.groupby("removed"):
        ci, n = stratum.ci.to_numpy(), stratum.n.to_numpy()
        quotas = _quota_matrix(seed[ci], n, _largest_remainder(shares, int(n.sum())), rng)
        cuts = np.cumsum(quotas, axis=1)
        # Affine permutation j -> (a j + b) mod n with a ~ golden ratio * n spreads each
        # quota evenly over the stratum's cells; a must be coprime with n.
        a = np.round(n * 0.6180339887).astype(np.int64) + 1
        for i in range(len(n)):
            while math.gcd(int(a[i]), int(n[i])) != 1:
                a[i] += 1
        frames.append(pd.DataFrame({
            "adcode": counties.adcode.to_numpy()[ci], "removed": removed, "n": n,
            "perm_a": a, "perm_b": (rng.random(len(n)) * n).astype(np.int64),
            **{f"q{i + 1}": cuts[:, i] for i in range(len(CAUSES) - 1)}}))
    return pd.concat(frames, ignore_index=True)


def _cause_multipliers(province: str, region: str) -> tuple:
    """Relative weight of each cause in a province (illness, disaster, schooling, labour, other)."""
    illness = {"east": 1.2, "central": 1.1}.get(region, 0.9)
    disaster = 1.5 if province in SOUTHWEST else 1.25 if province in DRY_NORTHWEST else (
        0.8 if region == "east" else 1.0)
    schooling = {"west": 1.3, "east": 0.8}.get(region, 1.0)
    labour = 1.3 if region == "east" or province in NORTHEAST else 1.0
    return illness, disaster, schooling, labour, 1.0


# ---------------------------------------------------------------- villages (allocation)

def _allocate_villages(counties: pd.DataFrame, targets: Targets, rand: Rand):
    """Poor villages (exact national count) and non-poor villages, with exit years."""
    rng = rand.rng("villages")
    households = counties.households.to_numpy()
    poverty = counties.is_poverty.to_numpy()
    # Non-poverty counties pass a comparable "cap" year on their villages and households.
    cap = counties.exit_year.to_numpy(dtype=float, na_value=np.nan)
    pace = np.clip(np.round(PACE_BASE + 1.5 * counties.lateness + rng.normal(0, 1, len(cap))),
                   2015, 2020)
    cap = np.where(np.isnan(cap), pace, cap).astype(int)
    n_poor = _largest_remainder(households * np.where(poverty, 1.6, 0.6)
                                * rng.lognormal(0, 0.3, len(cap)),
                                targets.count("poor_villages"))
    # The report's case counties have the poor villages it tells of (Lapian, Atulieer), at
    # any scale: one taken from the county with the most.
    for case in np.flatnonzero(counties.adcode.isin(CASE_COUNTIES).to_numpy() & (n_poor == 0)):
        n_poor[np.argmax(n_poor)] -= 1
        n_poor[case] = 1
    poor_share = np.where(poverty, rng.uniform(0.55, 0.8, len(cap)),
                          rng.uniform(0.35, 0.6, len(cap)))
    per_village = (households * (1 - poor_share)).sum() / max(n_poor.sum(), 1)
    n_nonpoor = np.round(households * (1 - poor_share) / max(per_village, 1e-9)).astype(np.int64)
    n_nonpoor = np.where((households > 0) & (n_poor == 0), np.maximum(n_nonpoor, 1), n_nonpoor)
    poor_share = np.where(n_poor == 0, 0.0, np.where(n_nonpoor == 0, 1.0, poor_share))
    total = n_poor + n_nonpoor
    counties = counties.assign(cap=cap, n_poor=n_poor, n_nonpoor=n_nonpoor,
                               poor_share=poor_share, vill_offset=np.cumsum(total) - total + 1)

    ci = np.repeat(np.arange(len(cap)), total)
    rank = np.arange(total.sum()) - np.repeat(counties.vill_offset.to_numpy() - 1, total)
    is_poor = rank < n_poor[ci]
    exit_year = _fit_villages_remaining(_village_exits(cap[ci], rng), cap[ci], is_poor,
                                        targets, rng)
    villages = pd.DataFrame({
        "village_id": np.arange(1, total.sum() + 1),
        "county_adcode": counties.adcode.to_numpy()[ci],
        "is_poor": is_poor,
        "exit_year": pd.Series(exit_year, dtype="Int16").where(is_poor),
        "cap": np.where(is_poor, exit_year, cap[ci]),
        "incidence": np.where(is_poor, rng.uniform(0.25, 0.5, len(ci)),
                              rng.uniform(0.08, 0.2, len(ci))),
    })
    return villages, counties


def _village_exits(cap: np.ndarray, rng) -> np.ndarray:
    """Poor villages exit mostly in the years up to their county's (cap) year."""
    lead = rng.choice(len(VILLAGE_EXIT_LEAD), size=len(cap), p=VILLAGE_EXIT_LEAD)
    lead = lead + (lead == len(VILLAGE_EXIT_LEAD) - 1) * rng.integers(0, 2, len(cap))
    year = np.maximum(cap - lead, 2014)
    late = (rng.random(len(cap)) < VILLAGE_LATE_SHARE) & (cap < 2020)
    after = cap + 1 + (rng.random(len(cap)) * (2020 - cap)).astype(int)
    return np.where(late, after, year)


def _fit_villages_remaining(exit_year: np.ndarray, cap: np.ndarray, is_poor: np.ndarray,
                            targets: Targets, rng) -> np.ndarray:
    """Move single poor villages' exits by one year until each published count of poor
    villages remaining at a year end holds exactly.

    Latest year first: moving exits between Y and Y + 1 leaves the later counts alone. A
    village is delayed only within its county's (cap) years.
    """
    exit_year = exit_year.copy()
    figure = "poor_villages_remaining"
    years = sorted((y for f, y in targets.figures if f == figure and y < 2020), reverse=True)
    for year in years:
        gap = targets.count(figure, year) - int((is_poor & (exit_year > year)).sum())
        if gap > 0:
            pool = np.flatnonzero(is_poor & (exit_year == year) & (cap > year))
        else:
            pool = np.flatnonzero(is_poor & (exit_year == year + 1))
        if len(pool) < abs(gap):
            raise ValueError(f"cannot fit the poor villages remaining at the end of {year}: "
                             f"{abs(gap)} to move, {len(pool)} can")
        exit_year[rng.choice(pool, abs(gap), replace=False)] += int(np.sign(gap))
    return exit_year


def _exit_probabilities(lo: int, cap: int, weights: dict) -> np.ndarray:
    """A household's chance of exiting in each year 2014-2020, from the earliest year it may
    (lo) and its village's cap year: by the year weights up to the cap, a few after it."""
    years = range(2014, 2021)
    top = max(cap, lo)
    p = np.array([weights[y] if lo <= y <= top else 0.0 for y in years])
    late = LATE_EXIT_SHARE if top < 2020 else 0.0
    p = p / p.sum() * (1 - late)
    return p + np.array([late / (2020 - top) if y > top else 0.0 for y in years])


def _exit_cdf(weights: dict) -> pd.DataFrame:
    """Cumulative exit probabilities by (earliest possible year, cap year)."""
    years = list(range(2014, 2021))
    rows = [(lo, cap, *np.cumsum(_exit_probabilities(lo, cap, weights))[:-1])
            for lo in years for cap in years]
    return pd.DataFrame(rows, columns=["lo", "cap", *(f"t{y}" for y in years[:-1])])


# ---------------------------------------------------------------- households (SQL)

def _placed_sql(rand: Rand) -> str:
    """SQL of the households placed in villages, with causes and what decides their exit year:
    the earliest year they may exit (`lo`), their village's cap year and their draw."""
    u = rand.u
    return f"""
    WITH base AS (
        SELECT c.first_id + r.j AS household_id, c.adcode AS county_adcode, c.members,
               c.cohort AS identified_year, c.removed, c.reloc,
               (q.perm_a * (c.j0 + r.j) + q.perm_b) % q.n AS slot,
               q.q1, q.q2, q.q3, q.q4, k.vill_offset, k.n_poor, k.n_nonpoor, k.poor_share,
               k.bunched, k.rush_year,
               k.p_production, k.p_ecological, k.p_education
        FROM _syn_cells c JOIN _syn_counties k ON k.adcode = c.adcode
        JOIN _syn_quotas q ON q.adcode = c.adcode AND q.removed = c.removed, range(c.n) r(j)
    ), drawn AS (
        SELECT *, CASE WHEN u_village < poor_share
            THEN vill_offset + least(n_poor - 1, floor(u_village / poor_share * n_poor))
            ELSE vill_offset + n_poor + least(n_nonpoor - 1, floor(
                (u_village - poor_share) / greatest(1 - poor_share, 1e-12) * n_nonpoor))
            END::BIGINT AS village_id,
            CASE WHEN slot < q1 THEN 'illness' WHEN slot < q2 THEN 'disaster'
                 WHEN slot < q3 THEN 'schooling' WHEN slot < q4 THEN 'labour'
                 ELSE 'other' END AS cause,
            -- Relocation ran 2016-2020 and came before exit: relocated households exit
            -- from 2017.
            greatest(identified_year, CASE WHEN reloc THEN 2017 ELSE 2014 END) AS lo
        FROM (SELECT *, {u('household_id', 'village')} AS u_village,
                        {u('household_id', 'exit')} AS u_exit FROM base)
    )
    SELECT d.*, v.cap, v.jump_year,
           -- A planted rush moves most exits to one year, never before the earliest.
           d.rush_year IS NOT NULL AND {u('d.household_id', 'rush')} < {RUSH_SHARE} AS rushed
    FROM drawn d JOIN _syn_villages v ON v.village_id = d.village_id
    """


def _assign_exit_years(con, targets: Targets) -> None:
    """Each kept household's exit year, so that the people still poor at each year end
    follow the published series exactly (into `_syn_exits`).

    A household exits within its village's years: between `lo` and the village's cap year
    (a few after it), with weights per year that are solved for here, one iteration per
    step, against the people to exit each year. Within each (lo, cap) group households
    are ranked by their draw and cut at the cumulative people of each year, so a group's
    exits are its people times the weights to within one household.
    """
    con.execute("""CREATE OR REPLACE TEMP TABLE _syn_exit_draws AS
                   SELECT household_id, identified_year, lo, cap, members, u_exit, rushed,
                          greatest(rush_year, lo)::SMALLINT AS rush_exit
                   FROM _syn_placed WHERE NOT removed""")
    groups = con.execute("""SELECT lo, cap, sum(members) FROM _syn_exit_draws
                            WHERE NOT rushed GROUP BY ALL""").fetchall()
    rushed = dict(con.execute("""SELECT rush_exit, sum(members) FROM _syn_exit_draws
                                 WHERE rushed GROUP BY ALL""").fetchall())
    entered = dict(con.execute("""SELECT identified_year, sum(members) FROM _syn_exit_draws
                                  GROUP BY ALL""").fetchall())
    weights = _solve_exit_weights(groups, _people_to_exit(targets, entered), rushed)
    _temp_table(con, "_syn_exit_cdf", _exit_cdf(weights))
    cuts = " + ".join(f"(q >= e.t{y})::INT" for y in range(2014, 2020))
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _syn_exits AS
            SELECT household_id, (2014 + {cuts})::SMALLINT AS exit_year
            FROM (SELECT household_id, lo, cap,
                         (sum(members) OVER (PARTITION BY lo, cap ORDER BY u_exit, household_id
                                             ROWS UNBOUNDED PRECEDING) - members / 2)
                         / sum(members) OVER (PARTITION BY lo, cap) AS q
                  FROM _syn_exit_draws WHERE NOT rushed) r
            JOIN _syn_exit_cdf e USING (lo, cap)
            UNION ALL
            SELECT household_id, rush_exit FROM _syn_exit_draws WHERE rushed""")
    con.execute("DROP TABLE _syn_exit_draws")
    con.execute("DROP TABLE _syn_exit_cdf")


def _people_to_exit(targets: Targets, entered: dict) -> dict:
    """People to exit each year (2014 and 2015 as one) for the published year-end stocks.

    `entered` holds the people of the kept (never removed) households by the year they
    entered the registry.
    """
    stock = {y: targets.count("registry_poor_year_end", y) for y in range(2015, 2021)}
    exits = {(2014, 2015): sum(entered.get(y, 0) for y in (2014, 2015)) - stock[2015]}
    for year in range(2016, 2021):
        exits[(year,)] = stock[year - 1] + entered.get(year, 0) - stock[year]
    return exits


def _solve_exit_weights(groups: list, targets: dict, fixed: dict) -> dict:
    """Year weights whose expected exits over the (lo, cap, people) groups, plus the fixed
    exits, hit each target; 2014 and 2015 keep the ratio of EXIT_PROFILE."""
    weights = dict(EXIT_PROFILE)
    for _ in range(5000):  # a few hundred steps at every scale tried
        expected = dict(fixed)
        for lo, cap, people in groups:
            for year, p in zip(range(2014, 2021), _exit_probabilities(lo, cap, weights)):
                expected[year] = expected.get(year, 0) + people * p
        worst = 0.0
        for years, target in targets.items():
            got = sum(expected.get(y, 0) for y in years)
            if target <= sum(fixed.get(y, 0) for y in years):
                raise ValueError(f"no exits left for {years} after the planted ones")
            ratio = (target - sum(fixed.get(y, 0) for y in years)) / (
                got - sum(fixed.get(y, 0) for y in years))
            worst = max(worst, abs(ratio - 1))
            for y in years:
                weights[y] *= ratio
        if worst < 1e-9:
            return weights
    raise ValueError("the exit weights did not converge: the published stocks cannot be met")


def _household_view_sql(targets: Targets, rand: Rand) -> str:
    """SQL of the raw household rows, with income as a fixed part and a scalable excess."""
    u = rand.u
    incomes = []
    for y in INCOME_YEARS:
        line = targets.line(y)
        noise = f"(({u('household_id', f'income:{y}')} - 0.5) * 0.3)"
        included = (f"identified_year <= {y} AND (removed_year IS NULL OR removed_year > {y})")
        # Planted anomalies live in the fixed part and as a factor on both parts, so the
        # calibration pass still hits the published means exactly.
        bunch = (f"bunched AND {y} = exit_year AND "
                 f"{u('household_id', 'bunch')} < {BUNCHED_SHARE}")
        jump = f"CASE WHEN jump_year = {y} THEN {JUMP_FACTOR} ELSE 1 END"
        incomes.append(f"""
            {jump} * CASE WHEN NOT ({included}) THEN NULL
                 WHEN removed_year IS NOT NULL THEN {line} * exp(0.25 + 0.3 * z + {noise})
                 WHEN {y} < exit_year THEN {line} * exp(-0.25 + 0.18 * z + {noise})
                 WHEN {bunch} THEN {line} + 1 + {line * BUNCH_BAND}
                      * {u('household_id', f'bunch:{y}')}
                 ELSE {line} + 1 END AS fixed_{y},
            {jump} * CASE WHEN NOT ({included}) THEN NULL
                 WHEN {bunch} THEN 0
                 WHEN removed_year IS NULL AND {y} >= exit_year
                 THEN {line} * exp(-0.6 + 0.2 * ({y} - exit_year) + 0.45 * z + {noise})
                 ELSE 0 END AS excess_{y}""")
    return f"""
    WITH exited AS (
        SELECT p.*, CASE WHEN p.removed THEN 2015 END::SMALLINT AS removed_year, x.exit_year,
               {rand.normal('household_id', 'level')} AS z
        FROM _syn_placed p LEFT JOIN _syn_exits x USING (household_id)
    )
    SELECT household_id, village_id, county_adcode, members, identified_year, cause,
           removed_year, exit_year,
           {u('household_id', 'production')} < p_production AS measure_production,
           reloc AS measure_relocation,
           {u('household_id', 'ecological')} < p_ecological AS measure_ecological,
           {u('household_id', 'education')} <
               CASE WHEN cause = 'schooling' THEN 0.9 ELSE p_education END AS measure_education,
           {u('household_id', 'social')} <
               CASE WHEN cause IN ('illness', 'labour') THEN 0.65 ELSE 0.2 END
               AS measure_social_security,
           CASE WHEN reloc THEN 2016 + floor({u('household_id', 'relocated')}
                * (exit_year - 2015)) END::SMALLINT AS relocated_year,
           CASE WHEN exit_year IS NOT NULL AND {u('household_id', 'monitor')} <
                CASE WHEN cause = 'illness' THEN 0.06 ELSE 0.03 END
                THEN 'monitored' ELSE 'none' END AS monitoring_status,
           {",".join(incomes)}
    FROM exited
    """


def _income_factors(con, targets: Targets) -> dict:
    """Per-year factor on the income excess so member-weighted means follow the path.

    Published years are hit exactly; years between them follow a geometric path
    of the mean; years outside keep the factor of the nearest published year.
    """
    sums = ", ".join(
        f"sum(members) FILTER (WHERE fixed_{y} IS NOT NULL), sum(members * fixed_{y}), "
        f"sum(members * excess_{y})" for y in INCOME_YEARS)
    row = con.execute(f"SELECT {sums} FROM _syn_households").fetchall()[0]
    figure = "registered_poor_income_per_capita_yuan"
    published = {y: targets.value(figure, y) for y in INCOME_YEARS
                 if (figure, y) in targets.figures}
    factors = {}
    for i, y in enumerate(INCOME_YEARS):
        before = max((k for k in published if k <= y), default=None)
        after = min((k for k in published if k >= y), default=None)
        if before is None or after is None:
            continue
        t = 0 if after == before else (y - before) / (after - before)
        mean = published[before] ** (1 - t) * published[after] ** t
        people, fixed, excess = row[3 * i: 3 * i + 3]
        factors[y] = (mean * people - fixed) / excess
        if factors[y] <= 0:
            raise ValueError(f"income path {y} lies below the poor households' mean")
    for y in INCOME_YEARS:
        factors.setdefault(y, factors[min(published, key=lambda k: abs(k - y))])
    return factors


def _insert_households(con, counties, cells, villages, targets: Targets, rand: Rand) -> None:
    """Expand cells into household rows in SQL, calibrating incomes in a second pass."""
    rng = rand.rng("household-measures")
    west = (counties.region == "west").to_numpy()
    measures = counties.assign(
        p_production=np.clip(rng.normal(0.8, 0.06, len(counties)), 0.6, 0.95),
        p_ecological=np.clip(rng.normal(np.where(west, 0.25, 0.08), 0.04), 0.01, 0.5),
        p_education=np.clip(rng.normal(np.where(west, 0.35, 0.25), 0.05), 0.05, 0.6),
    )
    _temp_table(con, "_syn_counties", measures[[
        "adcode", "vill_offset", "n_poor", "n_nonpoor", "poor_share", "p_production",
        "p_ecological", "p_education", "bunched", "rush_year"]])
    _temp_table(con, "_syn_quotas", _cause_quotas(counties, cells, targets, rand.rng("causes")))
    _temp_table(con, "_syn_cells", cells[[
        "adcode", "cohort", "removed", "members", "reloc", "n", "first_id", "j0"]])
    _temp_table(con, "_syn_villages", villages[["village_id", "cap", "jump_year"]])
    con.execute(f"CREATE OR REPLACE TEMP VIEW _syn_placed AS {_placed_sql(rand)}")
    _assign_exit_years(con, targets)
    con.execute(f"CREATE OR REPLACE TEMP VIEW _syn_households AS "
                f"{_household_view_sql(targets, rand)}")
    factors = _income_factors(con, targets)
    income = ", ".join(
        f"round(fixed_{y} + {factors[y]!r} * excess_{y})::INTEGER" for y in INCOME_YEARS)
    con.execute(
        f"""INSERT INTO households
            SELECT household_id, village_id, county_adcode, members, identified_year, cause,
                   removed_year, exit_year, {income}, measure_production, measure_relocation,
                   measure_ecological, measure_education, measure_social_security,
                   relocated_year, monitoring_status
            FROM _syn_households ORDER BY county_adcode, village_id"""
    )
    con.execute("DROP VIEW _syn_households")
    con.execute("DROP VIEW _syn_placed")
    for name in ("_syn_exits", "_syn_counties", "_syn_quotas", "_syn_cells",
                 "_syn_villages"):
        con.execute(f"DROP TABLE {name}")


def _temp_table(con, name: str, frame: pd.DataFrame) -> None:
    con.register("_syn_frame", frame)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM _syn_frame")
    con.unregister("_syn_frame")


# ---------------------------------------------------------------- villages (SQL)

def _insert_villages(con, villages: pd.DataFrame, rand: Rand) -> None:
    """Villages with names, population from their registered people, infrastructure."""
    _temp_table(con, "_syn_villages", villages[[
        "village_id", "county_adcode", "is_poor", "exit_year", "incidence"]])
    u = rand.u
    s1, s2 = VILLAGE_SYLLABLES_1, VILLAGE_SYLLABLES_2
    name = (f"substr('{s1}', 1 + floor({u('village_id', 'name1')} * {len(s1)})::INT, 1) || "
            f"substr('{s2}', 1 + floor({u('village_id', 'name2')} * {len(s2)})::INT, 1) || '村'")

    def infra(column: str, poor: float, other: float) -> str:
        return (f"{u('village_id', column)} < CASE WHEN is_poor THEN {poor} "
                f"ELSE {other} END AS {column}")

    con.execute(
        f"""INSERT INTO villages
            SELECT v.village_id, v.county_adcode, {name}, v.is_poor, v.exit_year,
                   CASE WHEN h.people IS NULL
                        THEN 600 + floor({u('village_id', 'population')} * 2400)
                        ELSE ceil(h.people / v.incidence) END::INTEGER,
                   {infra('has_road', 0.995, 0.98)}, {infra('has_4g', 0.98, 0.96)},
                   {infra('has_clinic', 0.97, 0.95)}, {infra('has_safe_water', 0.98, 0.96)}
            FROM _syn_villages v
            LEFT JOIN (SELECT village_id, sum(members) AS people FROM households
                       GROUP BY village_id) h USING (village_id)"""
    )
    con.execute("DROP TABLE _syn_villages")


# ---------------------------------------------------------------- teams and cadres

def _insert_teams_and_cadres(con, counties, villages, targets: Targets, rand: Rand):
    """Every poor village gets a team; rotations and other villages take the rest. The teams,
    cadres and first secretaries in post in 2016 are the published ones exactly."""
    rng = rand.rng("teams")
    total = targets.count("work_teams_sent")
    in_post = targets.count("work_teams_in_post", 2016)
    poor = villages[villages.is_poor]
    cap_year = villages.cap.to_numpy()
    start = _draw(TEAM_START_SHARES, len(poor), rng).astype(int)
    end = np.where(rng.random(len(poor)) < TEAM_STAYS_TO_2020, 2020, poor.exit_year.to_numpy(int))
    start = np.minimum(start, end)
    extra = total - len(poor)
    # Some of the extra teams replace a poor village's first team part-way.
    long_lived = np.flatnonzero(end - start >= 1)
    n_rotations = min(int(extra * TEAM_ROTATION_SHARE), len(long_lived))
    rotated = long_lived[rng.choice(len(long_lived), n_rotations, replace=False)]
    split = start[rotated] + (rng.random(n_rotations) * (end[rotated] - start[rotated])).astype(int)
    # A rotated village still has one team each year, so rotations leave 2016 as it was.
    early = in_post - int(((start <= 2016) & (end >= 2016)).sum())
    first = pd.DataFrame({"village_id": poor.village_id.to_numpy(), "start": start, "end": end})
    second = pd.DataFrame({"village_id": first.village_id.to_numpy()[rotated],
                           "start": split + 1, "end": end[rotated]})
    first.loc[rotated, "end"] = split
    others = villages[~villages.is_poor]
    n_other = extra - n_rotations
    if not 0 <= early <= n_other:
        raise ValueError(f"cannot put {in_post} teams in post in 2016: {early} other villages' "
                         f"teams would have to serve then, of {n_other}")
    picked = others.iloc[np.sort(rng.choice(len(others), n_other,
                                            replace=n_other > len(others)))]
    is_early = np.zeros(n_other, bool)
    is_early[rng.choice(n_other, early, replace=False)] = True
    other_start = np.where(is_early, _draw(OTHER_EARLY_START_SHARES, n_other, rng).astype(int),
                           _draw(OTHER_LATE_START_SHARES, n_other, rng).astype(int))
    other_end = np.where(rng.random(n_other) < TEAM_STAYS_TO_2020, 2020,
                         np.maximum(cap_year[picked.village_id.to_numpy() - 1], other_start))
    other_end = np.where(is_early, np.maximum(other_end, 2016), other_end)
    third = pd.DataFrame({"village_id": picked.village_id.to_numpy(), "start": other_start,
                          "end": other_end})
    teams = pd.concat([first, second, third]).sort_values(["village_id", "start"],
                                                          kind="stable")
    teams = teams.reset_index(drop=True)
    teams.insert(0, "team_id", np.arange(1, len(teams) + 1))
    teams["county_adcode"] = villages.county_adcode.to_numpy()[teams.village_id - 1]
    teams["sending_level"] = _draw(SENDING_LEVEL_SHARES, len(teams), rng)
    teams["members"] = _team_members(teams, targets, rng)
    _temp_table(con, "_syn_teams", teams)
    con.execute(
        """INSERT INTO work_teams SELECT team_id, village_id, county_adcode, sending_level,
                  start, "end", members FROM _syn_teams"""
    )
    con.execute("DROP TABLE _syn_teams")
    _insert_cadres(con, teams, _lone_secretary_posts(teams, villages, targets, rng), targets,
                   rng)
    return teams


def _team_members(teams: pd.DataFrame, targets: Targets, rng) -> np.ndarray:
    """Cadres per team; the teams in post in 2016 hold the published cadres in post then,
    less the first secretaries serving without a team."""
    members = _draw(TEAM_MEMBER_SHARES, len(teams), rng).astype(int)
    serving = np.flatnonzero((teams.start <= 2016).to_numpy() & (teams.end >= 2016).to_numpy())
    alone = targets.count("first_secretaries_in_post", 2016) - len(serving)
    seats = targets.count("cadres_in_post", 2016) - alone
    lo, hi = min(TEAM_MEMBER_SHARES), max(TEAM_MEMBER_SHARES)
    gap = seats - int(members[serving].sum())
    while gap:  # one seat at a time, in random teams with room
        room = serving[members[serving] < hi] if gap > 0 else serving[members[serving] > lo]
        if len(room) == 0:
            raise ValueError(f"cannot seat {seats} cadres in the {len(serving)} teams of 2016")
        picks = rng.choice(room, min(abs(gap), len(room)), replace=False)
        members[picks] += int(np.sign(gap))
        gap -= int(np.sign(gap)) * len(picks)
    return members


def _lone_secretary_posts(teams: pd.DataFrame, villages: pd.DataFrame, targets: Targets,
                          rng) -> pd.DataFrame:
    """Villages served by a first secretary alone: as many in 2016 as the published first
    secretaries in post beyond the teams' own, each until its village's team arrives."""
    serving = int(((teams.start <= 2016) & (teams.end >= 2016)).sum())
    needed = targets.count("first_secretaries_in_post", 2016) - serving
    arrival = teams.groupby("village_id").start.min()
    candidates = villages.loc[~villages.is_poor, ["village_id", "county_adcode"]]
    candidates = candidates.assign(
        arrival=candidates.village_id.map(arrival).fillna(2021).astype(int).to_numpy())
    candidates = candidates[candidates.arrival >= 2017]
    if needed > len(candidates):
        raise ValueError(f"{needed} first secretaries alone in 2016, {len(candidates)} villages")
    posts = candidates.iloc[np.sort(rng.choice(len(candidates), max(needed, 0), replace=False))]
    return pd.DataFrame({
        "village_id": posts.village_id.to_numpy(), "county_adcode": posts.county_adcode.to_numpy(),
        "start": _draw(LONE_SECRETARY_START_SHARES, len(posts), rng).astype(int),
        "end": np.minimum(posts.arrival.to_numpy() - 1, 2020)})


def _insert_cadres(con, teams: pd.DataFrame, lone: pd.DataFrame, targets: Targets,
                   rng) -> None:
    """Cadres per seat (a team's member slots, a lone first secretary's post) rotate in
    consecutive, non-overlapping terms over the seat's life."""
    team_seats = teams.loc[teams.index.repeat(teams.members),
                           ["team_id", "village_id", "county_adcode", "start", "end"]]
    team_seats["slot"] = team_seats.groupby("team_id").cumcount()
    lone_seats = lone.assign(team_id=pd.array([None] * len(lone), dtype="Int64"), slot=0)
    slots = pd.concat([team_seats.astype({"team_id": "Int64"}), lone_seats],
                      ignore_index=True)
    life = (slots.end - slots.start + 1).to_numpy()
    # Rotations per year differ by slot; first secretaries (slot 0) serve longer terms.
    pace = rng.lognormal(0, 0.35, len(slots)) * np.where(slots.slot == 0, 0.6, 1.0)
    target = targets.count("cadres_sent", factor=OVER_FLOOR)

    def terms(rate: float) -> np.ndarray:
        return np.clip(np.round(life * pace * rate), 1, life)

    lo, hi = 0.01, 10.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if terms(mid).sum() < target else (lo, mid)
    n = terms(hi).astype(np.int64)
    # Exact total: remove or add single terms in random slots that have room.
    gap = target - int(n.sum())
    room = np.flatnonzero(n < life) if gap > 0 else np.flatnonzero(n > 1)
    n[rng.choice(room, size=min(abs(gap), len(room)), replace=False)] += int(np.sign(gap))
    slots["n"] = n
    slots["first_cadre"] = np.cumsum(n) - n + 1
    _temp_table(con, "_syn_slots", slots)
    con.execute(
        """INSERT INTO cadres
           SELECT s.first_cadre + r.i, s.team_id, s.village_id, s.county_adcode,
                  CASE WHEN s.slot = 0 THEN 'first_secretary' ELSE 'member' END,
                  s.start + (r.i * (s."end" - s.start + 1)) // s.n,
                  s.start + ((r.i + 1) * (s."end" - s.start + 1)) // s.n - 1
           FROM _syn_slots s, range(s.n) r(i)"""
    )
    con.execute("DROP TABLE _syn_slots")


# ---------------------------------------------------------------- funds and evaluations

def _insert_funds(con, counties: pd.DataFrame, targets: Targets, rand: Rand) -> None:
    """County x year x source x purpose, with fiscal, central and 2020 per-county totals exact."""
    rng = rand.rng("funds")
    scale = targets.scale
    years = list(YEARS)
    central = np.array([CENTRAL_PROFILE[y] for y in years], float)
    central *= targets.value("central_funds_total_yuan") * scale / central.sum()
    local = np.array([LOCAL_PROFILE[y] for y in years], float)
    local *= (targets.value("fiscal_funds_total_yuan") * scale - central.sum()) / local.sum()
    poverty = counties.is_poverty.to_numpy()
    # The poverty counties' share of each year's fiscal funds, set by the 2020 per-county figure.
    per_county_2020 = targets.value("county_annual_funds_2020_yuan", 2020) * scale
    pov_share = per_county_2020 * poverty.sum() / (central[-1] + local[-1])
    # Poorer (more registered people) counties receive more, not proportionally.
    base = counties.people_share.to_numpy() ** 0.6 * rng.lognormal(0, 0.3, len(counties))
    frames = []
    for yi, year in enumerate(years):
        for group, share in ((poverty, pov_share), (~poverty, 1 - pov_share)):
            idx = np.flatnonzero(group)
            for source, amount in (("central", central[yi]), ("local", local[yi])):
                w = base[idx] * rng.lognormal(0, 0.15, len(idx))
                frames.append(pd.DataFrame({"ci": idx, "year": year, "source": source,
                                            "amount": amount * share * w / w.sum()}))
    fiscal = pd.concat(frames, ignore_index=True)
    local_rows = fiscal[fiscal.source == "local"]
    split = rng.dirichlet(np.array(list(LOCAL_SPLIT.values())) * 20, len(local_rows))
    parts = [fiscal[fiscal.source == "central"]] + [
        local_rows.assign(source=name, amount=local_rows.amount.to_numpy() * split[:, i])
        for i, name in enumerate(LOCAL_SPLIT)]
    social = fiscal.groupby(["ci", "year"], as_index=False).amount.sum()
    social = social.assign(source="social",
                           amount=social.amount * SOCIAL_SHARE * rng.lognormal(0, 0.4, len(social)))
    rows = pd.concat(parts + [social], ignore_index=True)
    purpose = rng.dirichlet(np.array([PURPOSE_SHARES[p] for p in FUND_PURPOSES]) * 30, len(rows))
    funds = pd.DataFrame({
        "county_adcode": np.repeat(counties.adcode.to_numpy()[rows.ci.to_numpy()],
                                   len(FUND_PURPOSES)),
        "year": np.repeat(rows.year.to_numpy(), len(FUND_PURPOSES)),
        "source": np.repeat(rows.source.to_numpy(), len(FUND_PURPOSES)),
        "purpose": np.tile(FUND_PURPOSES, len(rows)),
        "amount_yuan": (rows.amount.to_numpy()[:, None] * purpose).ravel(),
    })
    _temp_table(con, "_syn_funds", funds)
    con.execute("INSERT INTO funds SELECT * FROM _syn_funds")
    con.execute("DROP TABLE _syn_funds")


def _insert_evaluations(con, counties: pd.DataFrame, targets: Targets, rand: Rand) -> None:
    """Third-party evaluation of each poverty county every year 2016-2020.

    The exit year's evaluation passed (both error rates under EVALUATION_CEILING), but in
    the counties planted with wrong exits, whose wrong-exit rate it found far above it.
    """
    rng = rand.rng("evaluations")
    pov = counties[counties.is_poverty]
    years = np.arange(2016, 2021)
    county = np.repeat(pov.adcode.to_numpy(), len(years))
    year = np.tile(years, len(pov))
    exit_year = np.repeat(pov.exit_year.to_numpy(int), len(years))
    at_exit = year == exit_year
    # Larger samples in the exit year; error rates fall as the method matured.
    sample = np.where(at_exit, 1500, 400) * rng.lognormal(0, 0.2, len(year))
    trend = np.exp(-0.45 * (year - 2016))
    ceiling = np.where(at_exit, EVALUATION_CEILING, 0.03)
    wrong_exit = _lognormal_below(0.02 * trend, 0.3, ceiling, rng)
    planted = at_exit & np.repeat(pov.wrong_exits.to_numpy(bool), len(years))
    wrong_exit[planted] = WRONG_EXIT_RATE
    frame = pd.DataFrame({
        "county_adcode": county, "year": year,
        "sample_households": np.maximum(np.round(sample * targets.scale), 1).astype(int),
        "misidentification_rate": np.maximum(_lognormal_below(0.025 * trend, 0.3, ceiling, rng),
                                             0.001),
        "wrong_exit_rate": np.maximum(wrong_exit, 0.001),
        "satisfaction_rate": np.clip(0.99 - 0.06 * trend + rng.normal(0, 0.01, len(year)),
                                     0.9, 0.99),
    })
    _temp_table(con, "_syn_evaluations", frame)
    con.execute("INSERT INTO evaluations SELECT * FROM _syn_evaluations")
    con.execute("DROP TABLE _syn_evaluations")


def _lognormal_below(median: np.ndarray, sigma: float, ceiling: np.ndarray, rng) -> np.ndarray:
    """Lognormal draws around `median`, those at or above `ceiling` drawn again (truncated)."""
    value = median * rng.lognormal(0, sigma, len(median))
    while (over := value >= ceiling).any():
        value[over] = median[over] * rng.lognormal(0, sigma, int(over.sum()))
    return value


# ---------------------------------------------------------------- integrity checks

def _mark_anomalies(counties: pd.DataFrame, villages: pd.DataFrame, rand: Rand, plant: bool):
    """Choose the counties and villages to make anomalous (`bunched`, `rush_year`,
    `wrong_exits`, `audit_year`, `jump_year`).

    The columns are always added, and stay empty when not planting, so the
    household SQL is the same either way.
    """
    no_year = pd.array([None] * len(counties), dtype="Int16")
    counties = counties.assign(bunched=False, rush_year=no_year, wrong_exits=False,
                               audit_year=no_year.copy())
    villages = villages.assign(jump_year=pd.array([None] * len(villages), dtype="Int16"))
    if not plant:
        return counties, villages
    rng = rand.rng("anomalies")
    exit_year = counties.exit_year.fillna(0).to_numpy(int)
    # Poverty counties exiting from 2018 (so the year before the evaluation is 2017 or
    # later), and large ones: a pattern needs enough households to show at small scales.
    eligible = (counties.is_poverty.to_numpy() & (exit_year >= 2018)
                & ~counties.adcode.isin(list(CASE_COUNTIES)).to_numpy())
    households = counties.households.to_numpy()
    big = np.flatnonzero(eligible & (households >= np.quantile(households[eligible], 0.75)))
    picked = rng.choice(big, BUNCHED_COUNTIES + RUSHED_COUNTIES, replace=False)
    counties.loc[picked[:BUNCHED_COUNTIES], "bunched"] = True
    rushed = picked[BUNCHED_COUNTIES:]
    counties.loc[rushed, "rush_year"] = exit_year[rushed] - 1
    # Jumps go to poor villages of other counties whose poor villages are large.
    village_size = households * counties.poor_share.to_numpy() / np.maximum(
        counties.n_poor.to_numpy(), 1)
    eligible &= (counties.n_poor.to_numpy() > 0) & ~np.isin(np.arange(len(counties)), picked)
    large = np.flatnonzero(eligible & (village_size >= np.quantile(village_size[eligible],
                                                                   0.75)))
    jumped = rng.choice(large, JUMP_VILLAGES, replace=False)
    for ci in jumped:
        first = counties.vill_offset.iat[ci] - 1  # villages are numbered from 1
        village = first + rng.integers(counties.n_poor.iat[ci])
        villages.loc[village, "jump_year"] = exit_year[ci] - 1
    # The evaluation and audit anomalies need no households: any other poverty county.
    others = np.flatnonzero(counties.is_poverty.to_numpy()
                            & ~counties.adcode.isin(list(CASE_COUNTIES)).to_numpy()
                            & ~np.isin(np.arange(len(counties)), np.r_[picked, jumped]))
    chosen = rng.choice(others, WRONG_EXIT_COUNTIES + AUDIT_EXCESS_COUNTIES, replace=False)
    counties.loc[chosen[:WRONG_EXIT_COUNTIES], "wrong_exits"] = True
    audited = chosen[WRONG_EXIT_COUNTIES:]
    counties.loc[audited, "audit_year"] = rng.choice(AUDIT_EXCESS_YEARS, len(audited))
    return counties, villages


def _record_anomalies(con, counties: pd.DataFrame, villages: pd.DataFrame) -> None:
    """One planted_anomalies row per county or village marked by _mark_anomalies."""
    bunching = (f"{BUNCHED_SHARE:.0%} of exited households recorded 0-{BUNCH_BAND:.0%} above "
                "the poverty line in their exit year")
    rows = [("exit_income_bunching", c.adcode, None, None, bunching)
            for c in counties[counties.bunched].itertuples()]
    rows += [("exit_rush", c.adcode, None, int(c.rush_year),
              (f"{RUSH_SHARE:.0%} of exits moved to {c.rush_year}, the year before the "
               "county's exit evaluation"))
             for c in counties[counties.rush_year.notna()].itertuples()]
    rows += [("evaluation_wrong_exits", c.adcode, None, int(c.exit_year),
              (f"wrong-exit rate of {WRONG_EXIT_RATE:.0%} found by the {c.exit_year} exit "
               "evaluation"))
             for c in counties[counties.wrong_exits].itertuples()]
    rows += [("audit_violations", c.adcode, None, int(c.audit_year),
              (f"{AUDIT_EXCESS_RATIO:g}x the national share of audited funds in violation in "
               f"{c.audit_year}"))
             for c in counties[counties.audit_year.notna()].itertuples()]
    rows += [("village_income_jump", v.county_adcode, int(v.village_id), int(v.jump_year),
              (f"incomes x{JUMP_FACTOR:g} in {v.jump_year}, the year before the county's "
               "exit evaluation"))
             for v in villages[villages.jump_year.notna()].itertuples()]
    if rows:  # executemany refuses an empty list
        con.executemany(
            "INSERT INTO planted_anomalies VALUES (?, ?, ?, ?, NULL, ?, ?)",
            [(i + 1, kind, county, village, year, note)
             for i, (kind, county, village, year, note) in enumerate(rows)])


def _pick_sql(u: str, shares: dict) -> str:
    """SQL choosing a key of `shares` with its probability, from the uniform `u`."""
    keys, p = list(shares), np.array(list(shares.values()), float)
    cuts = np.cumsum(p / p.sum())[:-1]
    whens = " ".join(f"WHEN {u} < {float(c)!r} THEN '{k}'" for k, c in zip(keys, cuts))
    return f"CASE {whens} ELSE '{keys[-1]}' END"


def _insert_asset_matches(con, rand: Rand, plant: bool) -> None:
    """Matches that explain 2015 removals, matches after exit, and planted vehicles while poor."""
    u = rand.u
    hid = "household_id"
    median = " ".join(f"WHEN '{k}' THEN {v}" for k, v in ASSET_VALUE_MEDIANS.items())
    con.execute(
        f"""INSERT INTO asset_matches
            SELECT household_id, asset_type, matched_year,
                   CASE WHEN asset_type = 'business_registration'
                         AND {u(hid, 'capital-unrecorded')} < {CAPITAL_UNRECORDED_SHARE}
                        THEN NULL
                        ELSE round(CASE asset_type {median} END
                                   * exp(0.5 * {rand.normal(hid, 'asset-value')}), -2) END
            FROM (SELECT household_id,
                         CASE WHEN removed_year IS NOT NULL
                              THEN {_pick_sql(u(hid, 'asset-type'), REMOVED_ASSET_TYPES)}
                              ELSE {_pick_sql(u(hid, 'asset-type'), EXITED_ASSET_TYPES)}
                              END AS asset_type,
                         -- Found by the 2015 check that removed the household, or in a
                         -- year after the household exited.
                         CASE WHEN removed_year IS NOT NULL THEN removed_year
                              ELSE exit_year + 1 + floor({u(hid, 'asset-year')}
                                                         * (2020 - exit_year))
                              END::SMALLINT AS matched_year
                  FROM households
                  WHERE (removed_year IS NOT NULL AND {u(hid, 'asset')} < {REMOVED_ASSET_SHARE})
                     OR (exit_year < 2020 AND {u(hid, 'asset')} < {EXITED_ASSET_SHARE}))"""
    )
    if plant:
        _plant_vehicles(con, rand)


def _plant_vehicles(con, rand: Rand) -> None:
    """A few households matched to a vehicle two years before their exit, never removed."""
    u = rand.u
    con.execute(
        f"""CREATE TEMP TABLE _syn_vehicles AS
            SELECT household_id, village_id, county_adcode, (exit_year - 2)::SMALLINT AS year,
                   round({ASSET_VALUE_MEDIANS['vehicle']}
                         * exp(0.5 * {rand.normal('household_id', 'planted-vehicle')}), -2)
                       AS value_yuan
            FROM households h
            WHERE removed_year IS NULL AND identified_year <= 2016 AND exit_year >= 2018
              AND NOT EXISTS (SELECT 1 FROM asset_matches a
                              WHERE a.household_id = h.household_id)
            ORDER BY {u('household_id', 'planted-vehicle')}
            LIMIT {VEHICLES_WHILE_POOR}"""
    )
    con.execute("INSERT INTO asset_matches SELECT household_id, 'vehicle', year, value_yuan "
                "FROM _syn_vehicles")
    con.execute(
        """INSERT INTO planted_anomalies
           SELECT (SELECT count(*) FROM planted_anomalies)
                  + row_number() OVER (ORDER BY household_id),
                  'vehicle_while_poor', county_adcode, village_id, household_id, year,
                  'vehicle matched in ' || year || ' while registered as poor; never removed'
           FROM _syn_vehicles"""
    )
    con.execute("DROP TABLE _syn_vehicles")


def _insert_corrections(con, rand: Rand) -> None:
    """Every removal (asset-matched ones for assets) and every addition after the 2014 build."""
    u = rand.u
    con.execute(
        f"""INSERT INTO corrections
            SELECT h.household_id, h.removed_year, 'removed',
                   CASE WHEN a.household_id IS NOT NULL THEN 'misidentified_assets'
                        ELSE {_pick_sql(u('h.household_id', 'removal-reason'), REMOVAL_REASONS)}
                        END
            FROM households h
            LEFT JOIN (SELECT DISTINCT a.household_id FROM asset_matches a
                       JOIN households r USING (household_id)
                       WHERE a.matched_year <= r.removed_year) a USING (household_id)
            WHERE h.removed_year IS NOT NULL
            UNION ALL
            SELECT household_id, identified_year, 'added',
                   {_pick_sql(u('household_id', 'addition-reason'), ADDITION_REASONS)}
            FROM households WHERE identified_year > 2014  -- after the 2014 build"""
    )


def _audit_shares(weight: np.ndarray, sampled: np.ndarray, target: float,
                  planted: np.ndarray) -> np.ndarray:
    """Per-county violation shares whose sampled-weighted mean is `target` exactly: the
    planted counties at AUDIT_EXCESS_RATIO x target, the others around it by `weight`, capped."""
    share = np.where(planted, AUDIT_EXCESS_RATIO * target, weight * target)
    free = ~planted
    owed = target * sampled.sum() - (share * sampled)[planted].sum()
    for _ in range(50):  # rescale, capping; converges as only a few counties hit the cap
        share[free] = np.minimum(share[free] * owed / (share * sampled)[free].sum(),
                                 AUDIT_MAX_SHARE)
    return share


def _insert_audits(con, counties: pd.DataFrame, targets: Targets, rand: Rand) -> None:
    """Each poverty county's funds audited yearly 2016-2020, on the national violation path."""
    rng = rand.rng("audits")
    rows = con.execute(
        """SELECT f.county_adcode, f.year, f.amount_yuan AS funds FROM funds f
           JOIN counties c ON c.adcode = f.county_adcode
           WHERE c.is_poverty_county AND f.year >= 2016 AND f.source <> 'social'
           ORDER BY ALL""").df()
    # Summed here in a fixed order: DuckDB's parallel sums of doubles can differ in the
    # last bit from run to run, and the audits must be deterministic.
    funds = rows.groupby(["county_adcode", "year"], as_index=False).funds.sum()
    path = AUDIT_UNPUBLISHED_SHARES | {
        y: targets.value("audit_violation_share", y) for y in (2016, 2019)}
    sampled = funds.funds.to_numpy() * rng.uniform(*AUDIT_SAMPLED_SHARE, len(funds))
    spread = rng.normal(0, 1, len(funds))
    while (beyond := np.abs(spread) > AUDIT_SPREAD_CUTOFF).any():  # a truncated normal
        spread[beyond] = rng.normal(0, 1, int(beyond.sum()))
    weight = np.exp(AUDIT_SPREAD_SIGMA * spread)
    audit_year = funds.county_adcode.map(counties.set_index("adcode").audit_year)
    planted = (audit_year == funds.year).fillna(False).to_numpy(bool)
    share = np.empty(len(funds))
    for year, idx in funds.groupby("year").indices.items():
        share[idx] = _audit_shares(weight[idx], sampled[idx], path[year], planted[idx])
    violations = sampled * share
    frame = funds[["county_adcode", "year"]].assign(
        funds_sampled_yuan=sampled, violations_yuan=violations,
        serious_violations_yuan=violations * rng.uniform(*SERIOUS_SHARE, len(funds)))
    _temp_table(con, "_syn_audits", frame)
    con.execute("INSERT INTO audits SELECT * FROM _syn_audits")
    con.execute("DROP TABLE _syn_audits")


def _insert_monitoring_events(con, targets: Targets, rand: Rand) -> None:
    """Events 2021-2025: monitored households break a risk rule, a few others have mild ones."""
    u = rand.u
    hid, eid = "household_id", "(household_id * 2 + k)"  # eid: one id per event
    first, last = TRANSITION_YEARS[0], TRANSITION_YEARS[-1]
    safe_income = RISK_INCOME_MULTIPLE * targets.line(2020)
    con.execute(
        f"""INSERT INTO monitoring_events
            WITH picked AS (
                SELECT household_id, members, cause, income_2020 AS base,
                       monitoring_status = 'monitored' AS at_risk,
                       {first} + floor({u(hid, 'event-year')} * {len(TRANSITION_YEARS)})::INT
                           AS first_year,
                       {u(hid, 'event-twice')} < {SECOND_EVENT_SHARE} AS twice
                FROM households
                WHERE exit_year IS NOT NULL AND (monitoring_status = 'monitored'
                      OR {u(hid, 'event-mild')} < {MILD_EVENT_SHARE})
            ), events AS (
                SELECT p.*,
                       CASE WHEN k = 0 THEN first_year ELSE first_year + 1 + floor(
                           {u(eid, 'event-later')} * ({last} - first_year))::INT END AS year,
                       {u(eid, 'event-size')} AS u_size, {u(eid, 'event-income')} AS u_income,
                       {u(eid, 'event-surveyed')} < {INCOME_SURVEYED_SHARE} AS surveyed,
                       -- Illness and disaster follow the cause of poverty; only households
                       -- at risk have income drops.
                       CASE WHEN {u(eid, 'event-kind')} < CASE WHEN cause = 'illness' THEN 0.6
                                                              ELSE 0.35 END THEN 'illness'
                            WHEN NOT at_risk OR {u(eid, 'event-drop')} < CASE
                                 WHEN cause = 'disaster' THEN 0.7 ELSE 0.4 END THEN 'disaster'
                            ELSE 'income_drop' END AS event
                FROM picked p, range(CASE WHEN twice AND first_year < {last} THEN 2 ELSE 1 END)
                               r(k)
            )
            SELECT household_id, year, event,
                   -- At risk: costs above the household's 2020 income; mild: well below it.
                   CASE WHEN event = 'income_drop' THEN NULL
                        WHEN at_risk THEN round(base * members * (1.2 + 1.8 * u_size))
                        ELSE round(base * members * (0.05 + 0.5 * u_size)) END,
                   CASE WHEN event = 'income_drop'
                        THEN round(base * {1 - RISK_INCOME_DROP} * (0.5 + 0.4 * u_size))
                        WHEN NOT surveyed THEN NULL
                        WHEN at_risk THEN round(base * (0.8 + 0.3 * u_income))
                        ELSE round(greatest(base, {safe_income}) * (1.02 + 0.25 * u_income))
                        END::INTEGER
            FROM events"""
    )
