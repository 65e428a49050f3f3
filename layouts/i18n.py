"""Every label in English and Chinese; the language lives in the URL (?lang=zh)."""

LANGUAGES = ("en", "zh")
DEFAULT = "en"

TEXT: dict[str, tuple[str, str]] = {
    "product": ("Targeted Poverty Alleviation 2013–2020", "精准扶贫 2013–2020"),
    "skip": ("Skip to content", "跳到正文"),
    "nav_pages": ("Pages", "页面"),
    "overview": ("Overview", "总览"),
    "map": ("County map", "县域地图"),
    "about": ("Methodology", "方法说明"),
    "language": ("中文", "English"),
    "synthetic_title": ("Synthetic demo data.", "合成演示数据。"),
    "synthetic_body": (
        "Every household, village, team and yuan shown here is generated, calibrated to "
        "published national totals; no real person is in it.",
        "此处所有农户、村、工作队和资金均为按公开全国数据校准后生成的模拟数据，不涉及任何真实个人。",
    ),
    "synthetic_scale": ("Counts and yuan are at {percent}% of the national scale.",
                        "人数和金额为全国规模的 {percent}%。"),
    "not_found": ("Page not found", "找不到页面"),
    "not_found_body": ("There is no page at", "此地址没有页面："),
    "go_home": ("Go to the national overview", "返回全国总览"),
    "problem": ("This page could not be shown", "无法显示此页面"),
    "no_data": ("No data", "无数据"),
    "built": ("Database built {at} UTC from {source} data · build {build}",
              "数据库构建于 {at} UTC，来源：{source} 数据 · 版本 {build}"),
}


def language(query: dict) -> str:
    """The page language from the query string; anything unknown falls back to English."""
    lang = query.get("lang", DEFAULT)
    return lang if lang in LANGUAGES else DEFAULT


def pick(pair: tuple[str, str], lang: str) -> str:
    """The label of an (English, Chinese) pair in the page language."""
    return pair[1] if lang == "zh" else pair[0]


def t(key: str, lang: str) -> str:
    """A shared label by key."""
    return pick(TEXT[key], lang)
