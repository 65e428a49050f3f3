"""Thresholds of the integrity checks and the risk rules: defaults here, overrides from the environment.

Each is a parameter of the indicator queries that apply it (the rollups hold the
statistics), so a changed threshold takes effect on restart, without a rebuild. Set one
with POVERTY_THRESHOLD_<NAME>, e.g. POVERTY_THRESHOLD_RISK_INCOME_MULTIPLE=1.3. The
integrity defaults were measured on the synthetic builds: each flags every planted
anomaly and nothing in a build made without them. The risk rules are the transition
period's own.
"""

import os

# Integrity checks (queries/integrity_counties.sql, integrity_villages.sql).
INTEGRITY = {
    # Households matched to an asset record while registered as poor and never removed.
    "asset_min_households": 1,
    # Share of exited households with an exit-year income within 10% above the line ...
    "bunching_share": 0.5,
    "bunching_min_exits": 10,  # ... in counties with at least this many exits.
    # Share of a poverty county's exits in the year before its exit evaluation ...
    "rush_share": 0.75,
    "rush_min_households": 10,  # ... in counties with at least this many exits.
    # Village mean income the year before the evaluation / geometric mean of the years around it ...
    "jump_ratio": 1.8,
    "jump_min_households": 5,  # ... over villages with at least this many households.
    # The exit assessment's ceiling on both the misidentification and wrong-exit rates: a
    # county passed its exit evaluation only with both below it.
    "evaluation_max_rate": 0.02,
    # A county's share of audited funds in violation, as a multiple of that year's national
    # share. No fewest-funds rule: an audit samples a share of all the county's poverty funds
    # (tens of millions of yuan), so chance alone does not carry a small county to 3x; the
    # synthetic counties scatter up to about 2.5x (warehouse/synthetic/integrity.py, AUDIT_SPREAD_*).
    "audit_ratio": 3.0,
    # Households recorded as exited with an item of the exit standard (food and clothing,
    # education, medical insurance, housing, water) never secured, or only after the exit:
    # the standard forbids any.
    "guarantee_min_households": 1,
}

# Risk of falling back into poverty after exit (queries/monitoring_*.sql).
MONITORING = {
    "risk_income_multiple": 1.5,  # income below this multiple of the 2020 poverty line
    "risk_cost_share": 1.0,  # shock costs above this share of the household's 2020 income
    "risk_income_drop": 0.3,  # income down by more than this share from 2020
}

COUNTS = {"asset_min_households", "bunching_min_exits", "rush_min_households",
          "jump_min_households"}


def _value(name: str, default: float) -> float:
    """The default, or the environment's override when it is a number."""
    text = os.environ.get(f"POVERTY_THRESHOLD_{name.upper()}")
    if text is None:
        return default
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"POVERTY_THRESHOLD_{name.upper()}={text!r} is not a number") from None
    return int(value) if name in COUNTS else value


def integrity() -> dict:
    """The integrity checks' thresholds in force, by query parameter name."""
    return {name: _value(name, default) for name, default in INTEGRITY.items()}


def monitoring() -> dict:
    """The risk rules' thresholds in force, by query parameter name."""
    return {name: _value(name, default) for name, default in MONITORING.items()}
