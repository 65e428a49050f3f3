"""The public edition: county-level and higher aggregates only, small counts suppressed.

`poverty-dashboard publish --db FULL --out PUBLIC.duckdb` writes the database the public
site serves. It holds the geography, the published reference figures, funds and the
county, province and national rollups; no table holds a village, household, work team or
cadre row. The early-warning counts (households at risk of falling back after exit) are
computed again at the risk thresholds configured at publish time, and those thresholds
are published with them (risk_thresholds). What each numeric column is, disclosure.py
declares; a column it does not classify stops publication. Every count of people or
households from 1 to threshold - 1 is withheld (primary suppression); then further
non-zero cells are withheld until no published relation (a total and its parts, a
cumulative count and its yearly steps, a row's own identities) has exactly one withheld
cell, which subtraction would reveal (complementary suppression). A zero is never
withheld. Every mean, rate and share is rounded, and withheld with the counts it is
computed from. A withheld cell is NULL and its row's `suppressed` column, a struct of the
threshold and the withheld column names, says so. docs/security.md says what this
guarantees and what it does not."""

import re
from collections import defaultdict, deque
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

import disclosure
import indicators as registry
import queries
from queries import thresholds
from warehouse.answers import store_answers
from warehouse.build import new_database, write_build_info
from warehouse.progress import Progress

DEFAULT_THRESHOLD = 10
# The early-warning rollups, made again at the thresholds in force when publishing (the
# build's may differ): the public edition's counts are at the thresholds it records.
EARLY_WARNING = ("risk_thresholds", "county_risk", "province_risk", "national_risk")
# The row order of each table with counts to suppress, which numbers its cells.
KEYS = {
    "county_year": ("adcode", "year"), "province_year": ("adcode", "year"),
    "national_year": ("year",), "province_totals": ("adcode",), "national_totals": (),
    "county_causes": ("adcode", "cause"), "county_measures": ("adcode", "measure"),
    "county_income_bands": ("adcode", "year", "band"), "county_monitoring": ("adcode", "cause"),
    "county_risk": ("adcode",), "province_risk": ("adcode",), "national_risk": (),
    "evaluations": ("county_adcode", "year"),
    "province_measures": ("adcode", "measure"), "national_measures": ("measure",),
    "province_measures_by_year": ("adcode", "measure", "year"),
    "national_measures_by_year": ("measure", "year"),
    "province_corrections": ("adcode", "action", "reason"),
    "national_corrections": ("action", "reason"),
}
REGISTRY = disclosure.counts(disclosure.TABLES["county_year"])
RISK_RULES = ("low_income_households", "high_cost_households", "income_drop_households")
RISK_COUNTS = disclosure.counts(disclosure.TABLES["county_risk"])
# The registry columns a row's identities tie together, in people and in households:
# withheld together, so that the identities never pin one of them down.
FAMILIES = (("registered_people", "poor_people_in_year", "still_poor_people", "exited_people",
             "cumulative_exited_people"),
            ("registered_households", "still_poor_households", "exited_households"))


class UnclassifiedColumn(ValueError):
    """A numeric column that disclosure.py does not classify: publish would not know
    whether it describes families."""


@dataclass(frozen=True)
class Published:
    """A table of the public edition with counts to suppress, from disclosure.TABLES."""

    name: str
    key: tuple[str, ...]
    counts: tuple[str, ...]  # people or households: withheld when from 1 to threshold - 1
    derived: dict[str, disclosure.Derived]  # withheld with their counts, rounded

    @property
    def covered(self) -> tuple[str, ...]:
        return (*self.counts, *self.derived)


TABLES = tuple(Published(name, KEYS[name], disclosure.counts(columns), disclosure.derived(columns))
               for name, columns in disclosure.TABLES.items() if disclosure.counts(columns))
BY_NAME = {table.name: table for table in TABLES}
# Public facts only: copied as they are.
COPIED = tuple(name for name in disclosure.TABLES if name not in BY_NAME)


