"""Pages over a database with gaps: an ingest without households still draws every page."""

import json

import pytest

from dashboard.app import create_app
from layouts import ids
from warehouse.ingest import ingest

PAGES = ["/", "/map", "/province/520000", "/county/522722", "/county/110101", "/about"]


@pytest.fixture(scope="module")
def sparse_app(tmp_path_factory, cache_dir):
    """Counties and funds only: no households, villages, teams or evaluations."""
    source = tmp_path_factory.mktemp("sparse")
    (source / "counties.csv").write_text(
        "adcode,is_poverty_county,exit_year,rural_population\n"
        "522722,true,2019,180000\n513431,true,2020,250000\n", encoding="utf-8")
    (source / "funds.csv").write_text(
        "county_adcode,year,source,purpose,amount_yuan\n"
        "522722,2018,central,industry,1000000\n", encoding="utf-8")
    db = source / "sparse.duckdb"
    ingest(source, db, cache_dir)
    return create_app(db)


def render(app, path: str, search: str = "") -> tuple[int, str]:
    """What the router answers for `path`, as the browser would ask for it."""
    body = {"output": f"{ids.ROOT}.children",
            "outputs": {"id": ids.ROOT, "property": "children"},
            "inputs": [{"id": ids.URL, "property": "pathname", "value": path}],
            "state": [{"id": ids.URL, "property": "search", "value": search}],
            "changedPropIds": [f"{ids.URL}.pathname"]}
    response = app.server.test_client().post("/_dash-update-component", json=body)
    return response.status_code, response.get_data(as_text=True)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_draws_without_households(sparse_app, path):
    status, page = render(sparse_app, path)
    assert status == 200
    assert "could not be shown" not in page
    assert "Synthetic demo data" not in page  # real (ingested) data is not labelled synthetic


def test_missing_registry_reads_no_data(sparse_app):
    _, overview = render(sparse_app, "/")
    assert "no data" in overview.lower()
    _, county = render(sparse_app, "/county/522722")
    assert "No data" in county
    assert "Libo County" in county


def test_a_year_with_no_exits_draws(sparse_app):
    status, page = render(sparse_app, "/map", "?indicator=exited_people&year=2014")
    assert status == 200
    figure = json.dumps(json.loads(page))
    assert "No data" in figure


def test_without_east_west_amounts_the_pages_say_they_are_not_in_the_data(sparse_app):
    """The pairs are published and always there; an ingest without east_west_amounts has
    no amounts, and the overview, a province and a county say so instead of drawing them."""
    for path in ("/", "/province/520000", "/county/522722"):
        _, answer = render(sparse_app, path)
        page = json.dumps(json.loads(answer), ensure_ascii=False)
        assert "The amounts of East–West pairing are not in the data." in page, path
        assert ids.OVERVIEW_EAST_WEST not in page or path == "/"
        assert ids.PROVINCE_EAST_WEST_FUNDS not in page
        assert "synthetic" not in page.lower()
    _, zh = render(sparse_app, "/", "?lang=zh")
    assert "本数据不含东西部扶贫协作金额。" in json.dumps(json.loads(zh), ensure_ascii=False)
