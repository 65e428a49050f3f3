"""Every yearly indicator of the county, province and national rollups, declared once.

An indicator is a column of county_year, province_year and national_year, of one of
four kinds:

- SUM: a base sum that the county rollup's SQL computes (queries/rollups/
  01_county_year.sql); a province adds up its counties, the nation its provinces.
- RATE: `numerator / denominator × per`, written here once and computed at every level
  from that level's own sums, never averaged.
- MEAN: a weighted mean that the county SQL computes; a province's and the nation's are
  weighted by `denominator`.
- FACT: a value of the year that is the same everywhere (the poverty line), or of the
  county alone (`levels`).

From these declarations come the province and national sums and every level's rates
(queries/ expands them into the rollups), the lists of indicators the map and the
province page offer (`on_map`), the public edition's classification of each column
(disclosure/), and the data model's documentation. Adding an indicator is one entry
here, plus one line of county SQL when it needs a base sum that is not there yet
(docs/adding-an-indicator.md).

Plain data: nothing here imports the rest of the project.
"""

import re
from dataclasses import dataclass

SUM, RATE, MEAN, FACT = "sum", "rate", "mean", "fact"
LEVELS = ("county", "province", "nation")
# The campaign's years, a row of every yearly rollup each (the national series from 2013).
YEARS = range(2013, 2021)
# The years the registry counted (it was built in 2014): a household's yearly incomes, and
# the years the map and the province page offer.
REGISTRY_YEARS = range(2014, 2021)
# How a value is written and rounded in the public edition, in decimals: yuan to the
# nearest 10, shares to 0.1 percentage point, ratios to a hundredth, per-1,000 rates to a
# tenth.
DIGITS = {"yuan": -1, "share": 3, "ratio": 2, "per_1000": 1}
_CHINESE = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Indicator:
    key: str  # the column, in every level's rollup
    label: tuple[str, str]  # English, Chinese
    unit: tuple[str, str]
    kind: str  # SUM, RATE, MEAN or FACT
    definition: tuple[str, str]  # English, Chinese: what the value counts or divides
    shown_as: str = "count"  # count | share | ratio | yuan | year: how people read a value
    numerator: str = ""  # RATE: the sum over ...
    denominator: str = ""  # ... this sum (MEAN: the weight)
    per: float = 1  # RATE: times this (cadres per 1,000 people)
    people: bool = False  # SUM: a count of people or households (withheld when small)
    base: tuple[str, ...] = ()  # MEAN: the counts it is a mean over, for the public edition
    levels: tuple[str, ...] = LEVELS  # the yearly rollups that hold it
    on_map: bool = False  # offered on the map and the province page
    skewed: bool = False  # coloured in quantile classes instead of equal steps
    per_year: bool = True  # False: one value per county whatever the year

    def __post_init__(self):
        # Every page is read in both languages: an indicator defined in one is refused here,
        # where it is declared, not found later as English on a Chinese page.
        for what, (en, zh) in (("label", self.label), ("definition", self.definition)):
            if not en.strip() or not _CHINESE.search(zh):
                raise ValueError(f"indicator {self.key!r}: its {what} needs English and "
                                 f"Chinese, got {(en, zh)!r}")

    @property
    def digits(self) -> int:
        """Decimals it is published to when it derives from counts of people."""
        return DIGITS.get("per_1000" if self.per == 1000 else self.shown_as, DIGITS["ratio"])


# The exit standard's items, and all of them together: (key, label, what it means), each
# in English and Chinese.
STANDARD = (
    ("income", ("Income above the line", "收入超过贫困线"),
     ("per capita net income was above that year's poverty line", "人均纯收入超过当年贫困线")),
    ("food_clothing", ("Food and clothing secure", "不愁吃穿"),
     ("food and clothing were secure", "不愁吃、不愁穿")),
    ("education", ("Compulsory education secured", "义务教育有保障"),
     ("every child of compulsory-school age was in school", "义务教育阶段适龄儿童均在校就读")),
    ("medical", ("Basic medical care secured", "基本医疗有保障"),
     ("every member had basic medical insurance", "家庭成员均参加基本医疗保险")),
    ("housing", ("Safe housing secured", "住房安全有保障"),
     ("the housing was safe", "住房安全")),
    ("water", ("Safe drinking water", "饮水安全有保障"),
     ("drinking water was safe", "饮水安全")),
    ("all", ("Meeting the whole exit standard", "达到脱贫标准（两不愁三保障）"),
     ("income was above the line and every other item was secured",
      "收入超过贫困线且其余各项均有保障")),
)


