"""Synthetic demo data: a deterministic registry calibrated to the published figures.

What is published is carried as it is: the 832 poverty counties and their exit years
(the published list, placed on the boundary units by county_list.py) and the national
figures of reference/published_figures.csv. Everything below them is generated.

`generate` fills the programme columns of `counties` and every microdata
table (villages, households, work_teams, cadres, funds, evaluations, the East–West
amounts of the published pairs), then
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
- Relocated households move in 2016-2020, once registered, and exit from 2017 on.
- The year each other batch of the five batches first reached a household is drawn
  evenly from its registration to its exit (help.RELOCATION_YEARS and the note
  above it): no yearly figure of a batch is published, only the relocation total.
- Asset matches explain the 2015 removals (REMOVED_ASSET_SHARE of them) or come
  after a household's exit; only planted households are matched while poor.
- Audit violation shares for 2017, 2018 and 2020 are not published: they
  follow AUDIT_UNPUBLISHED_SHARES, a declining path between the published ones.
  A county's share scatters around the national one by a lognormal factor cut off
  at AUDIT_SPREAD_CUTOFF standard deviations, so no county stands three times
  above the nation by chance; only planted counties do.
- East–West amounts: only some national totals are published (reference figures
  east_west_*); the years and pairs between them follow east_west.ASSUMPTIONS.
- Monitoring events are consistent with `monitoring_status`: every monitored
  household has an event that breaks a risk rule (RISK_*), no other one does.
- Planted anomalies are built into the household rows before the income
  calibration, so the published means stay exact with or without them.
"""

from warehouse.synthetic.common import Rand, read_targets
from warehouse.synthetic.east_west import insert_east_west_amounts
from warehouse.synthetic.funds import insert_evaluations, insert_funds
from warehouse.synthetic.households import allocate_households, insert_households
from warehouse.synthetic.integrity import (
    insert_asset_matches,
    insert_audits,
    insert_corrections,
    insert_monitoring_events,
    mark_anomalies,
    plant_unmet_guarantees,
    record_anomalies,
)
from warehouse.synthetic.programme import choose_programme
from warehouse.synthetic.teams import insert_teams_and_cadres
from warehouse.synthetic.villages import allocate_villages, insert_villages


def generate(con, scale: float, seed: int, progress, anomalies: bool = True) -> None:
    """Fill programme columns and all synthetic microdata tables, deterministically.

    With `anomalies` false nothing is planted, for a clean database the checks must pass.
    """
    rand = Rand(seed)
    targets = read_targets(con, scale)
    memory_limit = con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    # Keep the whole build well under 8 GB: DuckDB spills beyond this.
    con.execute("SET memory_limit = '4GB'")
    try:
        counties = choose_programme(con, targets, rand)
        progress.say(f"counties: {int(counties.is_poverty.sum())} poverty counties, "
                     f"{int(counties.in_programme.sum())} in the programme")
        cells, counties = allocate_households(counties, targets, rand)
        villages, counties = allocate_villages(counties, targets, rand)
        counties, villages = mark_anomalies(counties, villages, rand, anomalies)
        progress.say(f"allocated {int(cells.n.sum()):,} households in {len(cells):,} cells, "
                     f"{len(villages):,} villages")
        insert_households(con, counties, cells, villages, targets, rand)
        progress.say("households inserted")
        insert_villages(con, villages, rand)
        teams = insert_teams_and_cadres(con, counties, villages, targets, rand)
        progress.say(f"{len(teams):,} work teams and their cadres inserted")
        insert_funds(con, counties, targets, rand)
        insert_evaluations(con, counties, targets, rand)
        insert_east_west_amounts(con, targets, rand)
        progress.say("funds, evaluations and East–West amounts inserted")
        record_anomalies(con, counties, villages)
        insert_asset_matches(con, rand, plant=anomalies)
        if anomalies:
            plant_unmet_guarantees(con, rand)
        insert_corrections(con, rand)
        insert_audits(con, counties, targets, rand)
        insert_monitoring_events(con, targets, rand)
        planted = con.execute("SELECT count(*) FROM planted_anomalies").fetchall()[0][0]
        progress.say(f"integrity data inserted, {planted} anomalies planted")
    finally:
        con.execute(f"SET memory_limit = '{memory_limit}'")
