"""Counties compared on one trend chart, for the map's trend tab and the province page."""

from dashboard import search
from dashboard.current import database
from layouts.compare import MOST, compared_trend, picker_options


def chosen(text) -> list[str]:
    """The county codes a '?compare=' value names (see search.chosen_counties)."""
    if not text:
        return []
    return search.chosen_counties(text, search.index_for(database()), MOST)


def places(adcodes: list[str]) -> list[search.Place]:
    index = search.index_for(database())
    return [index.by_code[code] for code in adcodes if code in index.by_code]


def options(typed, value, province: str | None, lang: str) -> list[dict]:
    """The picker's options while one types: the counties chosen, then those the text finds,
    the page's province first."""
    index = search.index_for(database())
    picked = places(chosen(",".join(v for v in value if isinstance(v, str))
                           if isinstance(value, list) else None))
    near = search.near(province, None)
    found = index.find(typed, limit=20, near=near, counties_only=True)
    return picker_options(picked, found, lang)


def figure(area, area_name: str, adcodes: list[str], indicator: str, lang: str) -> dict:
    """The area's line and one per chosen county, from each county's yearly rollup rows."""
    db = database()
    counties = [(place.name_zh if lang == "zh" else place.name_en,
                 db.run("county_trend", adcode=place.adcode).frame) for place in places(adcodes)]
    return compared_trend(area, area_name, counties, indicator, lang)
