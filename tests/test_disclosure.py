"""Attacks on a published edition: what a reader could work out from its numbers. None may
give back a withheld cell. Each attack also runs against the same numbers published without
the protection it tests (full-precision means, or primary suppression alone), and must
recover cells there: an attack that could not succeed would prove nothing.

Run with -s to see each attack's figures: the withheld cells it attacked and recovered."""

import copy
import csv
import io
from collections import defaultdict

import duckdb
import numpy as np
import pandas as pd
import pytest
from roles import callback
from test_public import frames, withheld_columns

import disclosure
from dashboard.app import create_app
from layouts import ids
from layouts.indicators import by_key
from layouts.suppression import flags
from queries.results import Answer
from warehouse.publish import (
    REGISTRY,
    RISK_COUNTS,
    TABLES,
    _primary,
    gives_back,
    relations,
)

THRESHOLD = 10
UPPER = {"province_year", "national_year", "province_totals", "national_totals",
         "province_risk", "national_risk", "province_measures", "national_measures",
         "province_measures_by_year", "national_measures_by_year"}


@pytest.fixture(scope="module")
def public(public_db):
    return frames(public_db)


@pytest.fixture(scope="module")
def full(demo_db):
    return frames(demo_db)


def report(attack: str, attacked: int, recovered: int) -> None:
    print(f"\n{attack}: {attacked} withheld cells attacked, {recovered} recovered")


@pytest.fixture(scope="module")
def true_cells(full):
    """The publish relations over the true values, built once (read, never changed)."""
    return relations(full)


def published_cells(cells, withheld: set) -> object:
    """The publish relations with the `withheld` cells (table, row, column) withheld: a copy
    of `cells` with its own withheld marks, sharing the cells and equations."""
    published = copy.copy(cells)
    published.hidden = [key in withheld for key in cells.where]
    return published


def withheld_in(frames: dict) -> set:
    """Every withheld cell of the tables, as (table, row, column)."""
    return {(name, row, column) for name, frame in frames.items() if "suppressed" in frame
            for row in range(len(frame)) for column in withheld_columns(frame, row)}


@pytest.fixture(scope="module")
def edition(public, true_cells):
    """The publish relations with the edition's withheld cells (read, never changed)."""
    return published_cells(true_cells, withheld_in(public))


# ---------------------------------------------------------------- one equation at a time

def equation_gives_back(whole: list[tuple], parts: list[tuple]) -> list:
    """The withheld cells one equation gives back to a reader who knows that zeros are
    published (so a withheld count is at least 1). Each cell is (key, value, withheld); the
    reader sees the values of the cells not withheld."""
    hidden_whole = [key for key, _, hidden in whole if hidden]
    hidden_parts = [key for key, _, hidden in parts if hidden]
    if len(hidden_whole) + len(hidden_parts) == 1:  # subtraction
        return hidden_whole + hidden_parts
    if hidden_whole and hidden_parts:
        return []
    known = sum(v for _, v, hidden in parts if not hidden) - sum(
        v for _, v, hidden in whole if not hidden)
    remainder = abs(known)  # what the withheld cells, all on one side, add up to
    hidden = hidden_whole + hidden_parts
    return hidden if remainder == len(hidden) else []  # all of them 1


def province_minus_counties(areas: dict, columns, parent: str, child: str,
                            by: str | None) -> tuple[int, set]:
    """Each area's total against its visible parts: (withheld cells attacked, recovered)."""
    parents, children = areas[parent], areas[child]
    keys = [by, "year"] if by else "year"
    parent_rows = {key: row for row, key in enumerate(
        parents[["adcode", "year"] if by else ["year"]].itertuples(index=False, name=None))}
    attacked, recovered = 0, set()
    for column in columns:
        hidden_children, hidden_parents = flags(children, column), flags(parents, column)
        for key, rows in children.groupby(keys).groups.items():
            key = key if isinstance(key, tuple) else (key,)
            if key not in parent_rows:
                continue
            top = parent_rows[key]

            def cell(table, frame, row, hidden):
                value = frame[column].iat[row]
                return (table, row, column), 0 if pd.isna(value) else value, bool(hidden.iat[row])

            whole = [cell(parent, parents, top, hidden_parents)]
            parts = [cell(child, children, children.index.get_loc(r), hidden_children)
                     for r in rows]
            withheld_here = sum(hidden for *_, hidden in whole + parts)
            if withheld_here:
                attacked += withheld_here
                recovered |= set(equation_gives_back(whole, parts))
    return attacked, recovered


