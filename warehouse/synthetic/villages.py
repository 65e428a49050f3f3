"""Villages: poor and other villages per county, the year each poor village was delisted
(fitted to the published counts remaining at year end), and their rows.

Calibration: the number of poor villages and those remaining are published; the values
below only shape when, within its county's years, a village exits.
"""

import numpy as np
import pandas as pd

from warehouse.synthetic.common import Rand, Targets, largest_remainder, temp_table
from warehouse.synthetic.programme import CASE_COUNTIES

# Non-poverty counties' comparable "cap" year centres here (plus lateness).
PACE_BASE = 2018.3
# Village exit: weights of exiting 0, 1, 2, 3, 4+ years before the county; share after it.
VILLAGE_EXIT_LEAD = (0.55, 0.25, 0.1, 0.06, 0.04)
VILLAGE_LATE_SHARE = 0.05
VILLAGE_SYLLABLES_1 = "石新大小上下东西南北高龙马杨李王张黄白青红金山河沙坪坝岭岩田水花竹松柳桃凤安平和长"
VILLAGE_SYLLABLES_2 = "家山河沟坪坝岭岩田塘湾寨庄屯堡营桥坡林园溪口头湖泉峪洼岗墩台"


def allocate_villages(counties: pd.DataFrame, targets: Targets, rand: Rand):
    """Poor villages (exact national count) and non-poor villages, with exit years."""
    rng = rand.rng("villages")
    households = counties.households.to_numpy()
    poverty = counties.is_poverty.to_numpy()
    # Non-poverty counties pass a comparable "cap" year on their villages and households.
    cap = counties.exit_year.to_numpy(dtype=float, na_value=np.nan)
    pace = np.clip(np.round(PACE_BASE + 1.5 * counties.lateness + rng.normal(0, 1, len(cap))),
                   2015, 2020)
    cap = np.where(np.isnan(cap), pace, cap).astype(int)
    n_poor = largest_remainder(households * np.where(poverty, 1.6, 0.6)
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


def insert_villages(con, villages: pd.DataFrame, rand: Rand) -> None:
    """Villages with names, population from their registered people, infrastructure."""
    temp_table(con, "_syn_villages", villages[[
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