@dataclass(frozen=True)
class Relation:
    """A published equation: the whole cells add up to the part cells."""

    whole: tuple[int, ...]
    parts: tuple[int, ...]

    @property
    def cells(self) -> tuple[int, ...]:
        return self.whole + self.parts


class Cells:
    """Every suppressible cell of the published tables, with the relations between them."""

    def __init__(self, frames: dict[str, pd.DataFrame]):
        self.frames = frames
        self.ids: dict[tuple[str, int, str], int] = {}
        self.where: list[tuple[str, int, str]] = []
        self.values: list[float] = []
        self.hidden: list[bool] = []
        self.relations: list[Relation] = []
        self.series: list[list[list[int]]] = []  # an area's family cells, year by year
        self._columns: dict[tuple[str, str], np.ndarray] = {}

    def cell(self, table: str, row: int, column: str) -> int:
        key = (table, row, column)
        if key not in self.ids:
            self.ids[key] = len(self.where)
            self.where.append(key)
            self.values.append(float(self._column(table, column)[row]))
            self.hidden.append(False)
        return self.ids[key]

    def _column(self, table: str, column: str) -> np.ndarray:
        """A column as floats, NaN where missing: read once (a frame's column costs more to
        look up than the cell itself)."""
        if (table, column) not in self._columns:
            self._columns[table, column] = self.frames[table][column].to_numpy(
                dtype=float, na_value=np.nan)
        return self._columns[table, column]

    def relate(self, whole: list[int], parts: list[int]) -> None:
        if whole and parts:
            self.relations.append(Relation(tuple(whole), tuple(parts)))

    def known(self, cell: int) -> bool:
        return not self.hidden[cell] and not np.isnan(self.values[cell])


def _rows(frame: pd.DataFrame, *key: str) -> dict:
    """Row number by key value (a tuple when the key has several columns)."""
    index = frame[list(key)].itertuples(index=False, name=None)
    return {k if len(key) > 1 else k[0]: n for n, k in enumerate(index)}


def _row_cells(cells: Cells, table: str, row: int):
    """A function from column names to the cells of one row."""
    return lambda *columns: [cells.cell(table, row, column) for column in columns]


def _yearly_relations(cells: Cells, table: str) -> None:
    """A row's own identities, and each year's step from the year before."""
    frame = cells.frames[table]
    area = frame["adcode"] if "adcode" in frame else pd.Series("nation", index=frame.index)
    for _, rows in frame.groupby(area.to_numpy(), sort=False):
        years = list(rows.sort_values("year").index)
        for family in FAMILIES:
            cells.series.append([_row_cells(cells, table, row)(*family) for row in years])
        for previous, row in zip([None, *years], years):
            now = _row_cells(cells, table, row)
            # registered = still poor + exited so far; poor in the year = still poor + exited in it
            cells.relate(now("registered_people"),
                         now("still_poor_people", "cumulative_exited_people"))
            cells.relate(now("poor_people_in_year"), now("still_poor_people", "exited_people"))
            # exited so far = exited before + exited this year, in people and, as registered
            # minus still poor, in households
            people = now("exited_people")
            households = (now("registered_households"),
                          now("still_poor_households", "exited_households"))
            if previous is not None:
                before = _row_cells(cells, table, previous)
                people += before("cumulative_exited_people")
                households = (households[0] + before("still_poor_households"),
                              households[1] + before("registered_households"))
            cells.relate(now("cumulative_exited_people"), people)
            cells.relate(*households)
            for whole, parts in registry.PARTS:  # the exit standard: met + short = recorded
                cells.relate(now(whole), now(*parts))
        # The steps added up: exited so far = every year's exits until now. Once a zero is
        # published (no one still poor), the sum of the steps ties the exits to the registry.
        for upto in range(len(years)):
            now = _row_cells(cells, table, years[upto])
            exits = [_row_cells(cells, table, row) for row in years[:upto + 1]]
            cells.relate(now("cumulative_exited_people"),
                         [c for year in exits for c in year("exited_people")])
            cells.relate(now("registered_households"),
                         now("still_poor_households")
                         + [c for year in exits for c in year("exited_households")])


