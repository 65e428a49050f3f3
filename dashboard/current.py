"""What a request reads: its database, its address's parameters, the provinces it may filter
by. The pages and the app read these, so a page never imports the app that loads it."""

from urllib.parse import parse_qs

import pandas as pd
from flask import current_app

from dashboard import access
from dashboard.db import Database


def database() -> Database:
    """The database for the current request: the public edition for a visitor not signed in."""
    config = current_app.config
    if access.current_user().role != "public":
        return config["DATABASE"]
    edition = config["PUBLIC_EDITION"]
    return edition.database() if edition else config["PUBLIC_DATABASE"]


def query_params(search: str | None) -> dict:
    """The address's query string as a dict, the last value of a repeated key winning."""
    return {k: v[-1] for k, v in parse_qs((search or "").lstrip("?")).items()}


def programme_provinces() -> pd.DataFrame:
    """The provinces with at least one county in the programme: what a province filter offers."""
    provinces = database().run("provinces").frame
    return provinces[provinces.counties_in_programme > 0]
