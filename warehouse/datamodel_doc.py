"""Renders docs/data-model.md from the schema and the rollup headers.

Regenerate after changing either: `python -m warehouse.datamodel_doc > docs/data-model.md`
(a test fails while the file and the code disagree).
"""

import queries
from queries.results import ANSWERS
from warehouse.answers import per_county_queries
from warehouse.schema import TABLES

INTRO = """# Data model

Generated from `warehouse/schema.py` (base tables) and the headers of
`queries/rollups/*.sql` (rollups) by `python -m warehouse.datamodel_doc`; a test
keeps this file and the code in step. One DuckDB file holds everything below.

Base tables are what `poverty-dashboard build` generates and what
`poverty-dashboard ingest DIR` reads: a file per table named after it
(`households.csv`, `households.xlsx` or `households.parquet`; the county × year panel is
`county_year.csv`) or with any name and a header that names the table's columns, any
subset. A header may use a column's name or one of its Chinese headers below. Text files
may be UTF-8 (with or without a BOM) or GBK/GB18030, separated by commas, tabs or
semicolons; an Excel workbook is read from its first sheet, below any title rows. Years
are calendar years 2013–2020 (2021–2025, the transition period, for monitoring events),
written 2019 or 2019年; yes/no columns take true/false or 是/否; adcodes are 6-digit
administrative codes. Columns marked "derived" are made by the build and not read.
Rollups are rebuilt from the base tables on every build; the app reads only
them and the small base tables.
"""


def _table_section(table) -> list[str]:
    lines = [f"### `{table.name}`", "", table.meaning, "",
             f"Key: `{', '.join(table.key)}`." + ("" if table.ingestable else
                                                  " Not ingested: the build makes it."), ""]
    if table.notes:
        lines += [table.notes, ""]
    lines += ["| column | Chinese headers | type | unit | null | meaning |",
              "| --- | --- | --- | --- | --- | --- |"]
    for c in (*table.columns, *table.informational):
        rule = []
        if c.min is not None or c.max is not None:
            rule.append(f"range {c.min:g}..{c.max:g}" if c.max is not None else f"≥ {c.min:g}")
        if c.choices:
            rule.append("one of " + ", ".join(f"`{x}`" for x in c.choices))
        if c.references:
            rule.append(f"→ `{c.references}`")
        if c.choice_aliases:
            rule.append("also " + ", ".join(f"{a} = `{x}`" for a, x in c.choice_aliases))
        if c in table.informational:
            rule.append("checked, not stored")
        if not c.ingested:
            rule.append("derived")
        meaning = c.meaning + (f" ({'; '.join(rule)})" if rule else "")
        headers = " / ".join(c.aliases) if table.ingestable else ""
        lines.append(f"| `{c.name}` | {headers} | {c.type} | {c.unit} | "
                     f"{'yes' if c.nullable else 'no'} | {meaning} |")
    return lines + [""]


def _rollup_section(query) -> list[str]:
    if query.kind == "macro":
        title = f"### `{query.name}({', '.join(query.params)})`, a table macro"
    else:
        title = f"### `{query.name}`"
    lines = [title, "", query.definition, "",
             f"Source: `queries/rollups/{query.path.name}`.", "",
             "| column | unit and meaning |", "| --- | --- |"]
    lines += [f"| `{name}` | {meaning} |" for name, meaning in query.columns.items()]
    return lines + [""]


def render() -> str:
    lines = [INTRO, "## Base tables", ""]
    for table in TABLES:
        lines += _table_section(table)
    lines += ["## Rollups", "", "Materialised in this order by the build.", ""]
    for query in queries.rollups():
        lines += _rollup_section(query)
    lines += _answers_section()
    return "\n".join(lines).rstrip() + "\n"


def _answers_section() -> list[str]:
    names = ", ".join(f"`{q.name}`" for q in per_county_queries())
    return ["## Stored answers", "", f"`{ANSWERS}` (adcode, query, frame): written last by the "
            "build. For every programme county, the answer of each indicator query asked per "
            f"county ({names}), as Arrow IPC bytes. The county page reads a county's answers "
            "in one statement instead of running a dozen queries; warehouse/answers.py says why.",
            ""]


if __name__ == "__main__":
    print(render(), end="")
