"""Households: the registry allocated in cells, expanded in SQL, with causes, exits and
incomes calibrated to the published figures (the help that reached them: help.py).

Calibration: the 2014 registry, the 2015 correction, the year-end stocks, cause shares,
incomes and relocation are published; the values below only shape the rest.
"""

import math

import numpy as np
import pandas as pd

from indicators import REGISTRY_YEARS
from warehouse.schema import CAUSES, MEASURE_YEARS, MEASURES, STANDARD_ITEMS
from warehouse.synthetic.common import (
    Rand,
    Targets,
    fill_to_total,
    largest_remainder,
    quota_matrix,
    round_rows,
    temp_table,
)
from warehouse.synthetic.help import (
    assign_standard_years,
    measure_year_sql,
    measures_sql,
    with_measure_shares,
)
from warehouse.synthetic.integrity import BUNCHED_SHARE, BUNCH_BAND, JUMP_FACTOR, RUSH_SHARE
from warehouse.synthetic.programme import DRY_NORTHWEST, NORTHEAST, PROVINCE_PROFILES, SOUTHWEST

# Household registry dynamics.
LATER_ADDITIONS = {2016: 0.008, 2017: 0.006, 2018: 0.004, 2019: 0.002}  # x 2014 people
MAX_MEMBERS = 10
# Starting weights of each year in a household's exit window (the build solves them
# against the published year-end stocks; 2014 and 2015 keep this ratio), and the share of
# households that exit after their village or county did.
EXIT_PROFILE = {2014: 0.8, 2015: 0.85, 2016: 0.8, 2017: 0.65, 2018: 0.95, 2019: 1.9, 2020: 3.0}
LATE_EXIT_SHARE = 0.1


def _member_pmf(mean_minus_one: np.ndarray) -> np.ndarray:
    """Household size distribution per county: 1 + Poisson, truncated at MAX_MEMBERS."""
    k = np.arange(MAX_MEMBERS)
    lam = mean_minus_one[:, None]
    logp = k * np.log(lam) - lam - np.array([math.lgamma(i + 1) for i in k])
    p = np.exp(logp)
    return p / p.sum(axis=1, keepdims=True)


def allocate_households(counties: pd.DataFrame, targets: Targets, rand: Rand):
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
    h14 = largest_remainder(share / means, households14)
    n14 = round_rows(pmf * h14[:, None], h14)
    _fix_people(n14, people14, rng)

    cells = []  # (households per county x size, identified_year, removed)
    removal = rng.lognormal(0, 0.35, len(share))
    expected = n14 * removal[:, None]
    expected *= targets.count("correction_removed_people", 2015) / (expected * sizes).sum()
    removed = fill_to_total(expected.ravel(), np.tile(sizes, len(share)),
                             targets.count("correction_removed_people", 2015), rng,
                             cap=n14.ravel()).reshape(n14.shape)
    cells += [(n14 - removed, 2014, False), (removed, 2014, True)]
    additions = {2015: targets.count("correction_added_people", 2015)}
    additions |= {y: round(people14 * s) for y, s in LATER_ADDITIONS.items()}
    for year, people in additions.items():
        weight = share * rng.lognormal(0, 0.3, len(share))
        expected = pmf * (weight / means)[:, None]
        expected *= people / (expected * sizes).sum()
        added = fill_to_total(expected.ravel(), np.tile(sizes, len(share)), people, rng)
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
    reloc = fill_to_total(n * r, members, target, rng, cap=n)
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
        quotas = quota_matrix(seed[ci], n, largest_remainder(shares, int(n.sum())), rng)
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


