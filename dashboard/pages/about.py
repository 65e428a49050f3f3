"""Methodology: every indicator and query with its definition, read from the query files;
how to cite the figures, their licence and the public edition's disclosure rules."""

from flask import request

import queries
from dashboard.current import database
from dashboard.pages import Page
from layouts.about import about_page
from layouts.format import Suppressed
from warehouse.publish import DEFAULT_THRESHOLD

PATH = "/about"
PAGE = Page(PATH, nav="about", nav_order=5)


def layout(query: dict, lang: str):
    files = [*queries.rollups(), *queries.indicators().values()]
    docs = [{"name": q.name, "definition": (q.definition, q.definition_zh), "units": q.units,
             "columns": q.columns,
             "path": f"queries/{q.path.relative_to(queries.HERE).as_posix()}"} for q in files]
    build = database().build
    below = int(build.get("suppression_threshold", DEFAULT_THRESHOLD))
    return about_page(docs, build, request.host_url, below, Suppressed(below).text(lang), lang)