def test_a_province_total_minus_its_visible_counties_gives_back_no_withheld_cell(public):
    """For every registry count and year: a province's total minus its counties shown, the
    nation's minus its provinces shown; and the early-warning counts alike."""
    risk = {name: public[name].assign(year=0) for name in ("county_risk", "province_risk")}
    attacked, recovered = 0, set()
    for areas, parent, child, by, columns in (
            (public, "province_year", "county_year", "province_adcode", REGISTRY),
            (public, "national_year", "province_year", None, REGISTRY),
            (risk, "province_risk", "county_risk", "province_adcode", RISK_COUNTS)):
        found = province_minus_counties(areas, columns, parent, child, by)
        attacked, recovered = attacked + found[0], recovered | found[1]
    report("province total minus visible counties", attacked, len(recovered))
    assert attacked > 1000 and not recovered, sorted(recovered)[:5]


def batches_by_year(areas: dict) -> tuple[int, set]:
    """The five batches by year against their totals: a batch's total minus its years shown
    (a province's, the nation's), a year's national count minus its provinces shown, and
    relocation's people of a year against the yearly rollups' people relocated in it."""
    def cell(table, row, column):
        frame = areas[table]
        value = frame[column].iat[row]
        return ((table, row, column), 0 if pd.isna(value) else value,
                bool(flags(frame, column).iat[row]))

    equations = []
    for by_year, totals, area in (("province_measures_by_year", "province_measures", ["adcode"]),
                                  ("national_measures_by_year", "national_measures", [])):
        total_rows = {key: row for row, key in enumerate(
            areas[totals][[*area, "measure"]].itertuples(index=False, name=None))}
        years = areas[by_year].groupby([*area, "measure"] if area else "measure").indices
        for key, rows in years.items():
            key = key if isinstance(key, tuple) else (key,)
            for column in ("households", "people"):
                equations.append(([cell(totals, total_rows[key], column)],
                                  [cell(by_year, r, column) for r in rows]))
    national = {key: row for row, key in enumerate(areas["national_measures_by_year"][
        ["measure", "year"]].itertuples(index=False, name=None))}
    for key, rows in areas["province_measures_by_year"].groupby(["measure", "year"]).indices.items():
        for column in ("households", "people"):
            equations.append(([cell("national_measures_by_year", national[key], column)],
                              [cell("province_measures_by_year", r, column) for r in rows]))
    for by_year, yearly, area in (("province_measures_by_year", "province_year", ["adcode"]),
                                  ("national_measures_by_year", "national_year", [])):
        year_rows = {key: row for row, key in enumerate(
            areas[yearly][[*area, "year"]].itertuples(index=False, name=None))}
        frame = areas[by_year]
        for row in np.flatnonzero(frame["measure"] == "relocation"):
            key = tuple(frame[[*area, "year"]].iloc[row])
            equations.append(([cell(yearly, year_rows[key], "relocated_people_in_year")],
                              [cell(by_year, row, "people")]))
    attacked, recovered = 0, set()
    for whole, parts in equations:
        if withheld_here := sum(hidden for *_, hidden in whole + parts):
            attacked += withheld_here
            recovered |= set(equation_gives_back(whole, parts))
    return attacked, recovered


def test_the_five_batches_by_year_and_their_totals_give_back_no_withheld_cell(public):
    attacked, recovered = batches_by_year(public)
    report("five batches: totals, years and provinces", attacked, len(recovered))
    assert attacked > 100 and not recovered, sorted(recovered)[:5]


@pytest.fixture(scope="module")
def primary_withheld(true_cells) -> set:
    """The cells primary suppression alone withholds (the counts from 1 to 9)."""
    cells = published_cells(true_cells, set())
    _primary(cells, THRESHOLD)
    return {key for key, hidden in zip(cells.where, cells.hidden) if hidden}


@pytest.fixture(scope="module")
def primary_only(full, primary_withheld) -> dict:
    """The tables as published with primary suppression alone (read, never changed)."""
    hidden = defaultdict(set)
    for table, row, column in primary_withheld:
        hidden[table, row].add(column)
    return {name: frame.assign(suppressed=[
        {"below": THRESHOLD, "columns": sorted(hidden[name, row])} if hidden[name, row] else None
        for row in range(len(frame))]) for name, frame in full.items()}


def test_the_subtraction_gives_back_cells_protected_by_primary_suppression_alone(primary_only):
    """Without complementary suppression the attack above succeeds: it is a real one."""
    _, recovered = province_minus_counties(primary_only, REGISTRY, "province_year", "county_year",
                                           "province_adcode")
    assert recovered


