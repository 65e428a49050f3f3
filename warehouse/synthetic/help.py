"""What help reached a household and when: the exit standard's items it secured (两不愁三保障
and safe water), and the five batches (五个一批) with the year each first reached it.

Calibration: the dropouts returned, the housing and the water secured and the people
relocated are published; the shares below only shape the rest.
"""

import numpy as np
import pandas as pd

from warehouse.schema import MEASURE_YEARS
from warehouse.synthetic.common import Rand, Targets

# The exit standard's items lacking when a household was registered, secured before it
# exited. Published: 200,000 school dropouts returned (the report), the safe housing of
# 49.4% of registered households secured during the campaign (housing ministry, 2020-09-23),
# safe water for 17.1 million poor people in 2016-2020 (water ministry, 2020-08-21), in
# reference/published_figures.csv. Chosen for plausibility: the shares below, and that a
# dropout is three times as likely where schooling costs caused the poverty.
FOOD_INSECURE_SHARE = 0.03
UNINSURED_SHARE = 0.08
DROPOUT_WEIGHT_SCHOOLING = 3
# The five batches: the year each first reached a household is drawn evenly from its
# registration to its exit (to its removal for a household removed as wrongly listed), help
# having come before poverty ended; relocation's from 2016, when the drive began. No yearly
# figure of any batch is published, so none is calibrated: only each batch's total (the
# 9.6 million relocated) is.
RELOCATION_YEARS = range(2016, 2021)


def with_measure_shares(counties: pd.DataFrame, rng) -> pd.DataFrame:
    """Each county's chance that a poor household there receives production and employment
    help, ecological compensation or education help (more of the last two in the west)."""
    west = (counties.region == "west").to_numpy()
    return counties.assign(
        p_production=np.clip(rng.normal(0.8, 0.06, len(counties)), 0.6, 0.95),
        p_ecological=np.clip(rng.normal(np.where(west, 0.25, 0.08), 0.04), 0.01, 0.5),
        p_education=np.clip(rng.normal(np.where(west, 0.35, 0.25), 0.05), 0.05, 0.6),
    )


def measures_sql(rand: Rand) -> str:
    """SQL select items of the batches a household received, from its county's shares
    (with_measure_shares), its cause, and its relocation drawn with the cells."""
    u = rand.u
    return f"""{u('household_id', 'production')} < p_production AS measure_production,
               reloc AS measure_relocation,
               {u('household_id', 'ecological')} < p_ecological AS measure_ecological,
               {u('household_id', 'education')} <
                   CASE WHEN cause = 'schooling' THEN 0.9 ELSE p_education END
                   AS measure_education,
               {u('household_id', 'social')} <
                   CASE WHEN cause IN ('illness', 'labour') THEN 0.65 ELSE 0.2 END
                   AS measure_social_security"""


def measure_year_sql(measure: str, rand: Rand) -> str:
    """SQL of the year a batch first reached a household: relocation's as drawn with the exit
    years, the others' from registration to exit (or removal), when received."""
    column = MEASURE_YEARS[measure]
    if measure == "relocation":
        return column
    last = "coalesce(exit_year, removed_year)"
    return (f"CASE WHEN measure_{measure} THEN (identified_year + floor("
            f"{rand.u('household_id', f'{measure}:year')} * ({last} - identified_year + 1)))"
            f"::SMALLINT END AS {column}")


def assign_standard_years(con, targets: Targets, rand: Rand) -> None:
    """The year each kept household secured each item of the exit standard, beside its exit
    year (into `_syn_exits`): a lacking item is secured after registration and by the exit,
    so that the published counts hold in expectation; every other item was met when the
    household was registered."""
    u = rand.u
    eligible = "e.exit_year > d.identified_year"
    [(households, relocated, houses, schooling, other, water_people)] = con.execute(
        f"""SELECT count(*), count(*) FILTER (d.reloc),
                   count(*) FILTER (NOT d.reloc AND {eligible}),
                   count(*) FILTER ({eligible} AND d.members >= 2 AND d.cause = 'schooling'),
                   count(*) FILTER ({eligible} AND d.members >= 2 AND d.cause <> 'schooling'),
                   sum(d.members) FILTER ({eligible} AND e.exit_year >= 2016)
            FROM _syn_exits e JOIN _syn_exit_draws d USING (household_id)""").fetchall()
    housing = (targets.value("housing_secured_share", 2020) * households - relocated) / houses
    dropout = targets.count("dropouts_returned") / (
        DROPOUT_WEIGHT_SCHOOLING * schooling + other)
    water = targets.count("water_secured_people", 2020) / water_people
    for name, p in (("housing", housing), ("dropouts", dropout), ("water", water)):
        if not 0 <= p <= 1:
            raise ValueError(f"cannot reach the published {name} figure: share {p:.3f}")

    def secured(item: str, first: str = "d.identified_year + 1") -> str:
        """A year from `first` to the exit year, drawn per household and item."""
        return (f"({first} + floor({u('household_id', f'{item}:year')}"
                f" * (e.exit_year - ({first}) + 1)))::SMALLINT")

    def lacking(item: str, share: str) -> str:
        return f"{eligible} AND {u('household_id', f'{item}:lacking')} < {share}"

    # Moved in the relocation drive's years, once registered, by the exit.
    moved_from = f"greatest(d.identified_year, {RELOCATION_YEARS[0]})"
    relocated_year = (f"({moved_from} + floor({u('household_id', 'relocated')}"
                      f" * (e.exit_year - {moved_from} + 1)))::SMALLINT")
    dropout_share = (f"CASE WHEN d.cause = 'schooling' THEN {DROPOUT_WEIGHT_SCHOOLING * dropout!r}"
                     f" ELSE {dropout!r} END")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _syn_exits AS
            SELECT e.household_id, e.exit_year,
                   CASE WHEN d.reloc THEN {relocated_year} END AS relocated_year,
                   CASE WHEN {lacking('food', FOOD_INSECURE_SHARE)} THEN {secured('food')}
                        ELSE d.identified_year END AS food_clothing_year,
                   CASE WHEN d.members >= 2 AND {lacking('education', dropout_share)}
                        THEN {secured('education')}
                        ELSE d.identified_year END AS education_year,
                   CASE WHEN {lacking('medical', UNINSURED_SHARE)} THEN {secured('medical')}
                        ELSE d.identified_year END AS medical_year,
                   CASE WHEN d.reloc THEN {relocated_year}
                        WHEN {lacking('housing', repr(housing))} THEN {secured('housing')}
                        ELSE d.identified_year END AS housing_year,
                   CASE WHEN e.exit_year >= 2016 AND {lacking('water', repr(water))}
                        THEN {secured('water', 'greatest(d.identified_year + 1, 2016)')}
                        ELSE d.identified_year END AS water_year
            FROM _syn_exits e JOIN _syn_exit_draws d USING (household_id)""")
