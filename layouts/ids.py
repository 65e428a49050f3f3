"""Component ids, defined once and imported by layouts, callbacks and tests."""

URL = "url"
PAGE = "main"
SYNTHETIC_BANNER = "synthetic-banner"
KPI_CARDS = "kpi-cards"
TREND_STILL_POOR = "trend-still-poor"
TREND_EXITS = "trend-exits"
TREND_COUNTIES = "trend-counties"
TREND_FUNDS = "trend-funds"
TREND_TEAMS = "trend-teams"


def kpi(name: str) -> str:
    """Id of the value of one KPI card, e.g. kpi('exited_people')."""
    return f"kpi-{name.replace('_', '-')}"