def _assign_exit_years(con, targets: Targets, rand: Rand) -> None:
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
                          greatest(rush_year, lo)::SMALLINT AS rush_exit, reloc, cause
                   FROM _syn_placed WHERE NOT removed""")
    groups = con.execute("""SELECT lo, cap, sum(members) FROM _syn_exit_draws
                            WHERE NOT rushed GROUP BY ALL""").fetchall()
    rushed = dict(con.execute("""SELECT rush_exit, sum(members) FROM _syn_exit_draws
                                 WHERE rushed GROUP BY ALL""").fetchall())
    entered = dict(con.execute("""SELECT identified_year, sum(members) FROM _syn_exit_draws
                                  GROUP BY ALL""").fetchall())
    weights = _solve_exit_weights(groups, _people_to_exit(targets, entered), rushed)
    temp_table(con, "_syn_exit_cdf", _exit_cdf(weights))
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
    assign_standard_years(con, targets, rand)
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
    for y in REGISTRY_YEARS:
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
        SELECT p.*, CASE WHEN p.removed THEN 2015 END::SMALLINT AS removed_year,
               x.* EXCLUDE (household_id),
               {rand.normal('household_id', 'level')} AS z
        FROM _syn_placed p LEFT JOIN _syn_exits x USING (household_id)
    ), measured AS (
        SELECT *,
               {measures_sql(rand)}
        FROM exited
    )
    SELECT household_id, village_id, county_adcode, members, identified_year, cause,
           removed_year, exit_year, {", ".join(f"measure_{m}" for m in MEASURES)},
           {", ".join(measure_year_sql(m, rand) for m in MEASURES)},
           {", ".join(f"{item}_year" for item, *_ in STANDARD_ITEMS)},
           CASE WHEN exit_year IS NOT NULL AND {u('household_id', 'monitor')} <
                CASE WHEN cause = 'illness' THEN 0.06 ELSE 0.03 END
                THEN 'monitored' ELSE 'none' END AS monitoring_status,
           {",".join(incomes)}
    FROM measured
    """


def _income_factors(con, targets: Targets) -> dict:
    """Per-year factor on the income excess so member-weighted means follow the path.

    Published years are hit exactly; years between them follow a geometric path
    of the mean; years outside keep the factor of the nearest published year.
    """
    sums = ", ".join(
        f"sum(members) FILTER (WHERE fixed_{y} IS NOT NULL), sum(members * fixed_{y}), "
        f"sum(members * excess_{y})" for y in REGISTRY_YEARS)
    row = con.execute(f"SELECT {sums} FROM _syn_households").fetchall()[0]
    figure = "registered_poor_income_per_capita_yuan"
    published = {y: targets.value(figure, y) for y in REGISTRY_YEARS
                 if (figure, y) in targets.figures}
    factors = {}
    for i, y in enumerate(REGISTRY_YEARS):
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
    for y in REGISTRY_YEARS:
        factors.setdefault(y, factors[min(published, key=lambda k: abs(k - y))])
    return factors


def insert_households(con, counties, cells, villages, targets: Targets, rand: Rand) -> None:
    """Expand cells into household rows in SQL, calibrating incomes in a second pass."""
    measures = with_measure_shares(counties, rand.rng("household-measures"))
    temp_table(con, "_syn_counties", measures[[
        "adcode", "vill_offset", "n_poor", "n_nonpoor", "poor_share", "p_production",
        "p_ecological", "p_education", "bunched", "rush_year"]])
    temp_table(con, "_syn_quotas", _cause_quotas(counties, cells, targets, rand.rng("causes")))
    temp_table(con, "_syn_cells", cells[[
        "adcode", "cohort", "removed", "members", "reloc", "n", "first_id", "j0"]])
    temp_table(con, "_syn_villages", villages[["village_id", "cap", "jump_year"]])
    con.execute(f"CREATE OR REPLACE TEMP VIEW _syn_placed AS {_placed_sql(rand)}")
    _assign_exit_years(con, targets, rand)
    con.execute(f"CREATE OR REPLACE TEMP VIEW _syn_households AS "
                f"{_household_view_sql(targets, rand)}")
    factors = _income_factors(con, targets)
    income = ", ".join(
        f"round(fixed_{y} + {factors[y]!r} * excess_{y})::INTEGER" for y in REGISTRY_YEARS)
    con.execute(
        f"""INSERT INTO households
            SELECT household_id, village_id, county_adcode, members, identified_year, cause,
                   removed_year, exit_year, {income},
                   {", ".join(f"measure_{m}" for m in MEASURES)},
                   {", ".join(MEASURE_YEARS[m] for m in MEASURES)},
                   {", ".join(f"{item}_year" for item, *_ in STANDARD_ITEMS)},
                   monitoring_status
            FROM _syn_households ORDER BY county_adcode, village_id"""
    )
    con.execute("DROP VIEW _syn_households")
    con.execute("DROP VIEW _syn_placed")
    for name in ("_syn_exits", "_syn_counties", "_syn_quotas", "_syn_cells",
                 "_syn_villages"):
        con.execute(f"DROP TABLE {name}")
