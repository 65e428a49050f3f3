"""Integrity data: asset matches, corrections, audits, post-exit monitoring events, and
the anomalies planted for the checks to find.

Calibration: the 2015 correction and the audit shares of 2016 and 2019 are published; the
values below are plausible choices, and the planted anomalies are fixed in number.
"""

import numpy as np
import pandas as pd

from warehouse.schema import TRANSITION_YEARS
from warehouse.synthetic.common import Rand, Targets, pick_sql, temp_table
from warehouse.synthetic.programme import CASE_COUNTIES

# Share of the 2015 removals that the asset match found, and the
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
# Planted anomalies (fixed counts whatever the scale; see mark_anomalies).
BUNCHED_COUNTIES = 3
BUNCHED_SHARE = 0.85  # of the county's exited households ...
BUNCH_BAND = 0.09  # ... recorded within this share above the line in their exit year
RUSHED_COUNTIES = 1
RUSH_SHARE = 0.9  # of the county's exits moved to the year before its exit evaluation
JUMP_VILLAGES = 2
JUMP_FACTOR = 2.5  # on the village's incomes in the year before the exit evaluation
VEHICLES_WHILE_POOR = 6
UNMET_GUARANTEE_EXITS = 5  # households recorded as exited with safe housing never secured
WRONG_EXIT_COUNTIES = 2
WRONG_EXIT_RATE = 0.06  # found by the county's exit evaluation, three times the ceiling
AUDIT_EXCESS_COUNTIES = 2
AUDIT_EXCESS_RATIO = 6.0  # x the national violation share, in one year ...
AUDIT_EXCESS_YEARS = (2018, 2019, 2020)  # ... when the national share was low enough


def mark_anomalies(counties: pd.DataFrame, villages: pd.DataFrame, rand: Rand, plant: bool):
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


def record_anomalies(con, counties: pd.DataFrame, villages: pd.DataFrame) -> None:
    """One planted_anomalies row per county or village marked by mark_anomalies."""
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


def insert_asset_matches(con, rand: Rand, plant: bool) -> None:
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
                              THEN {pick_sql(u(hid, 'asset-type'), REMOVED_ASSET_TYPES)}
                              ELSE {pick_sql(u(hid, 'asset-type'), EXITED_ASSET_TYPES)}
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


def plant_unmet_guarantees(con, rand: Rand) -> None:
    """A few households of poverty counties recorded as exited in 2017-2019 although their
    safe housing, an item of the exit standard, was never secured."""
    u = rand.u
    con.execute(
        f"""CREATE TEMP TABLE _syn_unmet AS
            SELECT h.household_id, h.village_id, h.county_adcode, h.exit_year
            FROM households h JOIN counties c ON c.adcode = h.county_adcode
            WHERE c.is_poverty_county AND h.exit_year BETWEEN 2017 AND 2019
              AND h.county_adcode NOT IN ({", ".join(f"'{a}'" for a in CASE_COUNTIES)})
              AND h.household_id NOT IN (SELECT household_id FROM planted_anomalies
                                         WHERE household_id IS NOT NULL)
            ORDER BY {u('h.household_id', 'planted-unmet')}
            LIMIT {UNMET_GUARANTEE_EXITS}""")
    con.execute("UPDATE households SET housing_year = NULL "
                "WHERE household_id IN (SELECT household_id FROM _syn_unmet)")
    con.execute(
        """INSERT INTO planted_anomalies
           SELECT (SELECT count(*) FROM planted_anomalies)
                  + row_number() OVER (ORDER BY household_id),
                  'exit_guarantee_unmet', county_adcode, village_id, household_id, exit_year,
                  'exited in ' || exit_year || ' with safe housing never secured'
           FROM _syn_unmet""")
    con.execute("DROP TABLE _syn_unmet")


def insert_corrections(con, rand: Rand) -> None:
    """Every removal (asset-matched ones for assets) and every addition after the 2014 build."""
    u = rand.u
    con.execute(
        f"""INSERT INTO corrections
            SELECT h.household_id, h.removed_year, 'removed',
                   CASE WHEN a.household_id IS NOT NULL THEN 'misidentified_assets'
                        ELSE {pick_sql(u('h.household_id', 'removal-reason'), REMOVAL_REASONS)}
                        END
            FROM households h
            LEFT JOIN (SELECT DISTINCT a.household_id FROM asset_matches a
                       JOIN households r USING (household_id)
                       WHERE a.matched_year <= r.removed_year) a USING (household_id)
            WHERE h.removed_year IS NOT NULL
            UNION ALL
            SELECT household_id, identified_year, 'added',
                   {pick_sql(u('household_id', 'addition-reason'), ADDITION_REASONS)}
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


def insert_audits(con, counties: pd.DataFrame, targets: Targets, rand: Rand) -> None:
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
    temp_table(con, "_syn_audits", frame)
    con.execute("INSERT INTO audits SELECT * FROM _syn_audits")
    con.execute("DROP TABLE _syn_audits")


def insert_monitoring_events(con, targets: Targets, rand: Rand) -> None:
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