def _sum_relations(cells: Cells, parent: str, child: str, by: str | None) -> None:
    """Each parent row equals the sum of its child rows (a province of its counties, ...)."""
    parents, children = cells.frames[parent], cells.frames[child]
    parent_rows = _rows(parents, *(["adcode", "year"] if by else ["year"]))
    for key, rows in children.groupby([by, "year"] if by else "year", sort=False).groups.items():
        if key not in parent_rows:
            continue
        for column in REGISTRY:
            cells.relate([cells.cell(parent, parent_rows[key], column)],
                         [cells.cell(child, r, column) for r in rows])


def _total_relations(cells: Cells) -> None:
    """Programme totals against the yearly rollups and the relocation batch."""
    f = cells.frames
    last = int(f["province_year"]["year"].max())
    years = _rows(f["province_year"], "adcode", "year")
    totals = _rows(f["province_totals"], "adcode")
    for adcode, row in totals.items():
        peak_year = f["province_totals"]["peak_year"].iat[row]
        for column, year, yearly in (("exited_people", last, "cumulative_exited_people"),
                                     ("peak_poor_people", peak_year, "poor_people_in_year")):
            if (adcode, year) in years:
                cells.relate([cells.cell("province_totals", row, column)],
                             [cells.cell("province_year", years[adcode, year], yearly)])
    measures = f["county_measures"]
    province_of = f["county_year"].drop_duplicates("adcode").set_index("adcode")["province_adcode"]
    relocation = measures[measures["measure"] == "relocation"]
    for province, rows in relocation.groupby(relocation["adcode"].map(province_of)).groups.items():
        if province in totals:
            cells.relate([cells.cell("province_totals", totals[province], "relocated_people")],
                         [cells.cell("county_measures", r, "people") for r in rows])
    for column in ("exited_people", "relocated_people"):
        cells.relate([cells.cell("national_totals", 0, column)],
                     [cells.cell("province_totals", r, column) for r in totals.values()])
    # The people relocated are the sum of the years' relocations, in a county, a province
    # and the nation.
    yearly = f["county_year"].groupby("adcode").groups
    for row, adcode in zip(relocation.index, relocation["adcode"]):
        cells.relate([cells.cell("county_measures", row, "people")],
                     [cells.cell("county_year", r, "relocated_people_in_year")
                      for r in yearly.get(adcode, [])])
    province_years = f["province_year"].groupby("adcode").groups
    for province, row in totals.items():
        cells.relate([cells.cell("province_totals", row, "relocated_people")],
                     [cells.cell("province_year", r, "relocated_people_in_year")
                      for r in province_years.get(province, [])])
    if len(f["national_totals"]):
        cells.relate([cells.cell("national_totals", 0, "relocated_people")],
                     [cells.cell("national_year", r, "relocated_people_in_year")
                      for r in f["national_year"].index])
    national = _rows(f["national_year"], "year")
    if last in national:
        cells.relate([cells.cell("national_totals", 0, "exited_people")],
                     [cells.cell("national_year", national[last], "cumulative_exited_people")])


def _county_relations(cells: Cells) -> None:
    """A county's causes, income bands and exits by cause add up to its registry figures."""
    f = cells.frames
    years = _rows(f["county_year"], "adcode", "year")
    last = int(f["county_year"]["year"].max())
    pairs = (("households", "registered_households"), ("people", "registered_people"))
    for adcode, rows in f["county_causes"].groupby("adcode").groups.items():
        for part, whole in pairs if (adcode, last) in years else ():
            cells.relate([cells.cell("county_year", years[adcode, last], whole)],
                         [cells.cell("county_causes", r, part) for r in rows])
    for key, rows in f["county_income_bands"].groupby(["adcode", "year"]).groups.items():
        for part, whole in pairs if key in years else ():
            cells.relate([cells.cell("county_year", years[key], whole)],
                         [cells.cell("county_income_bands", r, part) for r in rows])
    county_rows = f["county_year"].groupby("adcode").groups
    for adcode, rows in f["county_monitoring"].groupby("adcode").groups.items():
        cells.relate([cells.cell("county_monitoring", r, "exited_households") for r in rows],
                     [cells.cell("county_year", r, "exited_households")
                      for r in county_rows.get(adcode, [])])
        if (adcode, last) in years:
            cells.relate([cells.cell("county_year", years[adcode, last],
                                     "cumulative_exited_people")],
                         [cells.cell("county_monitoring", r, "exited_people") for r in rows])
            # households exited = registered - still poor in the last year
            cells.relate([cells.cell("county_year", years[adcode, last], "registered_households")],
                         [cells.cell("county_year", years[adcode, last], "still_poor_households"),
                          *(cells.cell("county_monitoring", r, "exited_households")
                            for r in rows)])