def _count(key, label, definition, **kw) -> Indicator:
    return Indicator(key, label, ("people", "人") if "_people" in key else
                     ("households", "户"), SUM, definition, people=True, **kw)


def _share(key, label, numerator, denominator, definition, **kw) -> Indicator:
    return Indicator(key, label, ("", ""), RATE, definition, "share", numerator, denominator,
                     **kw)


INDICATORS: tuple[Indicator, ...] = (
    # The registry: a household counts in year Y when identified by Y and not removed as
    # wrongly listed by Y; it is still poor at the end of Y when it has not exited by Y.
    _count("registered_households", ("Households in the registry", "建档立卡户数"),
           ("households in the registry that year (poor or exited)",
            "当年在册的建档立卡贫困户（含未脱贫和已脱贫）户数")),
    _count("registered_people", ("People in the registry", "建档立卡人数"),
           ("people in those households", "上述建档立卡贫困户的人口数")),
    _count("poor_people_in_year", ("Poor at some time in the year", "年内贫困人口"),
           ("people poor at some time in the year (poor at its start or identified during it)",
            "年内曾处于贫困状态的人口（年初未脱贫或年内新识别）")),
    _count("still_poor_households", ("Households still poor at year end", "年末未脱贫户数"),
           ("households still poor at the end of the year", "年末尚未脱贫的建档立卡贫困户户数")),
    _count("still_poor_people", ("Still poor at year end", "年末未脱贫人口"),
           ("people still poor at the end of the year", "年末尚未脱贫的建档立卡贫困人口"),
           on_map=True, skewed=True),
    _count("exited_households", ("Households exiting in the year", "当年脱贫户数"),
           ("households that exited during the year", "当年脱贫的建档立卡贫困户户数")),
    _count("exited_people", ("People exiting in the year", "当年脱贫人口"),
           ("people who exited during the year", "当年脱贫的建档立卡贫困人口"),
           on_map=True, skewed=True),
    _count("cumulative_exited_people", ("People exited since 2014", "2014年以来累计脱贫人口"),
           ("people exited from 2014 to the end of the year",
            "2014年至当年年末累计脱贫的人口"), on_map=True, skewed=True),
    _count("relocated_people_in_year", ("People relocated in the year", "当年易地搬迁人口"),
           ("people in registered households (not removed) who moved under relocation from "
            "uninhabitable areas during the year",
            "当年通过易地扶贫搬迁迁出“一方水土养不起一方人”地区的建档立卡贫困人口（不含已剔除户）")),
    Indicator("rural_population", ("Rural population", "农村人口"), ("people", "人"), SUM,
              ("rural registered population in 2014, the denominator of poverty incidence",
               "2014年农村户籍人口，即贫困发生率的分母")),
    _share("poverty_incidence", ("Poverty incidence", "贫困发生率"), "still_poor_people",
           "rural_population", ("people still poor at the end of the year over the rural "
                                "population", "年末未脱贫人口占农村人口的比例"),
           on_map=True, skewed=True),
    # No rollup holds it: the map reads it from the counties table.
    Indicator("county_exit_year", ("Year the county left the list", "贫困县摘帽年份"),
              ("", ""), FACT, ("the year the poverty county left the national list, as "
                               "announced by its province",
                               "贫困县退出国家贫困县名单（脱贫摘帽）的年份"),
              "year", levels=(), on_map=True, per_year=False),
    # Villages, funds and work teams: public facts, not counts of families.
    Indicator("poor_villages", ("Poor villages", "贫困村"), ("villages", "个"), SUM,
              ("registered poor villages", "建档立卡贫困村")),
    Indicator("villages_delisted", ("Poor villages delisted in the year", "当年出列贫困村"),
              ("villages", "个"), SUM, ("poor villages delisted during the year",
                                        "当年退出（出列）的贫困村")),
    Indicator("poor_villages_remaining", ("Poor villages remaining", "剩余贫困村"),
              ("villages", "个"), SUM, ("poor villages not yet delisted at the end of the year",
                                        "年末尚未出列的贫困村")),
    Indicator("funds_yuan", ("Funds", "扶贫资金"), ("yuan", "元"), SUM,
              ("all funds received in the year", "当年到位的全部扶贫资金"), "yuan"),
    Indicator("funds_fiscal_yuan", ("Fiscal funds", "财政扶贫资金"), ("yuan", "元"), SUM,
              ("central, provincial, city and county funds", "中央、省、市、县各级财政扶贫资金"),
              "yuan"),
    Indicator("funds_central_yuan", ("Central funds", "中央财政资金"), ("yuan", "元"), SUM,
              ("central funds", "中央财政专项扶贫资金"), "yuan"),
    Indicator("work_teams", ("Work teams", "驻村工作队"), ("teams", "个"), SUM,
              ("work teams serving during the year", "当年在岗的驻村工作队")),
    Indicator("cadres", ("Cadres", "驻村干部"), ("people", "人"), SUM,
              ("cadres serving in the area's villages during the year (team members and "
               "first secretaries, with or without a team)",
               "当年在本地区村内工作的驻村干部（驻村工作队队员和第一书记，无论是否随队派驻）")),
    Indicator("first_secretaries", ("First secretaries", "第一书记"), ("people", "人"), SUM,
              ("of them, first secretaries", "其中第一书记人数")),
    Indicator("teams_per_poor_village", ("Work teams per poor village", "每个贫困村驻村工作队数"),
              ("teams", "队"), RATE, ("work teams over poor villages",
                                     "驻村工作队数与贫困村数之比"),
              "ratio", "work_teams", "poor_villages", on_map=True),
    Indicator("cadres_per_1000_poor", ("Cadres per 1,000 poor people", "每千名贫困人口驻村干部数"),
              ("cadres", "人"), RATE, ("cadres per 1,000 people poor at some time in the year",
                                      "每千名年内贫困人口对应的驻村干部数"),
              "ratio", "cadres", "poor_people_in_year", per=1000, on_map=True, skewed=True),
    Indicator("funds_per_poor_person_yuan", ("Funds per poor person", "人均扶贫资金"),
              ("yuan", "元"), RATE, ("funds over the people poor at some time in the year",
                                    "扶贫资金除以年内贫困人口"),
              "yuan", "funds_yuan", "poor_people_in_year", on_map=True, skewed=True),
    # Incomes: the county's member-weighted mean, weighted by people above the county.
    Indicator("mean_income_yuan", ("Mean income of registered people", "建档立卡人口人均纯收入"),
              ("yuan", "元"), MEAN, ("member-weighted mean per capita net income of "
                                    "registered households, yuan per person (from 2014)",
                                    "建档立卡贫困户按家庭人口加权的人均纯收入，元/人（2014年起）"),
              "yuan", denominator="registered_people",
              base=("registered_people", "registered_households")),
    Indicator("poverty_line_yuan", ("Poverty line", "贫困线"), ("yuan", "元"), FACT,
              ("the national poverty line that year, yuan per person",
               "当年国家扶贫标准（贫困线），元/人"), "yuan"),
    Indicator("income_to_line", ("Income against the poverty line", "人均纯收入与贫困线之比"),
              ("× line", "倍"), RATE, ("mean_income_yuan over poverty_line_yuan, ratio (1 = at "
                                      "the line)",
                                      "建档立卡人口人均纯收入与当年贫困线之比（1 即恰在贫困线上）"),
              "ratio", "mean_income_yuan", "poverty_line_yuan", on_map=True),
    # The exit standard: a household exits when its income is above the line and food and
    # clothing, compulsory education, basic medical care and safe housing are secured
    # (两不愁三保障), safe drinking water checked beside them. Counted over the registry's
    # households of the year whose items are recorded (warehouse/schema.py STANDARD_ITEMS).
    _count("standard_households", ("Households with the exit standard recorded",
                                   "记录脱贫标准的建档立卡户数"),
           ("households in the registry that year (poor or exited) whose exit-standard items "
            "are recorded", "当年在册（含未脱贫和已脱贫）且记录了脱贫标准各项的建档立卡贫困户户数")),
    *(indicator for key, (en, zh), (meaning, meaning_zh) in STANDARD for indicator in (
        _count(f"meets_{key}_households", (f"Households: {en.lower()}", f"{zh}户数"),
               (f"of them, households where {meaning} by the end of the year",
                f"其中年末已达到“{meaning_zh}”的户数")),
        _count(f"short_{key}_households", (f"Households short of the standard: {en.lower()}",
                                           f"{zh}未达标户数"),
               (f"of them, households where not yet {meaning} at the end of the year",
                f"其中年末尚未达到“{meaning_zh}”的户数")),
        _share(f"meets_{key}_share", (f"Share of households: {en.lower()}", f"{zh}户比例"),
               f"meets_{key}_households", "standard_households",
               (f"households where {meaning} by the end of the year, over the households "
                "with the standard recorded",
                f"年末已达到“{meaning_zh}”的户数占记录脱贫标准户数的比例"),
               on_map=key == "all"))),
    _count("exited_unmet_households", ("Exited with a guarantee unmet", "脱贫时保障未达标户数"),
           ("households that exited during the year although food and clothing, education, "
            "medical care, housing or water was not yet secured (recorded later or never)",
            "当年脱贫、但吃穿、义务教育、基本医疗、住房安全或饮水安全尚未保障（事后才记录或始终未记录）的户数")),
)


