"""The national overview: KPI cards and trend charts."""

import pandas as pd
from dash import dcc, html

from layouts import ids
from layouts.figures import trend_figure
from layouts.format import is_missing, large

GRAPH_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}


def kpi_card(name: str, label: str, value: str, note: str = "") -> html.Div:
    return html.Div([
        html.Div(label, className="kpi-label"),
        html.Div(value, id=ids.kpi(name), className="kpi-value"),
        html.Div(note, className="kpi-note"),
    ], className="kpi-card")


def kpi_cards(kpis: dict) -> html.Div:
    """Headline totals; `kpis` is the one row of the national_kpis query."""
    get = kpis.get
    return html.Section([
        kpi_card("peak_poor_people", "Registered poor at the peak",
                 large(get("peak_poor_people"), "people"),
                 f"registry, {get('peak_year')}" if not is_missing(get("peak_poor_people")) else "registry"),
        kpi_card("exited_people", "People exited 2014–2020",
                 large(get("exited_people"), "people"), "registry"),
        kpi_card("counties_delisted", "Poverty counties delisted",
                 large(get("counties_delisted")),
                 f"of {large(get('poverty_counties'))} national poverty counties"),
        kpi_card("villages_delisted", "Poor villages delisted",
                 large(get("villages_delisted"))),
        kpi_card("funds_fiscal_yuan", "Fiscal funds 2013–2020",
                 large(get("funds_fiscal_yuan"), "yuan"),
                 f"of which central {large(get('funds_central_yuan'), 'yuan')}"),
        kpi_card("work_teams_sent", "Village work teams sent",
                 large(get("work_teams_sent")),
                 f"{large(get('cadres_sent'))} cadres, "
                 f"{large(get('first_secretaries_sent'))} first secretaries"),
    ], id=ids.KPI_CARDS, className="kpi-grid", **{"aria-label": "Headline totals"})


def trend_charts(trend: pd.DataFrame) -> html.Section:
    """The national trends by year; registry and survey figures are labelled as such."""
    charts = [
        (ids.TREND_STILL_POOR, trend_figure(
            trend, [("still_poor_people", "Registry: still poor at year end"),
                    ("survey_rural_poor_people", "Survey estimate: rural poor")],
            "Poor people by year", "people")),
        (ids.TREND_EXITS, trend_figure(
            trend, [("exited_people", "People exited")], "Exits by year (registry)",
            "people", kind="bar")),
        (ids.TREND_COUNTIES, trend_figure(
            trend, [("counties_exited", "Counties delisted")],
            "Poverty counties leaving the list", "counties", kind="bar")),
        (ids.TREND_FUNDS, trend_figure(
            trend, [("funds_fiscal_yuan", "All fiscal funds"),
                    ("funds_central_yuan", "Central funds")],
            "Poverty-alleviation funds by year", "yuan", kind="bar")),
        (ids.TREND_TEAMS, trend_figure(
            trend, [("work_teams", "Work teams serving"), ("first_secretaries", "First secretaries")],
            "Village work teams by year", "teams / people")),
    ]
    return html.Section(
        [html.Div(dcc.Graph(id=graph_id, figure=fig, config=GRAPH_CONFIG), className="chart")
         for graph_id, fig in charts],
        className="chart-grid", **{"aria-label": "Trends by year"},
    )


def overview_page(kpis: dict, trend: pd.DataFrame) -> list:
    return [
        html.H1("National overview"),
        html.P("The registry of poor households from its 2014 build to the last exits in "
               "2020, with the funds and village work teams behind it.", className="lede"),
        kpi_cards(kpis),
        trend_charts(trend),
    ]
