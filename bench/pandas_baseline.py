"""The same user actions done the way a typical Dash app does them, against ours, in one run.

    python bench/pandas_baseline.py [--db PATH] [--parquet DIR] [--actions 90]

The naive app exports the base tables to Parquet once, loads them into global
DataFrames at start-up and answers each action with a groupby over the
households frame. Only its data work is timed (no figure, no JSON), so the
ratio it prints understates the real gap. Our app is timed on the same actions
in the same run, with and without its query cache.
"""

import argparse
import statistics
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from common import NATIONAL_DB, ensure_database, verdict, workload
from indicators import REGISTRY_YEARS
from interactions import make_app, run_action

TARGET_RATIO = 50
TABLES = ("households", "counties", "villages", "funds", "work_teams", "cadres", "evaluations",
          "reference_figures")


def export_parquet(db: Path, folder: Path) -> Path:
    """Each base table as one Parquet file, written once."""
    folder.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(db), read_only=True) as con:
        for table in TABLES:
            target = folder / f"{table}.parquet"
            if not target.exists():
                con.execute(f"COPY {table} TO '{target}' (FORMAT parquet)")
    return folder


class NaiveApp:
    """Global DataFrames, recomputed from the households for every action."""

    def __init__(self, folder: Path):
        def read(table):
            return pd.read_parquet(folder / f"{table}.parquet")

        self.households = read("households")
        self.counties = read("counties")
        self.villages = read("villages")
        self.funds = read("funds")
        self.teams = read("work_teams")
        self.cadres = read("cadres")
        self.evaluations = read("evaluations")
        lines = read("reference_figures")
        lines = lines[lines.figure == "poverty_line_yuan"]
        self.poverty_line = dict(zip(lines.year, lines.value))

    def _registered(self, h: pd.DataFrame, year: int) -> pd.Series:
        return (h.identified_year <= year) & (h.removed_year.isna() | (h.removed_year > year))

    def indicator(self, h: pd.DataFrame, indicator: str, year: int) -> pd.Series:
        """One indicator per county for one year, from household rows (and teams, funds)."""
        by = h.county_adcode
        registered = self._registered(h, year)
        exited = h.removed_year.isna() & (h.exit_year <= year)
        poor_in_year = registered & ~(h.removed_year.isna() & (h.exit_year < year))
        members = h.members.astype("float64")
        if indicator in ("still_poor_people", "poverty_incidence"):
            value = members.where(registered & ~exited, 0).groupby(by).sum()
            if indicator == "poverty_incidence":
                value = value / self.counties.set_index("adcode").rural_population
            return value
        if indicator == "exited_people":
            return members.where(h.removed_year.isna() & (h.exit_year == year), 0).groupby(by).sum()
        if indicator == "cumulative_exited_people":
            return members.where(exited, 0).groupby(by).sum()
        if indicator == "income_to_line":
            income = h[f"income_{year}"].astype("float64") * members
            weighted = income.where(registered, 0).groupby(by).sum()
            people = members.where(registered, 0).groupby(by).sum()
            return weighted / people / self.poverty_line[year]
        poor = members.where(poor_in_year, 0).groupby(by).sum()
        if indicator == "funds_per_poor_person_yuan":
            funds = self.funds[self.funds.year == year].groupby("county_adcode").amount_yuan.sum()
            return funds / poor
        active = (self.teams.start_year <= year) & (self.teams.end_year.fillna(2020) >= year)
        teams = self.teams[active]
        if indicator == "teams_per_poor_village":
            villages = self.villages[self.villages.is_poor_village].groupby("county_adcode").size()
            return teams.groupby("county_adcode").size() / villages
        if indicator == "cadres_per_1000_poor":
            cadres = self.cadres[(self.cadres.start_year <= year)
                                 & (self.cadres.end_year.fillna(2020) >= year)]
            per_county = cadres.merge(teams, on="team_id").groupby("county_adcode").size()
            return 1000 * per_county / poor
        return self.counties.set_index("adcode").exit_year  # county_exit_year

    def _in_province(self, province: str) -> pd.DataFrame:
        codes = self.counties.adcode[self.counties.province_adcode == province]
        return self.households[self.households.county_adcode.isin(codes)]

    def map_action(self, params: dict, kind: str) -> None:
        """County values for the map and table; the area's trend unless only the year changed."""
        values = self.indicator(self.households, params["indicator"], params["year"])
        view = self.counties.merge(values.rename("value"), left_on="adcode", right_index=True,
                                   how="left")
        if params["province"] != "all":
            view = view[view.province_adcode == params["province"]]
        if kind != "year":
            area = (self.households if params["province"] == "all"
                    else self._in_province(params["province"]))
            [self.indicator(area, params["indicator"], y).sum() for y in REGISTRY_YEARS]

    def province_action(self, params: dict) -> None:
        """The province's poverty counties ranked, and its yearly series beside the nation's."""
        area = self._in_province(params["province"])
        values = self.indicator(area, params["indicator"], params["year"])
        ranked = self.counties[self.counties.province_adcode == params["province"]].merge(
            values.rename("value"), left_on="adcode", right_index=True, how="left")
        ranked.sort_values("value")
        for frame in (area, self.households):
            [self.indicator(frame, params["indicator"], y).sum() for y in REGISTRY_YEARS]

    def county_action(self, params: dict) -> None:
        """Every section of the county page from the county's households and other rows."""
        code = params["adcode"]
        h = self.households[self.households.county_adcode == code]
        kept = h[h.removed_year.isna()]
        kept.groupby("cause").members.agg(["size", "sum"])
        kept[[c for c in h if c.startswith("measure_")]].sum()
        monitored = kept.monitoring_status == "monitored"
        kept.assign(monitored=monitored).groupby("cause").agg(exited=("exit_year", "count"),
                                                              monitored=("monitored", "sum"))
        for year in REGISTRY_YEARS:
            registered = h[self._registered(h, year)]
            ratio = registered[f"income_{year}"] / self.poverty_line[year]
            pd.cut(ratio, [-np.inf, 1, 1.5, 2, np.inf], right=False).value_counts()
            for indicator in ("still_poor_people", "exited_people", "income_to_line"):
                self.indicator(h, indicator, year)
        funds = self.funds[self.funds.county_adcode == code]
        funds.groupby(["year", "source"]).amount_yuan.sum()
        funds.groupby(["year", "purpose"]).amount_yuan.sum()
        teams = self.teams[self.teams.county_adcode == code]
        teams.merge(self.cadres, on="team_id", how="left").groupby("sending_level").size()
        villages = self.villages[self.villages.county_adcode == code]
        villages.merge(teams.groupby("village_id").size().rename("teams"), left_on="village_id",
                       right_index=True, how="left")
        self.evaluations[self.evaluations.county_adcode == code]

    def run(self, action) -> float:
        """Milliseconds to do one action."""
        start = time.perf_counter()
        if action.page == "map":
            self.map_action(action.params, action.kind)
        elif action.page == "province":
            self.province_action(action.params)
        else:
            self.county_action(action.params)
        return (time.perf_counter() - start) * 1000


