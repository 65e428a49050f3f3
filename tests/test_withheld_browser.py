"""Withheld, no data and zero, told apart in Chromium on the public site: in a chart, when a
table is sorted, and in a download. The county, province and year are found in the
published edition, never hard-coded."""

import csv
import re
from pathlib import Path

import duckdb
import pytest
from browser import figure, wait_until

from dashboard.app import create_app
from layouts import ids
from layouts.indicators import by_key

WITHHELD, NO_DATA = "< 10 or withheld", "no data"


def query(public_db, sql: str, *params) -> list:
    con = duckdb.connect(str(public_db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def statuses(column: str, table: str = "county_year") -> str:
    """SQL for each row's kind of `column`: w(ithheld), n(o data), z(ero) or v(alue)."""
    return f"""case when list_contains({table}.suppressed.columns, '{column}') then 'w'
                    when {column} is null then 'n' when {column} = 0 then 'z' else 'v' end"""


@pytest.fixture
def public_site(dash_duo, public_db):
    dash_duo.start_server(create_app(public_db, public=True))
    return dash_duo


def hover_text(dash_duo, graph_id: str, curve: int, point: int) -> list[str]:
    """The hover labels Plotly shows for one point."""
    return dash_duo.driver.execute_script(f"""
        const gd = document.querySelector('#{graph_id} .js-plotly-plot');
        Plotly.Fx.unhover(gd);
        Plotly.Fx.hover(gd, [{{curveNumber: {curve}, pointNumber: {point}}}]);
        return Array.from(gd.querySelectorAll('.hoverlayer .hovertext'), l => l.textContent);""")


def test_a_chart_marks_withheld_and_missing_years_and_draws_zero_as_zero(public_site, public_db):
    """The county page's still-poor line and exits bars: a withheld year has no point and no
    bar, a mark on the axis of its own; a year with no data another mark; a zero is drawn."""
    kinds = statuses("still_poor_people")
    (county,) = query(public_db, f"""
        select adcode from county_year group by adcode
        having bool_or({kinds} = 'w') and bool_or({kinds} = 'n') and bool_or({kinds} = 'z')
        order by adcode limit 1""")[0]
    years = dict(query(public_db, f"select year, {kinds} from county_year where adcode = ?",
                       county))
    dash_duo = public_site
    dash_duo.wait_for_page(f"{dash_duo.server_url}/county/{county}")
    graph = ids.COUNTY_STILL_POOR
    dash_duo.wait_for_element(f"#{graph} .js-plotly-plot .scatterlayer", timeout=30)
    traces = figure(dash_duo, graph, """gd.data.map(t => ({
        name: t.name, meta: t.meta || null, x: t.x, y: t.y, symbol: (t.marker || {}).symbol}))""")
    line, marks = traces[0], {t["meta"]: t for t in traces[1:]}
    values = dict(zip(line["x"], line["y"]))
    assert all(values[y] is None for y, kind in years.items() if kind in "wn")
    assert all(values[y] == 0 for y, kind in years.items() if kind == "z")
    assert sorted(marks["withheld"]["x"]) == sorted(y for y, k in years.items() if k == "w")
    assert sorted(marks["no data"]["x"]) == sorted(y for y, k in years.items() if k == "n")
    assert marks["withheld"]["y"] == [0] * len(marks["withheld"]["x"])  # no length
    assert marks["withheld"]["symbol"] != marks["no data"]["symbol"]
    assert marks["withheld"]["name"] == WITHHELD and marks["no data"]["name"] == "No data"
    legend = [t.text for t in dash_duo.find_elements(f"#{graph} .legendtext")]
    assert WITHHELD in legend and "No data" in legend

    curve = {t["meta"]: n for n, t in enumerate(traces)}
    [withheld] = hover_text(dash_duo, graph, curve["withheld"], 0)
    [missing] = hover_text(dash_duo, graph, curve["no data"], 0)
    zero_year = next(y for y, k in years.items() if k == "z")
    [zero] = hover_text(dash_duo, graph, 0, line["x"].index(zero_year))
    assert withheld.endswith(f": {WITHHELD}") and missing.endswith(f": {NO_DATA}")
    assert zero.endswith(f"{zero_year}: 0")

    # The exits by year as bars: a withheld year's bar is not drawn at all.
    bars = ids.COUNTY_EXITS
    dash_duo.wait_for_element(f"#{bars} .js-plotly-plot .barlayer", timeout=30)
    exits = figure(dash_duo, bars, "gd.data[0].y")
    exit_years = figure(dash_duo, bars, "gd.data[0].x")
    exit_kinds = dict(query(public_db, f"""select year, {statuses('exited_people')}
                                           from county_year where adcode = ?""", county))
    heights = figure(dash_duo, bars, """Array.from(gd.querySelectorAll('.barlayer .trace')[0]
        .querySelectorAll('.point path'), p => p.getBBox().height)""")
    length = dict(zip(exit_years, heights))
    assert all(exits[exit_years.index(y)] is None and length[y] == 0
               for y, k in exit_kinds.items() if k == "w")
    assert all(length[y] > 0 for y, k in exit_kinds.items() if k == "v")
    assert [t["meta"] for t in figure(dash_duo, bars, "gd.data")[1:]] == ["withheld", "no data"]
    assert dash_duo.get_logs() == []


def table_cells(dash_duo, table_id: str) -> list[str]:
    return [cell.text for cell in dash_duo.find_elements(
        f"#{table_id} td[data-dash-column=value]")]


def kind_of(text: str) -> str:
    if text == WITHHELD:
        return "w"
    if text == NO_DATA:
        return "n"
    return "z" if float(text.replace(",", "")) == 0 else "v"


def province_year_with_every_kind(public_db, column: str) -> tuple[str, int]:
    """A province and year whose poverty counties show `column` withheld, missing and zero."""
    kinds = statuses(column, "cy")
    return query(public_db, f"""
        select c.province_adcode, cy.year
        from county_year cy join counties c using (adcode)
        where c.is_poverty_county
        group by all
        having bool_or({kinds} = 'w') and bool_or({kinds} = 'n') and bool_or({kinds} = 'z')
        order by count(*), c.province_adcode, cy.year limit 1""")[0]


def test_sorting_a_table_keeps_withheld_cells_together_at_one_end(public_site, public_db):
    """Either way, numbers in order, then every withheld cell, then every missing one."""
    indicator = "cadres_per_1000_poor"
    province, year = province_year_with_every_kind(public_db, indicator)
    dash_duo = public_site
    dash_duo.wait_for_page(
        f"{dash_duo.server_url}/province/{province}?indicator={indicator}&year={year}")
    table = ids.PROVINCE_TABLE
    dash_duo.wait_for_element(f"#{table} td[data-dash-column=value]", timeout=30)
    expected = sorted(kind for (kind,) in query(public_db, f"""
        select {statuses(indicator, "cy")} from county_year cy join counties c using (adcode)
        where c.province_adcode = ? and c.is_poverty_county and cy.year = ?""", province, year))
    assert sorted(map(kind_of, table_cells(dash_duo, table))) == expected
    sort = dash_duo.find_element(f"#{table} th[data-dash-column=value] .column-header--sort")
    for direction in ("ascending", "descending"):
        before = table_cells(dash_duo, table)
        sort.click()
        wait_until(lambda: table_cells(dash_duo, table) != before)
        cells = table_cells(dash_duo, table)
        kinds = "".join(map(kind_of, cells))
        numbers = [float(c.replace(",", "")) for c in cells if kind_of(c) in "zv"]
        assert numbers == sorted(numbers, reverse=direction == "descending"), direction
        # the numbers, then the withheld cells together, then the missing ones
        assert re.fullmatch("[zv]+w+n+", kinds), (direction, kinds)
        assert "0" in {c.split(".")[0] for c in cells}
    assert dash_duo.get_logs() == []


def test_a_download_leaves_withheld_and_missing_cells_empty_and_says_which(public_site,
                                                                         public_db):
    """The province table's CSV as the browser saves it; counts as whole numbers."""
    dash_duo = public_site
    for indicator in ("cadres_per_1000_poor", "still_poor_people"):
        province, year = (province_year_with_every_kind(public_db, indicator)
                          if indicator == "cadres_per_1000_poor" else ("520000", 2017))
        dash_duo.wait_for_page(
            f"{dash_duo.server_url}/province/{province}?indicator={indicator}&year={year}")
        dash_duo.wait_for_element(f"#{ids.PROVINCE_TABLE} td[data-dash-column=value]",
                                  timeout=30)
        dash_duo.find_element(f"#{ids.PROVINCE_CSV}").click()
        target = (Path(dash_duo.download_path)
                  / f"poverty_province_{province}_{indicator}_{year}.csv")
        wait_until(target.exists)
        wait_until(lambda: target.read_text(encoding="utf-8").count("\n") > 2)
        lines = target.read_text(encoding="utf-8").splitlines()
        rows = list(csv.DictReader(lines[1:]))
        header = by_key()[indicator].title("en")
        published = dict(query(public_db, f"""
            select adcode, {statuses(indicator)} from county_year
            where year = ? and adcode in (select adcode from counties
                                          where province_adcode = ? and is_poverty_county)""",
                               year, province))
        for row in rows:
            kind = published[row["adcode"]]
            status = {"w": "withheld", "n": "no data"}.get(kind, "")
            assert row[f"{header}: status"] == status, row
            if status:
                assert row[header] == ""
            else:
                assert (float(row[header]) == 0) == (kind == "z")
                if indicator == "still_poor_people":
                    assert row[header].isdigit()  # a count, never "157.0"
        if indicator == "cadres_per_1000_poor":
            assert {"withheld", "no data", ""} <= {r[f"{header}: status"] for r in rows}
        target.unlink()
    assert dash_duo.get_logs() == []
