"""County profile: who is poor, who helps, how help is given and when poverty ended, in one county."""


from dash import Input, Output, State, dcc, no_update

import queries
from dashboard import access
from dashboard.access import is_adcode
from dashboard.current import database
from dashboard.pages import Page
from dashboard.pages.monitoring import county_counts
from layouts import ids
from layouts.county_page import (
    CountyData,
    county_page,
    no_such_county,
    not_in_programme,
    village_export,
)
from layouts.export import csv_text, origin, source_note
from layouts.i18n import language

PATH = "/county/<adcode>"
PAGE = Page(PATH, exists=lambda adcode: county_exists(adcode))
# Each section of the page and the query that fills it: rollups and small tables only,
# never a scan of the households table.
SECTION_QUERIES = {
    "trend": "county_trend",
    "villages": "county_villages",
    "teams_by_level": "county_work_teams_by_level",
    "causes": "county_poverty_causes",
    "batches": "county_five_batches",
    "funds_by_source": "county_funds_by_source",
    "funds_by_purpose": "county_funds_by_purpose",
    "evaluations": "county_evaluations",
    "income_bands": "county_income_distribution",
    "monitoring": "county_post_exit_monitoring",
    "early_warning": "county_early_warning",
    "east_west": "county_east_west",
}


def valid_adcode(text) -> str | None:
    """The adcode when it is six ASCII digits; anything else never reaches a query."""
    return text if is_adcode(text) else None


def county_exists(adcode: str) -> bool:
    code = valid_adcode(adcode)
    return code is not None and bool(
        database().run_for_county(["county_profile"], code)["county_profile"])


def read_county(adcode: str, lang: str) -> tuple[list | None, dict | None, CountyData | None]:
    """(None, profile, sections) of a programme county, or (the page to show instead, None,
    None) for anything else: a code that is no county, or a county outside the programme."""
    code = valid_adcode(adcode)
    if code is None:
        return no_such_county(adcode, lang), None, None
    db = database()
    # A programme county's answers are stored by the build and read in one statement.
    profile = db.run_for_county(["county_profile"], code)["county_profile"]
    if not profile:
        return no_such_county(code, lang), None, None
    profile = {column: rows[0] for column, rows in profile.lists.items()}
    if not profile["in_programme"]:
        return not_in_programme(profile, lang), None, None
    # Sections the reader may not see (villages, before sign-in) are None, never queried.
    readable = {key: name for key, name in SECTION_QUERIES.items()
                if access.permits(queries.indicators()[name].access, county=code)}
    answers = db.run_for_county(list(readable.values()), code)
    sections = {key: answers[readable[key]].lists if key in readable else None
                for key in SECTION_QUERIES}
    sections["early_warning"] = county_counts(code, sections["early_warning"])
    return None, profile, CountyData(**sections, synthetic=db.is_synthetic)


def layout(query: dict, lang: str, adcode: str):
    instead, profile, data = read_county(adcode, lang)
    return instead or county_page(profile, data, lang)


# A public site has no village lists to download.
@PAGE.callback(Output(ids.COUNTY_DOWNLOAD, "data"), Input(ids.COUNTY_VILLAGES_CSV, "n_clicks"),
               State(ids.COUNTY_KEY, "data"), prevent_initial_call=True,
               on_public_site=False)
def download_villages(_clicks, key):
    """The villages table as CSV, opening with where its rows come from."""
    key = key or {}
    code = valid_adcode(key.get("adcode"))
    if code is None:
        return no_update
    lang = language(key)
    db = database()
    table = village_export(db.run("county_villages", adcode=code).frame, lang)
    source = source_note(db.is_synthetic, db.build_id, origin("county_villages"),
                         {"county": code}, lang)
    return dcc.send_string(csv_text(table, source), f"county_{code}_villages.csv")
