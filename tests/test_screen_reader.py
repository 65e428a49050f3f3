"""What a screen reader is told: the map in one sentence naming its highest and lowest
county, and each chart's summary of what it shows."""

import pandas as pd
from roles import GUIZHOU

from layouts.figures import trend_figure
from layouts.indicators import by_key
from layouts.map import extremes


def test_the_map_sentence_names_the_highest_and_lowest_county_in_view(database):
    frame = database.run("county_values", year=2018).frame
    guizhou = frame[frame.province_adcode == GUIZHOU]
    counted = guizhou[guizhou.in_programme & guizhou.poverty_incidence.notna()]
    highest = counted.sort_values(["poverty_incidence", "adcode"],
                                  ascending=[False, True]).iloc[0]
    lowest = counted.sort_values(["poverty_incidence", "adcode"]).iloc[0]
    incidence = by_key()["poverty_incidence"]
    sentence = extremes(guizhou, incidence, 2018, "Guizhou", "en")
    assert sentence.startswith("Guizhou, 2018, Poverty incidence: highest in "
                               f"{highest.name_en} ({incidence.text(highest.poverty_incidence, 'en')})")
    assert f"lowest in {lowest.name_en}" in sentence
    assert f"of {len(counted):,} counties with a value" in sentence
    chinese = extremes(guizhou, incidence, 2018, "贵州省", "zh")
    assert f"{highest.name_zh}最高" in chinese and f"{lowest.name_zh}最低" in chinese
    assert extremes(guizhou.iloc[:0], incidence, 2018, "Guizhou", "en").endswith(
        "no county has a value.")


def test_a_chart_says_what_it_shows_from_first_to_last_year():
    frame = pd.DataFrame({"year": [2014, 2015, 2016], "poor": [300_000, None, 120_000]})
    chart = trend_figure(frame, [("poor", "Still poor")], "Still poor", "people", lang="en")
    summary = chart["layout"]["meta"]["summary"]
    assert summary.startswith("Still poor, 2014: 300,000")
    assert "Still poor, 2016: 120,000" in summary
    assert "2015" in summary  # the missing year is said to be missing
