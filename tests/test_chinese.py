"""Chinese to the last label: exports, chart axes in 万 and 亿 as on the cards, axis units
written level, and fonts that show Chinese without fetching any."""

import json
import re
from pathlib import Path

import pytest
from chinese import english_words
from roles import GUIZHOU, LIBO, callback, page, signed_in_client
from test_share import graphs

import indicators
import queries
from layouts import ids
from layouts.figures import figure
from layouts.theme import FONT

STYLE = Path(__file__).resolve().parents[1] / "dashboard" / "assets" / "style.css"
CHARTED = [("/", ""), ("/map", "?tab=chart"), (f"/province/{GUIZHOU}", ""),
           (f"/county/{LIBO}", ""), ("/monitoring", ""), ("/integrity", "?check=audit")]


@pytest.fixture(scope="module")
def nation(demo_db, public_db, tmp_path_factory):
    """A national official: every page, every chart."""
    return signed_in_client(demo_db, public_db, tmp_path_factory.mktemp("accounts"), "nation")


def downloaded(response, output: str) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)
    data = response.get_json()["response"][output]["data"]
    return "\n".join(data["content"].splitlines()[:2])


def exports(client):
    """The first two lines of every table's download in Chinese: the source line and the
    headers (the rows hold data, English county names among them)."""
    zh = "?lang=zh"
    yield "map csv", downloaded(callback(
        client, f"{ids.MAP_DOWNLOAD}.data", [(ids.MAP_CSV, "n_clicks", 1), (ids.MAP_EXCEL, "n_clicks", 0)],
        [(ids.MAP_URL, "search", f"{zh}&province={GUIZHOU}")]), ids.MAP_DOWNLOAD)
    yield "province csv", downloaded(callback(
        client, f"{ids.PROVINCE_DOWNLOAD}.data", [(ids.PROVINCE_CSV, "n_clicks", 1), (ids.PROVINCE_EXCEL, "n_clicks", 0)],
        [(ids.PROVINCE_URL, "pathname", f"/province/{GUIZHOU}"),
         (ids.PROVINCE_URL, "search", zh)]), ids.PROVINCE_DOWNLOAD)
    yield "integrity csv", downloaded(callback(
        client, f"{ids.INTEGRITY_DOWNLOAD}.data", [(ids.INTEGRITY_CSV, "n_clicks", 1)],
        [(ids.INTEGRITY_URL, "search", zh)]), ids.INTEGRITY_DOWNLOAD)
    yield "monitoring csv", downloaded(callback(
        client, f"{ids.MONITORING_DOWNLOAD}.data", [(ids.MONITORING_CSV, "n_clicks", 1)],
        [(ids.MONITORING_URL, "search", zh)]), ids.MONITORING_DOWNLOAD)
    yield "county villages csv", downloaded(callback(
        client, f"{ids.COUNTY_DOWNLOAD}.data", [(ids.COUNTY_VILLAGES_CSV, "n_clicks", 1)],
        [(ids.COUNTY_KEY, "data", {"adcode": LIBO, "lang": "zh"})]), ids.COUNTY_DOWNLOAD)


def test_chinese_exports_say_where_they_come_from_in_chinese(nation):
    for name, head in exports(nation):
        assert head.startswith("# 来源：合成演示数据") or head.startswith("来源：合成演示数据"), name
        assert english_words(head) == set(), (name, head)


def test_english_exports_are_unchanged_in_english(nation):
    response = callback(nation, f"{ids.MAP_DOWNLOAD}.data",
                        [(ids.MAP_CSV, "n_clicks", 1), (ids.MAP_EXCEL, "n_clicks", 0)],
                        [(ids.MAP_URL, "search", f"?province={GUIZHOU}")])
    assert downloaded(response, ids.MAP_DOWNLOAD).startswith(
        "# Source: SYNTHETIC demo data; poverty registry rollup county_year")


@pytest.mark.parametrize("path, search", CHARTED)
def test_chinese_chart_axes_count_in_wan_and_yi_and_write_units_level(nation, path, search):
    charts = graphs(json.loads(page(nation, path, search + ("&" if search else "?") + "lang=zh")))
    large = 0
    for chart in charts:
        layout = chart.get("figure", {}).get("layout", {})
        for key in ("yaxis", "yaxis2"):
            # A unit is an annotation above its axis: nothing is written sideways.
            assert not (layout.get(key, {}).get("title") or {}).get("text"), (path, key)
        for key in ("xaxis", "yaxis", "yaxis2"):
            ticks = layout.get(key, {}).get("ticktext") or []
            if any(re.search(r"[万亿]", tick) for tick in ticks):
                large += 1
                assert not any(re.search(r"\d[kMGB]\b", tick) for tick in ticks), ticks
    if path in ("/", f"/province/{GUIZHOU}"):  # national and provincial counts run to 万
        assert large > 0, path


def test_large_numbers_on_a_chinese_axis_read_as_on_the_cards():
    chart = figure([{"type": "bar", "x": [2014, 2015], "y": [29_480_000, 55_750_000]}], "人口",
                   "zh", yaxis={"title": {"text": "人"}})
    axis = chart["layout"]["yaxis"]
    assert axis["ticktext"][-1].endswith("万") and "亿" not in axis["ticktext"][0]
    assert max(axis["tickvals"]) >= 55_750_000  # the ticks reach the tallest bar
    assert chart["layout"]["annotations"][-1]["text"] == "人"
    stacked = figure([{"type": "bar", "x": [2014], "y": [60_000_000]},
                      {"type": "bar", "x": [2014], "y": [60_000_000]}], "", "zh",
                     barmode="stack")
    assert stacked["layout"]["yaxis"]["ticktext"][-1].endswith("亿")  # 1.2亿 stacked


def font_list(text: str) -> list[str]:
    return [name.strip().strip("'\"") for name in text.split(",")]


def test_the_fonts_name_common_chinese_system_fonts_and_nothing_is_fetched():
    css = STYLE.read_text()
    root = re.search(r":root\s*{[^}]*font-family:([^;]+);", css).group(1)
    fonts = font_list(root)
    for chinese in ("PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei"):
        assert chinese in fonts
    assert fonts == font_list(FONT)  # the charts' text is set in the same fonts
    assert "@font-face" not in css and "url(" not in css


def test_the_methodology_page_defines_every_indicator_and_query_in_the_pages_language(nation):
    english, chinese = page(nation, "/about"), page(nation, "/about", "?lang=zh")
    for indicator in indicators.on_map():
        assert indicator.definition[0] in english and indicator.definition[1] in chinese
    for query in (*queries.rollups(), *queries.indicators().values()):
        assert query.definition_zh in chinese, query.name
        assert query.definition not in chinese and query.definition_zh not in english, query.name