def _area_relations(cells: Cells) -> None:
    """The five batches and the 2015 correction: a province is the sum of its counties, the
    nation of its provinces; and the registry's change from 2014 to 2015 is the correction's
    additions minus its removals, wherever that holds in the data."""
    f = cells.frames
    province_of = f["county_year"].drop_duplicates("adcode").set_index("adcode")["province_adcode"]
    for part, whole, by in (("county_measures", "province_measures", ["measure"]),
                            ("province_measures", "national_measures", ["measure"]),
                            ("province_corrections", "national_corrections",
                             ["action", "reason"])):
        keys = (["adcode"] if whole.startswith("province") else []) + by
        wholes = {k if isinstance(k, tuple) else (k,): row
                  for k, row in _rows(f[whole], *keys).items()}
        parts = f[part]
        if part.startswith("county"):  # its counties' rows, by province
            parts = parts.assign(adcode=parts["adcode"].map(province_of))
        for key, rows in parts.groupby(keys if len(keys) > 1 else keys[0]).groups.items():
            key = key if isinstance(key, tuple) else (key,)
            if key in wholes:
                for column in ("households", "people"):
                    cells.relate([cells.cell(whole, wholes[key], column)],
                                 [cells.cell(part, r, column) for r in rows])
    for yearly, corrections, key in (("province_year", "province_corrections", "adcode"),
                                     ("national_year", "national_corrections", None)):
        years = _rows(f[yearly], *([key] if key else []), "year")
        by_area = (f[corrections].groupby(key).groups if key
                   else {None: f[corrections].index} if len(f[corrections]) else {})
        for area, rows in by_area.items():
            before, after = ((area, 2014), (area, 2015)) if key else (2014, 2015)
            if before not in years or after not in years:
                continue
            for column, registered in (("households", "registered_households"),
                                       ("people", "registered_people")):
                removed = [r for r in rows if f[corrections]["action"].iat[r] == "removed"]
                added = [r for r in rows if f[corrections]["action"].iat[r] == "added"]
                now = cells.cell(yearly, years[after], registered)
                then = cells.cell(yearly, years[before], registered)
                whole = [now] + [cells.cell(corrections, r, column) for r in removed]
                parts = [then] + [cells.cell(corrections, r, column) for r in added]
                if np.isclose(sum(cells.values[c] for c in whole),
                              sum(cells.values[c] for c in parts)):
                    cells.relate(whole, parts)


