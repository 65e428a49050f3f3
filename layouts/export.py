"""Downloadable tables: every file opens with a line saying where its rows come from."""

import io

import pandas as pd

from layouts.format import status, status_text
from layouts.i18n import pick

STATUS_COLUMN = ("{column}: status", "{column}：状态")
SOURCE_LINE = ("Source: {data}; {origin}, build {build}; {chosen}",
               "来源：{data}；{origin}，版本 {build}；{chosen}")
DATA = {True: ("SYNTHETIC demo data", "合成演示数据"), False: ("ingested data", "导入数据")}
# The filters a file's rows were chosen by, named in the file's language; any other (a
# threshold's parameter name) is written as the code it is.
FILTERS = {"indicator": ("indicator", "指标"), "year": ("year", "年份"),
           "province": ("province", "省份"), "county": ("county", "县"),
           "village": ("village", "村"), "check": ("check", "核查项"), "area": ("area", "地区"),
           "measure": ("measure", "指标")}


# Where a file's rows come from, in words; query and table names are codes in both.
ORIGINS = {
    "county_year": ("poverty registry rollup county_year", "建档立卡汇总表 county_year"),
    "county_villages": ("villages table (query county_villages)",
                        "村表（查询 county_villages）"),
    "integrity": ("integrity checks (query integrity_counties, rollup {rollup})",
                  "数据核查（查询 integrity_counties，汇总表 {rollup}）"),
    "risk_counties": ("households at risk by county (query {query})",
                      "按县统计的返贫风险户（查询 {query}）"),
    "risk_villages": ("households at risk by village (query monitoring_villages)",
                      "按村统计的返贫风险户（查询 monitoring_villages）"),
    "visits": ("households to visit (query monitoring_visit_list)",
               "待走访农户（查询 monitoring_visit_list）"),
    "work_teams": ("work teams and cadres (query village_work_teams)",
                   "驻村工作队和干部（查询 village_work_teams）"),
    "households": ("household registry, anonymised codes (queries village_households, "
                   "village_household_incomes)",
                   "农户档案，匿名编码（查询 village_households、village_household_incomes）"),
}


def origin(key: str, **values) -> tuple[str, str]:
    """An ORIGINS entry in both languages, its blanks filled."""
    return tuple(text.format(**values) for text in ORIGINS[key])


def source_note(synthetic: bool, build_id: str, origin: str | tuple[str, str], filters: dict,
                lang: str = "en") -> str:
    """The line that opens an exported file: where its rows come from (`origin`, in words in
    both languages, or a code such as a query's name) and how they were chosen."""
    chosen = ("，" if lang == "zh" else ", ").join(
        f"{pick(FILTERS[key], lang) if key in FILTERS else key} {value}"
        for key, value in filters.items())
    return pick(SOURCE_LINE, lang).format(
        data=pick(DATA[bool(synthetic)], lang),
        origin=origin if isinstance(origin, str) else pick(origin, lang),
        build=build_id[:8], chosen=chosen)


def with_status(table: pd.DataFrame, column: str, values: list, lang: str,
                integer: bool = False) -> pd.DataFrame:
    """`table` with `column` holding the numbers of `values` (withheld and missing cells
    empty, counts as integers) and, after it, a status column saying which an empty cell is:
    withheld or no data."""
    numbers = pd.Series([None if status(v) else v for v in values], index=table.index,
                        dtype="Float64")
    table = table.assign(**{column: numbers.round().astype("Int64") if integer else numbers})
    table.insert(table.columns.get_loc(column) + 1, pick(STATUS_COLUMN, lang).format(
        column=column), [status_text(v, lang) for v in values])
    return table


def csv_text(table: pd.DataFrame, source: str) -> str:
    """The table as CSV under a '# Source: ...' line."""
    return f"# {source}\n" + table.to_csv(index=False)


def excel_bytes(table: pd.DataFrame, source: str) -> bytes:
    """One sheet: the source line in A1, the table from row 2."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer) as writer:
        table.to_excel(writer, index=False, startrow=1, sheet_name="data")
        writer.sheets["data"].cell(row=1, column=1, value=source)
    return buffer.getvalue()
