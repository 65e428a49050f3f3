"""Funds and evaluations: money by county, year, source and purpose; the third-party
evaluations of the poverty counties.

Calibration: the fiscal and central totals and the 2020 per-county figure are published;
the profiles below only spread them over years, levels and purposes.
"""

import numpy as np
import pandas as pd

from indicators import YEARS
from warehouse.schema import FUND_PURPOSES
from warehouse.synthetic.common import Rand, Targets, lognormal_below, temp_table
from warehouse.synthetic.integrity import WRONG_EXIT_RATE

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
# The exit assessment's ceiling on both the misidentification and wrong-exit rates.
EVALUATION_CEILING = 0.02


def insert_funds(con, counties: pd.DataFrame, targets: Targets, rand: Rand) -> None:
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
    temp_table(con, "_syn_funds", funds)
    con.execute("INSERT INTO funds SELECT * FROM _syn_funds")
    con.execute("DROP TABLE _syn_funds")


def insert_evaluations(con, counties: pd.DataFrame, targets: Targets, rand: Rand) -> None:
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
    wrong_exit = lognormal_below(0.02 * trend, 0.3, ceiling, rng)
    planted = at_exit & np.repeat(pov.wrong_exits.to_numpy(bool), len(years))
    wrong_exit[planted] = WRONG_EXIT_RATE
    frame = pd.DataFrame({
        "county_adcode": county, "year": year,
        "sample_households": np.maximum(np.round(sample * targets.scale), 1).astype(int),
        "misidentification_rate": np.maximum(lognormal_below(0.025 * trend, 0.3, ceiling, rng),
                                             0.001),
        "wrong_exit_rate": np.maximum(wrong_exit, 0.001),
        "satisfaction_rate": np.clip(0.99 - 0.06 * trend + rng.normal(0, 0.01, len(year)),
                                     0.9, 0.99),
    })
    temp_table(con, "_syn_evaluations", frame)
    con.execute("INSERT INTO evaluations SELECT * FROM _syn_evaluations")
    con.execute("DROP TABLE _syn_evaluations")
