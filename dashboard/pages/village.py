"""Village page: profile and work teams for analysts; cadres and anonymised household files
for officials of the village's jurisdiction."""

import re

from dash import Input, Output, State, dcc, no_update

from dashboard import access
from dashboard.current import database
from dashboard.db import AccessDenied
from dashboard.pages import Page
from layouts import ids
from layouts.export import csv_text, origin, source_note
from layouts.i18n import language
from layouts.village_page import (
    VillageData,
    households_export,
    no_such_village,
    teams_export,
    village_page,
)

PATH = "/village/<village_id>"
PAGE = Page(PATH, signed_in=True)
VILLAGE_ID = re.compile(r"[0-9]{1,18}")  # fits a BIGINT


def valid_village_id(text) -> int | None:
    """The village id when it is a whole number; anything else never reaches a query."""
    return int(text) if isinstance(text, str) and VILLAGE_ID.fullmatch(text) else None


# Every data read of this page goes through here; the query door's guard places the village
# in a jurisdiction and refuses what the reader may not see (dashboard/access.py).
def _village_data(village_id: int) -> VillageData | None:
    """Profile and teams, and for its officials cadres and household files; None: no village."""
    db = database()
    profile = db.run("village_profile", village_id=village_id).frame
    if profile.empty:
        return None
    profile = profile.iloc[0].to_dict()
    # County and village together: only that county's part of the registry is read.
    one_village = {"adcode": profile["county_adcode"], "village_id": village_id}
    files = access.permits("official", county=profile["county_adcode"])
    return VillageData(
        profile=profile,
        teams=db.run("village_work_teams", village_id=village_id).frame,
        cadres=db.run("village_cadres", village_id=village_id).frame if files else None,
        households=db.run("village_households", **one_village).frame if files else None,
        incomes=db.run("village_household_incomes", **one_village).frame if files else None,
    )


def layout(query: dict, lang: str, village_id: str):
    number = valid_village_id(village_id)
    data = None if number is None else _village_data(number)
    if data is None:
        return no_such_village(village_id, lang)
    return village_page(data, lang)


def _export(key: dict | None, what: str):
    """The household files or the work teams as CSV, opening with where the rows come from."""
    key = key or {}
    number = valid_village_id(str(key.get("village_id", "")))
    data = None if number is None else _village_data(number)
    if data is None:
        return no_update
    lang = language(key)
    if what == "work_teams":
        table = teams_export(data.teams, lang)
        where = origin("work_teams")
    elif data.households is None:
        raise AccessDenied("household files are for officials of the village's jurisdiction")
    else:
        table = households_export(data.households, data.incomes, lang)
        where = origin("households")
    db = database()
    source = source_note(db.is_synthetic, db.build_id, where,
                         {"village": number, "county": data.profile["county_adcode"]}, lang)
    return dcc.send_string(csv_text(table, source), f"village_{number}_{what}.csv")


# One callback per button: a village without teams or households has no such button.
@PAGE.callback(Output(ids.VILLAGE_DOWNLOAD, "data"),
               Input(ids.VILLAGE_HOUSEHOLDS_CSV, "n_clicks"), State(ids.VILLAGE_KEY, "data"),
               prevent_initial_call=True)
def download_households(_clicks, key):
    return _export(key, "households")


@PAGE.callback(Output(ids.VILLAGE_DOWNLOAD, "data", allow_duplicate=True),
               Input(ids.VILLAGE_TEAMS_CSV, "n_clicks"), State(ids.VILLAGE_KEY, "data"),
               prevent_initial_call=True)
def download_teams(_clicks, key):
    return _export(key, "work_teams")