def _batches_by_year_relations(cells: Cells) -> None:
    """The five batches by year: a batch's years add up to its total (where every year is
    recorded), the nation's year to its provinces', and relocation's people of a year are
    the yearly rollups' people relocated in it."""
    f = cells.frames
    for by_year, totals, area in (("province_measures_by_year", "province_measures", ["adcode"]),
                                  ("national_measures_by_year", "national_measures", [])):
        wholes = _rows(f[totals], *area, "measure")
        for key, rows in f[by_year].groupby([*area, "measure"] if area else "measure"
                                            ).groups.items():
            for column in ("households", "people") if key in wholes else ():
                whole = cells.cell(totals, wholes[key], column)
                parts = [cells.cell(by_year, r, column) for r in rows]
                if np.isclose(cells.values[whole], sum(cells.values[c] for c in parts)):
                    cells.relate([whole], parts)
    national = _rows(f["national_measures_by_year"], "measure", "year")
    provinces = f["province_measures_by_year"]
    for key, rows in provinces.groupby(["measure", "year"]).groups.items():
        for column in ("households", "people") if key in national else ():
            cells.relate([cells.cell("national_measures_by_year", national[key], column)],
                         [cells.cell("province_measures_by_year", r, column) for r in rows])
    for by_year, yearly, area in (("province_measures_by_year", "province_year", ["adcode"]),
                                  ("national_measures_by_year", "national_year", [])):
        years = _rows(f[yearly], *area, "year")
        moved = f[by_year][f[by_year]["measure"] == "relocation"]
        for row, key in zip(moved.index, moved[[*area, "year"]].itertuples(index=False,
                                                                           name=None)):
            key = key if area else key[0]
            if key in years:
                cells.relate([cells.cell(yearly, years[key], "relocated_people_in_year")],
                             [cells.cell(by_year, row, "people")])


def _early_warning_relations(cells: Cells) -> None:
    """Provinces and the nation as sums of their areas, exits against the registry
    rollups, and households at risk against the registry's monitored households."""
    f = cells.frames
    provinces = _rows(f["province_risk"], "adcode")
    for province, rows in f["county_risk"].groupby("province_adcode").groups.items():
        for column in RISK_COUNTS if province in provinces else ():
            cells.relate([cells.cell("province_risk", provinces[province], column)],
                         [cells.cell("county_risk", r, column) for r in rows])
    for column in RISK_COUNTS if len(f["national_risk"]) else ():
        cells.relate([cells.cell("national_risk", 0, column)],
                     [cells.cell("province_risk", r, column) for r in provinces.values()])
    def yearly_rows(table: str, yearly: str, key: str | None) -> list:
        """Each row of an early-warning table with its area's yearly rows, in year order."""
        if key is None:  # the nation: one row, if any
            return [(0, list(f[yearly].sort_values("year").index))] if len(f[table]) else []
        in_order = f[yearly].sort_values([key, "year"], kind="stable")
        years = {area: list(rows.index) for area, rows in in_order.groupby(key, sort=False)}
        return [(row, years[area]) for area, row in _rows(f[table], key).items()
                if area in years]

    for table, yearly, key in (("county_risk", "county_year", "adcode"),
                               ("province_risk", "province_year", "adcode"),
                               ("national_risk", "national_year", None)):
        # exited households = the yearly exits = registered - still poor in the last year
        for row, years in yearly_rows(table, yearly, key):
            exited = [cells.cell(table, row, "exited_households")]
            cells.relate(exited, [cells.cell(yearly, r, "exited_households") for r in years])
            cells.relate([cells.cell(yearly, years[-1], "registered_households")],
                         [cells.cell(yearly, years[-1], "still_poor_households"), *exited])
    # Equations that hold only in the data, wherever they hold, for a reader may assume them:
    # no household meeting two rules (households at risk = the rules' sum), and the registry
    # marking as monitored the households the rules find (the synthetic data at the default
    # thresholds, in every county).
    for table in ("county_risk", "province_risk", "national_risk"):
        frame = f[table]
        disjoint = frame["at_risk_households"] == frame[list(RISK_RULES)].sum(axis=1)
        for row in np.flatnonzero(disjoint):
            cells.relate([cells.cell(table, row, "at_risk_households")],
                         [cells.cell(table, row, rule) for rule in RISK_RULES])
    monitoring = f["county_monitoring"].groupby("adcode").groups
    monitored_sums = f["county_monitoring"].groupby("adcode")[
        ["monitored_households", "monitored_people"]].sum()
    for adcode, row in _rows(f["county_risk"], "adcode").items():
        causes = monitoring.get(adcode, [])
        for at_risk, monitored in (("at_risk_households", "monitored_households"),
                                   ("at_risk_people", "monitored_people")):
            total = monitored_sums.at[adcode, monitored] if adcode in monitoring else 0
            if f["county_risk"][at_risk].iat[row] == total:
                cells.relate([cells.cell("county_risk", row, at_risk)],
                             [cells.cell("county_monitoring", r, monitored) for r in causes])


