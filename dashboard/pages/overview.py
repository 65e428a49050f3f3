"""National overview: headline totals and trends, from the rollups."""

from dashboard.current import database
from dashboard.pages import Page
from layouts.overview import overview_page

PATH = "/"
PAGE = Page(PATH, nav="overview", nav_order=1)


def layout(query: dict, lang: str):
    db = database()
    kpis = db.run("national_kpis").iloc[0].to_dict()
    return overview_page(kpis, db.run("national_trend"), db.run("national_five_batches"),
                         db.run("national_five_batches_by_year"),
                         db.run("national_correction_2015"), db.run("east_west_pairs"),
                         db.run("east_west_flows"), lang, db.synthetic_scale)
