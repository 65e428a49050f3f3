"""National overview: headline totals and trends, from the rollups."""

from dashboard.current import database
from dashboard.pages import Page
from layouts.overview import overview_page

PATH = "/"
PAGE = Page(PATH, nav="overview", nav_order=1)


def layout(query: dict, lang: str):
    db = database()
    kpis = db.run("national_kpis").frame.iloc[0].to_dict()
    trend, batches, by_year, correction, pairs, flows, published = (
        db.run(name).frame for name in (
            "national_trend", "national_five_batches", "national_five_batches_by_year",
            "national_correction_2015", "east_west_pairs", "east_west_flows",
            "east_west_published"))
    return overview_page(kpis, trend, batches, by_year, correction, pairs, flows, published,
                         lang, db.synthetic_scale)