def relations(frames: dict[str, pd.DataFrame]) -> Cells:
    """Every suppressible cell and every published equation that ties cells together."""
    cells = Cells(frames)
    for table in ("county_year", "province_year", "national_year"):
        _yearly_relations(cells, table)
    _sum_relations(cells, "province_year", "county_year", by="province_adcode")
    _sum_relations(cells, "national_year", "province_year", by=None)
    _total_relations(cells)
    _county_relations(cells)
    _area_relations(cells)
    _batches_by_year_relations(cells)
    _early_warning_relations(cells)
    for spec in TABLES:  # cells in no relation still need their primary check
        for column in spec.counts:
            for row in range(len(frames[spec.name])):
                cells.cell(spec.name, row, column)
    return cells


def _primary(cells: Cells, threshold: int) -> None:
    """Withhold every count from 1 to threshold - 1."""
    for n, value in enumerate(cells.values):
        cells.hidden[n] = 1 <= value < threshold


def _withholdable(cells: Cells, cell: int) -> bool:
    """A published count that is not zero: a zero describes no family, so it is never withheld."""
    return cells.known(cell) and cells.values[cell] > 0


def gives_back(cells: Cells, relation: Relation) -> bool:
    """Whether a published equation gives a withheld cell back.

    Subtraction does when it has one withheld cell. And since zeros are published, a reader
    knows that every withheld count is at least 1: withheld cells all on one side of the
    equation that add up to their number are all 1s.
    """
    whole = [c for c in relation.whole if cells.hidden[c]]
    parts = [c for c in relation.parts if cells.hidden[c]]
    if len(whole) + len(parts) == 1:
        return True
    return not (whole and parts) and all(cells.values[c] == 1 for c in whole + parts)


def _complementary(cells: Cells) -> None:
    """Withhold the smallest other non-zero cell of each relation that gives one back."""
    hidden = cells.hidden  # looked up once: this loop runs over every relation, often twice
    members = [relation.cells for relation in cells.relations]
    by_cell = defaultdict(list)
    for r, relation_cells in enumerate(members):
        for c in relation_cells:
            by_cell[c].append(r)
    queue = deque(range(len(members)))
    waiting = [True] * len(members)
    while queue:
        r = queue.popleft()
        waiting[r] = False
        if not any(hidden[c] for c in members[r]) or not gives_back(cells, cells.relations[r]):
            continue
        candidates = [c for c in members[r] if _withholdable(cells, c)]
        if not candidates:
            continue  # the other cells are missing or zero: the equation does not hold as published
        pick = min(candidates, key=lambda c: (cells.values[c], c))
        hidden[pick] = True
        for other in by_cell[pick]:
            if not waiting[other]:
                waiting[other] = True
                queue.append(other)


def _spread(cells: Cells) -> bool:
    """Withhold the non-zero cells of whole family rows, and of every later year once one is;
    True if anything changed."""
    changed = False
    for series in cells.series:
        withholding = False
        for row in series:
            withholding = withholding or any(cells.hidden[c] for c in row)
            for c in [c for c in row if withholding and _withholdable(cells, c)]:
                cells.hidden[c] = changed = True
    return changed


def withheld(frames: dict[str, pd.DataFrame], threshold: int) -> dict[str, dict[int, list[str]]]:
    """For each published table, the withheld columns of each row (rows with none left out)."""
    cells = relations(frames)
    _primary(cells, threshold)
    _complementary(cells)
    while _spread(cells):
        _complementary(cells)
    result: dict[str, dict[int, set[str]]] = {spec.name: defaultdict(set) for spec in TABLES}
    for n, (table, row, column) in enumerate(cells.where):
        if cells.hidden[n]:
            result[table][row].add(column)
    for spec in TABLES:
        derived = [(name, set(rule.counts), frames[spec.name][name].to_numpy(
            dtype=float, na_value=np.nan)) for name, rule in spec.derived.items()]
        for row, columns in result[spec.name].items():
            columns |= {name for name, counts, values in derived
                        if columns & counts and _discloses(values[row])}
    return {name: {row: sorted(columns) for row, columns in rows.items()}
            for name, rows in result.items()}