def test_the_five_batches_by_year_give_back_cells_protected_by_primary_suppression_alone(
        primary_only):
    """Without complementary suppression a batch's years or its provinces give cells back."""
    assert batches_by_year(primary_only)[1]


def yearly_steps(frame: pd.DataFrame) -> tuple[int, set]:
    """Exits between any two years: a cumulative count minus an earlier one against the
    years' exits, in people, and in households as registered minus still poor."""
    families = (("cumulative_exited_people", None, "exited_people"),
                ("registered_households", "still_poor_households", "exited_households"))
    hidden = {c: flags(frame, c).to_numpy() for family in families for c in family if c}
    values = {c: frame[c].astype(float).fillna(0).to_numpy() for c in hidden}
    attacked, recovered = set(), set()
    for _, rows in frame.sort_values("year").groupby("adcode"):
        index = [frame.index.get_loc(r) for r in rows.index]
        for so_far, minus, exits in families:
            def cell(row, column):
                return (row, column), values[column][row], bool(hidden[column][row])

            for i, start in enumerate(index):
                for j in range(i + 1, len(index)):
                    end = index[j]
                    whole = [cell(end, so_far)] + ([cell(start, minus)] if minus else [])
                    parts = ([cell(start, so_far)] + ([cell(end, minus)] if minus else [])
                             + [cell(row, exits) for row in index[i + 1:j + 1]])
                    withheld_here = {key for key, _, h in whole + parts if h}
                    if withheld_here:
                        attacked |= withheld_here
                        recovered |= set(equation_gives_back(whole, parts))
    return len(attacked), recovered


def test_yearly_steps_give_back_no_withheld_cell(public):
    """Every span of years in every county: cumulative exits at the end minus those at the
    start against the exits of the years between, in people and in households."""
    attacked, recovered = yearly_steps(public["county_year"])
    report("yearly steps", attacked, len(recovered))
    assert attacked > 1000 and not recovered, sorted(recovered)[:5]


def test_yearly_steps_give_back_cells_protected_by_primary_suppression_alone(primary_only):
    _, recovered = yearly_steps(primary_only["county_year"])
    assert recovered


def test_no_published_equation_gives_back_a_withheld_cell(edition):
    """Every equation publish knows of (row identities, yearly steps and their sums, areas
    and their parts, totals, causes, bands, exits by cause, the early-warning counts)."""
    cells = edition
    attacked, recovered = set(), set()
    for relation in cells.relations:
        hidden = [c for c in relation.cells if cells.hidden[c]]
        attacked |= set(hidden)
        if hidden and gives_back(cells, relation):
            recovered |= set(hidden)
    report("every published equation", len(attacked), len(recovered))
    assert len(attacked) > 1000 and not recovered, [cells.where[c] for c in recovered][:5]


# ---------------------------------------------------------------- means and rates

def smallest_denominator(value: float, largest: int = 5000) -> int | None:
    """The count a mean or rate was divided by, if it was published at full precision: the
    smallest n for which value x n is a whole number (a total of whole yuan or people)."""
    for n in range(1, largest + 1):
        if abs(value * n - round(value * n)) < 1e-6:
            return n
    return None


def fraction_attack(frame: pd.DataFrame, truth: pd.DataFrame, columns: dict) -> tuple[int, set]:
    """Each withheld count against every non-zero mean or rate of its row computed from it:
    the fraction's denominator, from the smallest to the count itself."""
    attacked, recovered = set(), set()
    for name, rule in disclosure.derived(columns).items():
        for count in rule.counts:
            hidden = flags(frame, count)
            for row in frame.index[hidden]:
                attacked.add((row, count))
                value = frame.at[row, name]
                if pd.isna(value) or value == 0:
                    continue
                for numerator in (value, value * 1000):  # a mean, or a rate per 1,000
                    if smallest_denominator(numerator) == truth.at[row, count]:
                        recovered.add((row, count))
    return len(attacked), recovered


def test_no_mean_or_rate_gives_back_the_count_it_is_divided_by(public, full):
    attacked, recovered = 0, set()
    for spec in TABLES:
        a, r = fraction_attack(public[spec.name], full[spec.name], disclosure.TABLES[spec.name])
        attacked, recovered = attacked + a, recovered | {(spec.name, *k) for k in r}
    report("fraction denominators", attacked, len(recovered))
    assert attacked > 1000 and not recovered, sorted(recovered)[:5]


