"""The county choropleth: a figure built once with the geometry, then patched with new values.

Colours are classes, not a continuous scale: counties outside the programme, counties
with no data, counties whose value the public edition withholds, and then a few classes
of the indicator (quantiles for skewed measures, equal steps otherwise). The colour bar
lists them all, so it doubles as the legend. The classes of a map that steps through the
years are made once from every year's values (a ColourScale), so a colour means the same
in 2014 as in 2019 and the legend stays put while the years play.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from dash import Patch
from plotly.colors import sample_colorscale

from layouts.format import Suppressed, status
from layouts.i18n import pick
from layouts.indicators import Indicator
from layouts.suppression import cells, flags, marker
from layouts.theme import SUPPRESSED_COLOUR, TEMPLATE

NOT_IN_PROGRAMME, NO_DATA = 0, 1
GREY, WHITE = "#c7ced6", "#ffffff"
CLASSES = 6
# YlGnBu is safe for the common colour-vision deficiencies; its near-white start is
# skipped so the lightest class never looks like "no data".
PALETTE_RANGE = (0.18, 1.0)

L = {
    "not_in_programme": ("Not in the programme", "未纳入扶贫范围"),
    "no_data": ("No data", "无数据"),
    "not_poverty_county": ("Not a poverty county", "非贫困县"),
    "zero": ("0", "0"),
    "suppressed": ("Suppressed: {text}", "隐去：{text}"),
    "extremes": ("{area}, {year}, {indicator}: highest in {high} ({high_value}), lowest in "
                 "{low} ({low_value}), of {n} counties with a value.",
                 "{area}，{year}年，{indicator}：在有数值的{n}个县中，{high}最高（{high_value}），"
                 "{low}最低（{low_value}）。"),
    "extremes_one_value": ("{area}, {year}, {indicator}: {value} in each of the {n} counties "
                           "with a value.",
                           "{area}，{year}年，{indicator}：有数值的{n}个县均为{value}。"),
    "no_extremes": ("{area}, {year}, {indicator}: no county has a value.",
                    "{area}，{year}年，{indicator}：没有县有数值。"),
}


def _nice(value: float) -> float:
    """Round a class edge to two significant figures so the legend reads cleanly."""
    if value == 0 or not np.isfinite(value):
        return value
    digits = 1 - int(np.floor(np.log10(abs(value))))
    return round(value, digits)


def class_edges(values: pd.Series, skewed: bool) -> np.ndarray:
    """Edges of up to CLASSES classes over the positive values present."""
    present = values.dropna()
    positive = present[present > 0] if skewed else present
    if positive.empty:
        return np.array([])
    if skewed:
        edges = np.quantile(positive, np.linspace(0, 1, CLASSES + 1))
    else:
        edges = np.linspace(positive.min(), positive.max(), CLASSES + 1)
    edges = np.unique([_nice(e) for e in edges])
    edges[0] = min(edges[0], positive.min())
    edges[-1] = max(edges[-1], positive.max())
    return edges


@dataclass(frozen=True)
class ColourScale:
    """The classes of one indicator over every frame it was made from (the years of a map)."""

    edges: tuple[float, ...]  # of the value classes
    years: tuple[int, ...]  # an indicator of kind year: each year is a class
    zero: bool  # zero is a class of its own (skewed indicators)
    withheld: Suppressed | None  # the public edition's mark, when any value is withheld


def colour_scale(frames: list[pd.DataFrame], indicator: Indicator) -> ColourScale:
    """The classes that hold every value of the indicator in any of the frames."""
    values = pd.concat([frame.loc[frame.in_programme, indicator.key] for frame in frames])
    known = values.dropna()
    withheld = next((marker(frame) for frame in frames if _withheld(frame, indicator).any()),
                    None)
    if indicator.kind == "year":
        return ColourScale((), tuple(sorted(int(year) for year in known.unique())), False,
                           withheld)
    zero = bool(indicator.skewed and (known == 0).any())
    if zero:
        known = known[known != 0]
    return ColourScale(tuple(class_edges(known, indicator.skewed).tolist()), (), zero, withheld)


def classify(frame: pd.DataFrame, indicator: Indicator, lang: str,
             scale: ColourScale | None = None) -> tuple[np.ndarray, list[str]]:
    """A class code per county (0 = not in the programme, 1 = no data, then withheld if any)
    and each code's label, in the classes of `scale` (by default the frame's own)."""
    scale = scale or colour_scale([frame], indicator)
    values = frame[indicator.key]
    codes = np.where(frame.in_programme, NO_DATA, NOT_IN_PROGRAMME)
    labels = [pick(L["not_in_programme"], lang), pick(L["no_data"], lang)]
    known = frame.in_programme & values.notna()
    if scale.withheld is not None:
        codes[_withheld(frame, indicator).to_numpy()] = len(labels)
        labels.append(pick(L["suppressed"], lang).format(text=scale.withheld.text(lang)))
    if indicator.kind == "year":
        labels[NO_DATA] = pick(L["not_poverty_county"], lang)
        for year in scale.years:
            codes[known & (values == year)] = len(labels)
            labels.append(str(year))
        return codes, labels
    if scale.zero:
        codes[known & (values == 0)] = len(labels)
        labels.append(pick(L["zero"], lang))
        known = known & (values != 0)
    edges = np.array(scale.edges)
    if len(edges) >= 2:
        bins = np.clip(np.searchsorted(edges, values[known], side="right") - 1, 0, len(edges) - 2)
        codes[known.to_numpy()] = len(labels) + bins
        labels += [f"{indicator.text(lo, lang, False)} – {indicator.text(hi, lang, False)}"
                   for lo, hi in zip(edges[:-1], edges[1:])]
    elif len(edges) == 1:  # every known value is the same
        codes[known.to_numpy()] = len(labels)
        labels.append(indicator.text(edges[0], lang, False))
    return codes, labels


def _withheld(frame: pd.DataFrame, indicator: Indicator) -> pd.Series:
    return flags(frame, indicator.key) & frame.in_programme


def _colourscale(fixed: list[str], n_codes: int) -> list:
    """Stepped colours: the fixed classes' own (grey, white, purple), then the palette."""
    n_value_classes = n_codes - len(fixed)
    palette = sample_colorscale("YlGnBu", np.linspace(*PALETTE_RANGE, max(n_value_classes, 1)))
    colours = fixed + palette[:n_value_classes]
    scale = []
    for code, colour in enumerate(colours):
        scale += [[code / n_codes, colour], [(code + 1) / n_codes, colour]]
    return scale