def _discloses(value) -> bool:
    """Whether a mean or rate could tell something of the counts it is computed from: one
    with no value stays "no data", and 0 divided by any count is 0."""
    return pd.notna(value) and value != 0


def _ordered(table: Published, catalog: str = "") -> str:
    """The table's rows numbered in key order, so frames and SQL agree on row numbers."""
    order = ", ".join(table.key) or "1"
    name = f"{catalog}.{table.name}" if catalog else table.name
    return f"SELECT row_number() OVER (ORDER BY {order}) - 1 AS _row, * FROM {name}"


def _origin(name: str) -> str:
    """Where publish reads a table: the early-warning rollups made again, else the full database."""
    return "temp" if name in EARLY_WARNING else "source"


def _early_warning(con, rules: dict) -> None:
    """The early-warning rollups at `rules`, as temporary tables read from the full database."""
    home = con.execute("SELECT current_database()").fetchone()[0]
    con.execute("USE source")  # the rollups name the full database's tables
    for rollup in queries.rollups():
        if rollup.name in EARLY_WARNING:  # in build order: each reads the one before
            params = {name: rules[name] for name in rollup.params}
            con.execute(f"CREATE TEMP TABLE {rollup.name} AS {rollup.sql}", params)
    con.execute(f'USE "{home}"')


def _write(con, table: Published, withheld_rows: dict[int, list[str]], threshold: int) -> None:
    """Copy the table with its withheld cells NULL and each row's suppressed struct."""
    marks = pd.DataFrame([(row, column) for row, columns in withheld_rows.items()
                          for column in columns], columns=["_row", "column"])
    marks = marks.astype({"_row": "int64", "column": "string"})
    con.register("marks", marks)
    published = {c: f"src.{c}" for c in table.counts} | {
        c: f"round(src.{c}, {rule.digits})" for c, rule in table.derived.items()}
    blanked = ", ".join(
        f"CASE WHEN list_contains(m.columns, '{c}') THEN NULL ELSE {value} END AS {c}"
        for c, value in published.items())
    con.execute(f"""
        CREATE TABLE {table.name} AS
        WITH src AS ({_ordered(table, _origin(table.name))}),
        m AS (SELECT _row, list("column" ORDER BY "column") AS columns FROM marks GROUP BY _row)
        SELECT src.* EXCLUDE (_row) REPLACE ({blanked}),
               CASE WHEN m.columns IS NOT NULL
                    THEN {{'below': {int(threshold)}, 'columns': m.columns}} END AS suppressed
        FROM src LEFT JOIN m USING (_row)
        ORDER BY src._row""")
    con.unregister("marks")


NUMERIC = re.compile(r"(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|FLOAT|DOUBLE|REAL|DECIMAL.*)")


def _refuse_unclassified(con) -> None:
    """Every numeric column of every table to publish must be classified in disclosure.py."""
    for name, columns in disclosure.TABLES.items():
        described = con.execute(f"DESCRIBE SELECT * FROM {_origin(name)}.{name}").fetchall()
        numeric = [column for column, kind, *_ in described if NUMERIC.fullmatch(kind)]
        if missing := disclosure.unclassified(columns, numeric):
            raise UnclassifiedColumn(
                f"{name}.{missing[0]} is not classified in disclosure/__init__.py (a count of "
                "people or households, derived from one, or a public fact): nothing was published")