def test_a_mean_at_full_precision_beside_its_withheld_count_gives_it_back(public, full):
    """The attack above, on the means as they are computed, withheld as the counts are."""
    exposed = public["county_year"].assign(mean_income_yuan=full["county_year"].mean_income_yuan)
    _, recovered = fraction_attack(exposed, full["county_year"],
                                   {"mean_income_yuan": disclosure.TABLES["county_year"][
                                       "mean_income_yuan"]})
    assert len(recovered) > 100


def test_every_published_mean_rate_and_share_is_rounded(public_db, public):
    checked = 0
    for spec in TABLES:
        for name, rule in spec.derived.items():
            values = public[spec.name][name].dropna()
            assert np.allclose(values, values.round(rule.digits), rtol=0, atol=1e-9), \
                (spec.name, name)
            checked += len(values)
    con = duckdb.connect(str(public_db), read_only=True)
    for query, blob in con.execute("SELECT query, frame FROM answers").fetchall():
        derived = disclosure.derived(disclosure.ANSWERS[query])
        answer = Answer.of_ipc(blob).lists if derived else {}  # as columns: 5 times quicker
        for name, rule in derived.items():
            values = np.array([v for v in answer.get(name, ()) if v is not None], dtype=float)
            assert np.allclose(values, values.round(rule.digits), rtol=0, atol=1e-9), \
                (query, name)
            checked += len(values)
    con.close()
    assert checked > 10_000


def test_a_weighted_mean_gives_back_no_withheld_mean_or_count(public, full):
    """A province's mean income x its people = the sum of its counties' means x their people:
    with one county withheld, the rest would give its mean (or count) back. Rounding to 10
    yuan leaves an interval; a cell counts as recovered when the interval is as narrow as
    the publication's own precision and holds the truth."""
    attacked, recovered = 0, 0
    for parent, child, by in (("province_year", "county_year", "province_adcode"),
                              ("national_year", "province_year", None)):
        parents, children = public[parent], public[child]
        for key, rows in children.groupby([by, "year"] if by else "year").groups.items():
            match = (parents.adcode == key[0]) & (parents.year == key[1]) if by else \
                (parents.year == key)
            top = parents[match]
            if top.empty or top.mean_income_yuan.isna().all():
                continue
            group = children.loc[rows]
            hidden = group[group.mean_income_yuan.isna() & flags(group, "mean_income_yuan")]
            attacked += len(hidden)
            if len(hidden) != 1:
                continue
            row = hidden.index[0]
            people = top.registered_people.iat[0] - group.registered_people.drop(row).sum()
            if pd.isna(people) or people <= 0:
                continue
            visible = group.drop(row)
            total = top.mean_income_yuan.iat[0] * top.registered_people.iat[0]
            estimate = (total - (visible.mean_income_yuan * visible.registered_people).sum()) / people
            slack = 5 * (top.registered_people.iat[0] + visible.registered_people.sum()) / people
            truth = full[child].at[row, "mean_income_yuan"]
            if slack <= 5 and abs(estimate - truth) <= slack:
                recovered += 1
    report("weighted means", attacked, recovered)
    assert attacked > 1000 and recovered == 0


# ---------------------------------------------------------------- all equations at once

def determined(cells, unknowns: set) -> tuple[list, int]:
    """The withheld cells among `unknowns` that the linear equations between published
    cells pin down, all solved together, and how many unknowns the equations hold.

    A cell is pinned when its unit vector lies in the row space of the equations (every
    change the equations allow leaves it as it is). First an unknown found in one equation
    only is peeled off with it: that equation can always be met by moving it, so it
    constrains nothing else, and the unknown is pinned exactly when the equation's other
    unknowns are. What is left is solved by singular values, one connected part at a time.
    """
    equations = []
    for relation in cells.relations:
        coefficients = defaultdict(int)
        for sign, side in ((1, relation.whole), (-1, relation.parts)):
            for c in side:
                if cells.hidden[c]:
                    coefficients[c] += sign
        coefficients = {c: v for c, v in coefficients.items() if v}
        if coefficients and coefficients.keys() <= unknowns:
            equations.append(coefficients)
    holding = defaultdict(set)
    for k, equation in enumerate(equations):
        for c in equation:
            holding[c].add(k)
    left, peeled = set(range(len(equations))), []
    lonely = [c for c, ks in holding.items() if len(ks) == 1]
    while lonely:
        c = lonely.pop()
        if len(holding[c]) != 1:
            continue
        (k,) = holding[c]
        left.discard(k)
        peeled.append((c, [other for other in equations[k] if other != c]))
        for other in equations[k]:
            holding[other].discard(k)
            if len(holding[other]) == 1:
                lonely.append(other)
    pinned = {}
    for part in connected([equations[k] for k in left]):
        order = {c: i for i, c in enumerate(sorted({c for eq in part for c in eq}))}
        matrix = np.zeros((len(part), len(order)))
        for row, equation in enumerate(part):
            for c, v in equation.items():
                matrix[row, order[c]] = v
        _, values, rows = np.linalg.svd(matrix, full_matrices=False)
        basis = rows[values > 1e-9 * values.max()]
        projection = (basis ** 2).sum(axis=0)
        pinned |= {c: projection[i] > 1 - 1e-9 for c, i in order.items()}
    for c, others in reversed(peeled):
        pinned[c] = all(pinned.get(other, False) for other in others)
    return [c for c, is_pinned in pinned.items() if is_pinned], len(holding)


