"""Every label in English and Chinese; the language lives in the URL (?lang=zh)."""

LANGUAGES = ("en", "zh")
DEFAULT = "en"
# What a page's <html lang> and any `lang` attribute say: simplified Chinese as used in China.
HTML_LANG = {"en": "en", "zh": "zh-CN"}

TEXT: dict[str, tuple[str, str]] = {
    "product": ("Targeted Poverty Alleviation 2013–2020", "精准扶贫 2013–2020"),
    "skip": ("Skip to content", "跳到正文"),
    "nav_pages": ("Pages", "页面"),
    "overview": ("Overview", "总览"),
    "map": ("County map", "县域地图"),
    "integrity": ("Integrity checks", "数据核查"),
    "monitoring": ("Early warning", "返贫预警"),
    "about": ("Methodology", "方法说明"),
    "language": ("中文", "English"),
    "synthetic_title": ("Synthetic demo data.", "合成演示数据。"),
    "synthetic_body": (
        "The poverty counties, their exit years and the national totals are published facts; "
        "every household, village, team and yuan below them is generated to match them. No "
        "real person is in it.",
        "贫困县名单、摘帽年份和全国总量为公开数据；其下的农户、村、工作队和资金均为按其生成的模拟数据，"
        "不涉及任何真实个人。",
    ),
    "synthetic_scale": ("Counts and yuan are at {percent}% of the national scale.",
                        "人数和金额为全国规模的 {percent}%。"),
    "not_found": ("Page not found", "找不到页面"),
    "not_found_body": ("There is no page at", "此地址没有页面："),
    "go_home": ("Go to the national overview", "返回全国总览"),
    "not_published": ("Not in the public edition", "公开版不含此页面"),
    "not_published_body": ("This site publishes figures for counties and above; pages of "
                           "villages, households and the registry's own checks are not part of "
                           "it. There is no page here at",
                           "本网站只公布县级及以上的数据；村、农户页面及建档立卡数据核查页面不在公开范围内。"
                           "此地址没有页面："),
    "problem": ("This page could not be shown", "无法显示此页面"),
    "no_data": ("No data", "无数据"),
    "filter": ("filter…", "筛选…"),
    # What assets/poverty.js says on DataTable's controls, which name none themselves.
    "sort_by": ("Sort by {column}", "按“{column}”排序"),
    "filter_by": ("Filter {column}", "筛选“{column}”"),
    # dcc.Dropdown's own words (its `labels`).
    "dropdown_search": ("Search", "搜索"),
    "dropdown_clear_search": ("Clear search", "清除搜索"),
    "dropdown_clear_selection": ("Clear selection", "清除所选"),
    "dropdown_no_options_found": ("No matches", "无匹配项"),
    "dropdown_select_all": ("Select all", "全选"),
    "dropdown_deselect_all": ("Deselect all", "取消全选"),
    "dropdown_selected_count": ("{num_selected} selected", "已选 {num_selected} 项"),
    "first_page": ("First page", "第一页"),
    "previous_page": ("Previous page", "上一页"),
    "next_page": ("Next page", "下一页"),
    "last_page": ("Last page", "最后一页"),
    "not_permitted": ("Not permitted", "无权访问"),
    "not_permitted_body": ("This page is not open to you. Officials and analysts see their "
                           "own jurisdiction once signed in.",
                           "您无权查看此页面。干部和分析人员登录后可查看本辖区的数据。"),
    "not_permitted_here": ("This page is outside your role or jurisdiction.",
                           "此页面超出您的角色或辖区范围。"),
    "sign_in": ("Sign in", "登录"),
    "public_edition": ("Public edition: county level and above. Counts of fewer than {below} "
                       "people or households, and counts from which one could be worked out, "
                       "are withheld and shown as “< {below} or withheld”.",
                       "公开版：仅含县级及以上数据。少于{below}人或{below}户的数字，以及可据以推算出这些"
                       "数字的数字，均不公布，显示为“<{below}或不公布”。"),
    "sign_out": ("Sign out", "退出登录"),
    "copy_link": ("Copy link", "复制链接"),
    "link_copied": ("Link copied", "链接已复制"),
    "role_official": ("Official", "干部"),
    "role_analyst": ("Analyst", "分析人员"),
    "all_china": ("All China", "全国"),
    "built": ("Database built {at} UTC from {source} · build {build}",
              "数据库构建于 {at} UTC，来源：{source} · 版本 {build}"),
    # A build's source (build_info.source) as the footer and exported files name it.
    "source_synthetic": ("synthetic data", "合成数据"),
    "source_ingest": ("ingested data", "导入数据"),
    "banners": ("About these figures", "关于这些数据"),
    "loading": ("Loading…", "加载中…"),
    "publishing": ("These public figures are from the previous build until the newest is "
                   "published.", "公开数据仍为上一版本，新版本发布后即更新。"),
}


def dropdown_labels(lang: str) -> dict:
    """Every word dcc.Dropdown shows of its own, in the page's language."""
    return {key: t(f"dropdown_{key}", lang) for key in (
        "search", "clear_search", "clear_selection", "no_options_found", "select_all",
        "deselect_all", "selected_count")}


def html_lang(lang: str) -> str:
    return HTML_LANG[lang]


def other_language(lang: str) -> str:
    """The language a page is not in: what its language switch offers."""
    return "en" if lang == "zh" else "zh"


def source_name(source: str, lang: str) -> str:
    """A build's source in words; one this version does not know is shown as recorded."""
    return t(f"source_{source}", lang) if f"source_{source}" in TEXT else source


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