def ours(db: Path, actions: list, cached: bool) -> tuple[list[float], list[float]]:
    """Our server time per action, and the part of it spent in the query door."""
    app = make_app(db, cached)
    client = app.server.test_client()
    run_action(client, workload(app.callback_map, db, 1)[0])  # first request: geometry loaded
    database = app.server.config["DATABASE"]
    spent, depth = [], [0]

    def timed(door):
        # Only the outermost call counts, should one door call the other.
        def call(*args, **params):
            depth[0] += 1
            start = time.perf_counter()
            try:
                return door(*args, **params)
            finally:
                depth[0] -= 1
                if depth[0] == 0:
                    spent.append((time.perf_counter() - start) * 1000)
        return call

    database.run = timed(database.run)
    database.run_for_county = timed(database.run_for_county)
    totals, data = [], []
    for action in actions:
        spent.clear()
        totals.append(run_action(client, action)["ms"])
        data.append(sum(spent))
    return totals, data


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", type=Path, default=NATIONAL_DB)
    p.add_argument("--parquet", type=Path,
                   help="folder of Parquet exports (default: beside the database)")
    p.add_argument("--actions", type=int, default=90)
    args = p.parse_args()
    db = ensure_database(args.db)
    folder = export_parquet(db, args.parquet or db.with_suffix(".parquet"))
    actions = workload(make_app(db, cached=False).callback_map, db, args.actions)
    timings = {}
    timings["cached"], timings["data"] = ours(db, actions, cached=True)
    timings["uncached"], timings["data_uncached"] = ours(db, actions, cached=False)
    start = time.perf_counter()
    naive = NaiveApp(folder)
    print(f"naive app: Parquet loaded into pandas in {time.perf_counter() - start:.1f} s")
    timings["pandas"] = [naive.run(a) for a in actions]
    print(f"\nmedian ms per action over the same {len(actions)} actions, this run "
          f"(target: ours at least {TARGET_RATIO}x faster)")
    print(f"{'page':10s} {'pandas':>9s} {'ours':>7s} {'no cache':>9s} {'ratio':>6s} "
          f"{'no cache':>9s}  verdict   data only: {'ours':>6s} {'no cache':>9s} {'ratio':>6s}")
    for page in ("map", "province", "county"):
        med = {k: statistics.median(t for t, a in zip(v, actions) if a.page == page)
               for k, v in timings.items()}
        ratio, uncached = med["pandas"] / med["cached"], med["pandas"] / med["uncached"]
        print(f"{page:10s} {med['pandas']:9.0f} {med['cached']:7.1f} {med['uncached']:9.1f} "
              f"{ratio:5.0f}x {uncached:8.0f}x  {verdict(ratio >= TARGET_RATIO):8s}{'':13s}"
              f"{med['data']:6.1f} {med['data_uncached']:9.1f} {med['pandas'] / med['data']:5.0f}x")
    print("ours: whole server time (queries, figures, JSON, compression); pandas: data work "
          "only. 'data only': our time in the query door, the pandas app's equivalent.")


if __name__ == "__main__":
    main()