# Counts that add up, row by row: the whole, and its parts. The public edition withholds
# so that no such identity gives a withheld count back (warehouse/publish.py).
PARTS = tuple(("standard_households", (f"meets_{key}_households", f"short_{key}_households"))
              for key, *_ in STANDARD)


def all() -> tuple[Indicator, ...]:  # noqa: A001 - read at call time, so a test can add one
    return INDICATORS


def by_key() -> dict[str, Indicator]:
    return {indicator.key: indicator for indicator in INDICATORS}


def on_map() -> tuple[Indicator, ...]:
    """What the map and the province page offer, in this order."""
    return tuple(indicator for indicator in INDICATORS if indicator.on_map)


def at(level: str) -> tuple[Indicator, ...]:
    """The indicators that are columns of that level's yearly rollup."""
    return tuple(indicator for indicator in INDICATORS if level in indicator.levels)


# ---------------------------------------------------------------- SQL (identifiers from here only)

def rate_sql(indicator: Indicator) -> str:
    """A rate computed from its level's sums: division by zero gives NULL."""
    scale = f"{indicator.per!r} * " if indicator.per != 1 else ""
    return (f"{scale}{indicator.numerator} / nullif({indicator.denominator}, 0)"
            f" as {indicator.key}")


def rates_sql(level: str) -> str:
    """', rate, ...': every rate of the level, for the rollup's last select."""
    return "".join(f",\n           {rate_sql(i)}" for i in at(level) if i.kind == RATE)


