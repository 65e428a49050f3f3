"""Methodology: every indicator and query with its definition, read from the query files."""

import queries
from dashboard.app import database
from layouts.about import about_page

PATH = "/about"


def layout(query: dict, lang: str):
    files = [*queries.rollups(), *queries.indicators().values()]
    docs = [{"name": q.name, "definition": q.definition, "units": q.units, "columns": q.columns,
             "path": f"queries/{q.path.relative_to(queries.HERE).as_posix()}"} for q in files]
    return about_page(docs, database().is_synthetic, lang)


def register_callbacks(app) -> None:
    """The page is static text: no callbacks."""