def value_properties(frame: pd.DataFrame, indicator: Indicator, lang: str,
                     scale: ColourScale | None = None) -> dict:
    """Everything about the county trace that changes with indicator, year or language."""
    scale = scale or colour_scale([frame], indicator)
    codes, labels = classify(frame, indicator, lang, scale)
    fixed = [GREY, WHITE] + ([SUPPRESSED_COLOUR] if scale.withheld is not None else [])
    texts = [
        indicator.text(v, lang) if inside else labels[NOT_IN_PROGRAMME]
        for v, inside in zip(cells(frame, indicator.key), frame.in_programme)
    ]
    return {
        # The map's name for screen readers, and the indicator's, for the county chosen with
        # the keys (assets/poverty.js).
        "meta": {"name": indicator.title(lang), "label": pick(indicator.label, lang)},
        "z": codes.tolist(),
        "zmin": -0.5,
        "zmax": len(labels) - 0.5,
        "text": texts,
        "colorscale": _colourscale(fixed, len(labels)),
        "colorbar": {"tickvals": list(range(len(labels))), "ticktext": labels,
                     "title": {"text": indicator.title(lang)}, "len": 0.9,
                     "thickness": 14, "x": 1.0, "xanchor": "right", "bgcolor": "rgba(255,255,255,0.85)"},
        "hovertemplate": (
            "<b>%{customdata[1]}</b> %{customdata[2]}<br>%{customdata[3]} %{customdata[4]}<br>"
            + pick(indicator.label, lang) + ": %{text}<extra></extra>"
        ),
    }


def map_figure(frame: pd.DataFrame, indicator: Indicator, lang: str, county_url: str,
               province_url: str, provinces: list[str], view: dict, revision: str,
               scale: ColourScale | None = None) -> go.Figure:
    """The whole map; geometry is referenced by URL so the browser fetches and caches it once."""
    counties = go.Choroplethmap(
        geojson=county_url,
        locations=frame.adcode,
        customdata=frame[["adcode", "name_zh", "name_en", "province_zh", "province_en"]].to_numpy(),
        marker={"line": {"width": 0.3, "color": WHITE}},
        name="counties",
        **value_properties(frame, indicator, lang, scale),
    )
    borders = go.Choroplethmap(
        geojson=province_url, locations=provinces, z=[0] * len(provinces),
        colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], showscale=False,
        marker={"line": {"width": 1.2, "color": "#3e4c59"}}, hoverinfo="skip", name="provinces",
    )
    fig = go.Figure([counties, borders])
    fig.update_layout(template=TEMPLATE, margin={"l": 0, "r": 0, "t": 0, "b": 0},
                      map={"style": "white-bg", **view}, uirevision=revision, clickmode="event")
    return fig


def map_values_patch(frame: pd.DataFrame, indicator: Indicator, lang: str,
                     scale: ColourScale | None = None) -> Patch:
    """Only what changes when the indicator or year does: no polygons, no names."""
    patch = Patch()
    for key, value in value_properties(frame, indicator, lang, scale).items():
        patch["data"][0][key] = value
    return patch


def map_view_patch(view: dict, revision: str, geojson: tuple[str, str]) -> Patch:
    """Move the map to a province (or the nation) and point it at that view's geometry files."""
    patch = Patch()
    for trace, url in enumerate(geojson):  # counties, then province borders
        patch["data"][trace]["geojson"] = url
    # A new uirevision lets this move override the user's pan and zoom; value patches
    # keep the old one, so recolouring never moves the map.
    patch["layout"]["uirevision"] = revision
    patch["layout"]["map"]["center"] = view["center"]
    patch["layout"]["map"]["zoom"] = view["zoom"]
    return patch


def extremes(frame: pd.DataFrame, indicator: Indicator, year: int, area: str, lang: str) -> str:
    """The map in one sentence, for those who cannot see it: the poverty counties with the
    highest and the lowest value in view (the lowest code on a tie); withheld and missing
    values are left out."""
    rows = frame[frame.in_programme]
    values = pd.Series([None if status(v) else v for v in cells(rows, indicator.key)],
                       index=rows.index, dtype="Float64").dropna()
    words = {"area": area, "year": year, "indicator": pick(indicator.label, lang),
             "n": f"{len(values):,}"}
    if values.empty:
        return pick(L["no_extremes"], lang).format(**words)
    ranked = rows.loc[values.index].assign(value=values).sort_values(["value", "adcode"])
    name = "name_zh" if lang == "zh" else "name_en"
    low, high = ranked.iloc[0], ranked.sort_values(["value", "adcode"],
                                                   ascending=[False, True]).iloc[0]
    if low["value"] == high["value"]:
        return pick(L["extremes_one_value"], lang).format(
            value=indicator.text(low["value"], lang), **words)
    return pick(L["extremes"], lang).format(
        high=high[name], high_value=indicator.text(high["value"], lang),
        low=low[name], low_value=indicator.text(low["value"], lang), **words)