def columns_sql(level: str) -> str:
    """'column, ...': the level's sums, means and facts, in declaration order."""
    return ", ".join(i.key for i in at(level) if i.kind != RATE)


def rate_columns(level: str) -> str:
    """', name, ...': every rate's column, for a query that reads them as they are."""
    return "".join(f", {i.key}" for i in at(level) if i.kind == RATE)


def sums_sql(below: str) -> str:
    """'sum, ...': a level's sums, means and facts from the rows of the level below it."""
    parts = []
    for i in at(below):
        if i.kind == SUM:
            parts.append(f"sum({i.key}) as {i.key}")
        elif i.kind == MEAN:
            weight = i.denominator
            parts.append(f"sum({i.key} * {weight}) / nullif(sum({weight}) filter "
                         f"(where {i.key} is not null), 0) as {i.key}")
        elif i.kind == FACT:
            parts.append(f"any_value({i.key}) as {i.key}")
    return ",\n           ".join(parts)


# ---------------------------------------------------------------- the public edition

def counts_behind(indicator: Indicator) -> tuple[str, ...]:
    """The counts of people or households a value is computed from (none: a public fact)."""
    table = by_key()
    if indicator.kind == SUM:
        return (indicator.key,) if indicator.people else ()
    if indicator.kind == MEAN:
        return indicator.base
    if indicator.kind == RATE:
        inputs = (table[indicator.numerator], table[indicator.denominator])
        return tuple(dict.fromkeys(c for i in inputs for c in counts_behind(i)))
    return ()
