"""The header's place search: the box, its suggestions, and the page of matches.

The box is a plain GET form to /search: Enter opens the best match without waiting for
any script, and the suggestions under it are links. dashboard/assets/poverty.js moves
between them with the arrow keys.
"""

from dash import dcc, html

from layouts import ids
from layouts.i18n import pick
from layouts.state import href

L = {
    "label": ("Find a county or province", "查找县或省"),
    "placeholder": ("Find: 荔波, Libo, lbx, 522722", "查找：荔波、Libo、lbx、522722"),
    "go": ("Find", "查找"),
    "found": ("{n} places match. Arrow down to choose one.", "找到{n}个地方，按向下键选择。"),
    "none": ("No county or province matches.", "没有匹配的县或省。"),
    "title": ("Find a county or province", "查找县或省"),
    "results_for": ("Places matching “{text}”", "与“{text}”匹配的地方"),
    "help": ("Type a Chinese or English name, pinyin with or without tones, the initials "
             "of the pinyin (lbx for 荔波县) or a six-digit code.",
             "可输入中文名或英文名、拼音（带或不带声调）、拼音首字母（如荔波县为 lbx）或六位代码。"),
    "several": ("Several places match: choose one.", "有多个地方匹配，请选择。"),
    "province": ("province", "省级"),
}


def label(key: str, lang: str) -> str:
    return pick(L[key], lang)


def search_box(lang: str, near: str | None) -> html.Form:
    """The header's search form; `near` is the province the reader is looking at, if any."""
    hidden = [dcc.Input(type="hidden", name="lang", value="zh")] if lang == "zh" else []
    return html.Form([
        html.Label(label("label", lang), htmlFor=ids.SEARCH_INPUT, className="visually-hidden"),
        dcc.Input(id=ids.SEARCH_INPUT, name="q", type="search", autoComplete="off",
                  spellCheck=False, maxLength=40, placeholder=label("placeholder", lang),
                  debounce=False, className="search-input"),
        dcc.Input(id=ids.SEARCH_NEAR, type="hidden", name="near", value=near or ""),
        *hidden,
        html.Button(label("go", lang), type="submit", className="search-go"),
        html.Ul(id=ids.SEARCH_SUGGESTIONS, className="search-suggestions"),
        html.Div(id=ids.SEARCH_STATUS, role="status", className="visually-hidden"),
    ], action="/search", method="get", role="search", className="search",
        **{"aria-label": label("label", lang)})


def place_text(place, lang: str) -> list:
    """'荔波县 Libo County · 贵州省': the name, in the other language too, and where it is."""
    first, second = ((place.name_zh, place.name_en) if lang == "zh"
                     else (place.name_en, place.name_zh))
    where = (label("province", lang) if place.kind == "province"
             else place.province_zh if lang == "zh" else place.province_en)
    return [html.Strong(first), " ", html.Span(second, lang="en" if lang == "zh" else "zh"),
            html.Span(f" · {where}", className="search-where")]


def suggestions(places: list, text: str, lang: str) -> tuple[list, str]:
    """The suggestion links under the box, and what a screen reader is told."""
    if not text:
        return [], ""
    items = [html.Li(dcc.Link(place_text(place, lang), href=href(place.path, lang)))
             for place in places]
    status = label("found", lang).format(n=len(places)) if places else label("none", lang)
    return items, status


def results_page(text: str, places: list, lang: str) -> list:
    """/search?q=…: every match, when Enter found no single best one."""
    heading = label("results_for", lang).format(text=text) if text else label("title", lang)
    if not text:
        body = []
    elif places:
        body = [html.P(label("several", lang)),
                html.Ul([html.Li(dcc.Link(place_text(place, lang), href=href(place.path, lang)))
                         for place in places], id=ids.SEARCH_RESULTS, className="search-results")]
    else:
        body = [html.P(label("none", lang), id=ids.SEARCH_RESULTS, className="status-card",
                       role="status")]
    return [html.H1(heading), *body, html.P(label("help", lang), className="note")]