def connected(equations: list[dict]) -> list[list[dict]]:
    """The equations grouped by the unknowns they share."""
    parent = {}

    def root(c):
        parent.setdefault(c, c)
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for equation in equations:
        first, *rest = equation
        for c in rest:
            parent[root(c)] = root(first)
    groups = defaultdict(list)
    for equation in equations:
        groups[root(next(iter(equation)))].append(equation)
    return list(groups.values())


@pytest.mark.parametrize("provinces", [("460000", "640000"), ("220000",)])
def test_solving_every_published_equation_at_once_gives_back_no_withheld_count(
        edition, full, provinces):
    """The strongest linear attack: all equations between published cells (row identities,
    yearly steps and their sums, province and national sums, totals, causes, bands, the
    early-warning counts) over these provinces' counties and every province and national
    cell, solved together."""
    cells = edition
    counties = set(full["county_year"].loc[full["county_year"].province_adcode.isin(provinces),
                                           "adcode"])

    def in_attack(cell):
        table, row, _ = cells.where[cell]
        key = "county_adcode" if table == "evaluations" else "adcode"
        return table in UPPER or full[table][key].iat[row] in counties

    unknowns = {c for c in range(len(cells.where)) if cells.hidden[c] and in_attack(c)}
    pinned, attacked = determined(cells, unknowns)
    report(f"all equations at once, provinces {', '.join(provinces)}", attacked, len(pinned))
    assert attacked > 500 and not pinned, [cells.where[c] for c in pinned][:5]


def test_the_same_solve_pins_cells_protected_by_primary_suppression_alone(full, true_cells,
                                                                          primary_withheld):
    """One county's registry, withheld with primary suppression alone."""
    cells = published_cells(true_cells, primary_withheld)
    county = full["county_year"].adcode.iat[0]
    unknowns = {c for c in range(len(cells.where)) if cells.hidden[c]
                and cells.where[c][0] == "county_year"
                and full["county_year"].adcode.iat[cells.where[c][1]] == county}
    assert determined(cells, unknowns)[0]


# ---------------------------------------------------------------- what the site sends

@pytest.fixture(scope="module")
def site(public_db):
    return create_app(public_db, public=True)


def download(site, output: str, inputs: list, state: list) -> list[dict]:
    response = callback(site.server.test_client(), output, inputs, state)
    content = response.get_json()["response"][output.split(".")[0]]["data"]["content"]
    return list(csv.DictReader(io.StringIO(content.split("\n", 1)[1])))


def test_downloads_give_back_no_withheld_cell(site, public):
    """Every county's still poor, exits and income against the line in the map's CSV, year
    by year: a withheld cell is empty and says so, every number is the edition's own."""
    county_year = public["county_year"]
    published = {(row.adcode, row.year): row for row in county_year.itertuples()}
    attacked, recovered = 0, 0
    for indicator in ("still_poor_people", "exited_people", "income_to_line"):
        header = by_key()[indicator].title("en")
        for year in range(2014, 2021):
            rows = download(site, f"{ids.MAP_DOWNLOAD}.data",
                            [(ids.MAP_CSV, "n_clicks", 1), (ids.MAP_EXCEL, "n_clicks", 0)],
                            [(ids.MAP_URL, "search", f"?indicator={indicator}&year={year}")])
            for row in rows:
                cell = published[row["adcode"], year]
                mark = cell.suppressed if isinstance(cell.suppressed, dict) else {"columns": []}
                if indicator in mark["columns"]:
                    attacked += 1
                    recovered += row[header] != ""
                    assert row[f"{header}: status"] == "withheld"
                elif pd.isna(getattr(cell, indicator)):
                    assert row[header] == "" and row[f"{header}: status"] == "no data"
                else:
                    assert float(row[header]) == pytest.approx(getattr(cell, indicator))
    report("downloads", attacked, recovered)
    assert attacked > 1000 and recovered == 0