def _public_answer(query: str, answer: pa.Table) -> pa.Table:
    """A stored answer as published: its numeric columns classified, its derived ones rounded."""
    if query not in disclosure.ANSWERS:
        raise UnclassifiedColumn(f"the stored answers of query {query} are not classified in "
                                 "disclosure/__init__.py: nothing was published")
    columns = disclosure.ANSWERS[query]
    numeric = [field.name for field in answer.schema
               if pa.types.is_integer(field.type) or pa.types.is_floating(field.type)
               or pa.types.is_decimal(field.type)]
    if missing := disclosure.unclassified(columns, numeric):
        raise UnclassifiedColumn(f"column {missing[0]} of query {query}'s stored answers is not "
                                 "classified in disclosure/__init__.py: nothing was published")
    for name, rule in disclosure.derived(columns).items():
        if name in answer.column_names:
            rounded = pc.round(answer[name], ndigits=rule.digits,
                               round_mode="half_towards_infinity")  # as DuckDB rounds
            answer = answer.set_column(answer.schema.get_field_index(name), name, rounded)
    return answer


def publish(full_db: Path, out: Path, threshold: int = DEFAULT_THRESHOLD,
            progress: Progress | None = None) -> str:
    """Write the public edition of `full_db` to `out`, atomically; returns its build id.

    Its early-warning counts are at the risk thresholds in force now (queries/thresholds.py).
    """
    if threshold < 1:
        raise ValueError(f"threshold must be at least 1, got {threshold}")
    progress = progress or Progress()
    full_db, out = Path(full_db), Path(out)
    with progress.step(f"public edition (counts under {threshold} suppressed)"):
        with new_database(out, create=lambda con: None) as con:
            path = str(full_db.resolve()).replace("'", "''")
            con.execute(f"ATTACH '{path}' AS source (READ_ONLY)")
            _early_warning(con, thresholds.monitoring())
            _refuse_unclassified(con)
            frames = {t.name: con.execute(_ordered(t, _origin(t.name))).df() for t in TABLES}
            info = dict(con.execute("SELECT key, value FROM source.build_info").fetchall())
            marks = withheld(frames, threshold)
            for name in COPIED:
                con.execute(f"CREATE TABLE {name} AS SELECT * FROM {_origin(name)}.{name}")
            for table in TABLES:
                _write(con, table, marks[table.name], threshold)
            con.execute("CREATE TABLE build_info (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)")
            facts = {k: v for k, v in info.items() if k not in ("build_id", "built_at")}
            build_id = write_build_info(con, **facts, edition="public",
                                        source_build_id=info.get("build_id", ""),
                                        suppression_threshold=threshold)
            con.execute("DETACH source")
            for name in EARLY_WARNING:  # the full counts: a query must never read them
                con.execute(f"DROP TABLE temp.{name}")
            # from the public tables alone: suppressed and rounded as they are
            store_answers(con, _public_answer)
        hidden = sum(len(c) for rows in marks.values() for c in rows.values())
        progress.say(f"{hidden} cells withheld; public edition ready: {out}")
    return build_id


def _build_info(db: Path) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        return dict(con.execute("SELECT key, value FROM build_info").fetchall())


def is_public_edition(db: Path) -> bool:
    """Whether `db` was written by publish (a full build is not)."""
    return _build_info(db).get("edition") == "public"


def _risk_thresholds(db: Path) -> dict:
    """The risk thresholds the edition's early-warning counts were computed with."""
    with duckdb.connect(str(db), read_only=True) as con:
        try:
            return con.execute("SELECT * FROM risk_thresholds").df().iloc[0].to_dict()
        except duckdb.CatalogException:  # published before the early-warning counts were
            return {}


def is_current(full_db: Path, public_db: Path, threshold: int = DEFAULT_THRESHOLD) -> bool:
    """Whether `public_db` is the public edition of `full_db`'s current build at `threshold`
    and at the risk thresholds in force."""
    if not Path(public_db).exists():
        return False
    full, public = _build_info(full_db), _build_info(public_db)
    return (public.get("source_build_id") == full.get("build_id")
            and public.get("suppression_threshold") == str(threshold)
            and _risk_thresholds(public_db) == thresholds.monitoring())


def ensure_published(full_db: Path, public_db: Path, threshold: int = DEFAULT_THRESHOLD) -> Path:
    """The public edition of `full_db` at `public_db`, published first when missing or stale."""
    if not is_current(full_db, public_db, threshold):
        publish(full_db, public_db, threshold, progress=Progress(quiet=True))
    return Path(public_db)
