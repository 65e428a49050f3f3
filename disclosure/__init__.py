"""What the public edition may publish: every numeric column of every published table and
stored answer, classified once.

A column is one of three kinds:

- COUNT: a count of people or households. Withheld from 1 to the threshold - 1, and
  wherever it would give such a count back (warehouse/publish.py); a zero is published.
- Derived(counts, digits): a mean, rate or share computed from counts of the same row.
  Rounded to `digits` decimals (-1: to the nearest 10), and withheld wherever one of those
  counts is withheld.
- PUBLIC: a public fact (a year, a poverty line, funds, work teams, cadres, villages,
  counties, a census population): published as it is.

This is plain data, built on indicators/ (the yearly indicators classify themselves from
their declarations) and importing nothing else of the project, so the build, the pages
and the tests read the same declaration. Publishing
refuses a numeric column that is not here (docs/security.md).
"""

from dataclasses import dataclass

import indicators as registry

COUNT = "count"
PUBLIC = "public"

# Precisions, in decimals, as indicators/ gives them: yuan to the nearest 10, shares to
# 0.1 percentage point, ratios to a hundredth, per-1,000 rates to a tenth.
YUAN, SHARE, RATIO, PER_1000 = (registry.DIGITS[kind] for kind in ("yuan", "share", "ratio",
                                                                    "per_1000"))


@dataclass(frozen=True)
class Derived:
    """Computed from `counts` of the same row; rounded to `digits` decimals."""

    counts: tuple[str, ...]
    digits: int


def _classified(indicator: registry.Indicator):
    """An indicator's class, from its declaration: a count of people or households, a
    value derived from such counts, or a public fact."""
    if indicator.kind == registry.SUM and indicator.people:
        return COUNT
    behind = registry.counts_behind(indicator)
    return Derived(behind, indicator.digits) if behind else PUBLIC


YEARLY = {"year": PUBLIC, "county_exited": PUBLIC,
          **{i.key: _classified(i) for i in registry.at("county")}}
AREA_COUNTIES = {"counties_in_programme": PUBLIC, "poverty_counties": PUBLIC,
                 "counties_exited": PUBLIC, "counties_remaining": PUBLIC}
TOTALS = {"exited_people": COUNT, "relocated_people": COUNT, "counties_delisted": PUBLIC,
          "villages_delisted": PUBLIC, "funds_fiscal_yuan": PUBLIC,
          "funds_central_yuan": PUBLIC, "funds_yuan": PUBLIC, "work_teams_sent": PUBLIC,
          "cadres_sent": PUBLIC, "first_secretaries_sent": PUBLIC}
GROUPS = {"households": COUNT, "people": COUNT}
RISK = {"exited_households": COUNT, "at_risk_households": COUNT, "at_risk_people": COUNT,
        "at_risk_share": Derived(("at_risk_households", "exited_households"), SHARE),
        "low_income_households": COUNT, "high_cost_households": COUNT,
        "income_drop_households": COUNT}
SAMPLE_RATE = Derived(("sample_households",), SHARE)  # over a handful it is a count in disguise
TEAMS = {"work_teams": PUBLIC, "cadres": PUBLIC, "first_secretaries": PUBLIC}
# What flowed along an East–West pair: yuan, and cadres, professionals and enterprises sent
# by governments, which are public facts like work teams, not counts of poor families.
EAST_WEST_TOTALS = {"fiscal_aid_yuan": PUBLIC, "social_donations_yuan": PUBLIC,
                    "cadres_to_west": PUBLIC, "cadres_to_east": PUBLIC,
                    "professionals_to_west": PUBLIC}
EAST_WEST = {"year": PUBLIC, **EAST_WEST_TOTALS, "enterprises": PUBLIC,
             "enterprise_investment_yuan": PUBLIC, "products_bought_yuan": PUBLIC}

# Every table of the public edition (besides its build_info and stored answers).
TABLES: dict[str, dict[str, object]] = {
    "provinces": {},
    # poverty_list_entries: the list entries a county stands for (1, 2 for a merged one),
    # from the real county list the generator is moving to
    "counties": {"exit_year": PUBLIC, "rural_population": PUBLIC,
                 "poverty_list_entries": PUBLIC},
    "boundaries": {},
    "reference_figures": {"year": PUBLIC, "value": PUBLIC},
    "east_west_pairings": {},
    "east_west_named": {},
    "east_west_amounts": EAST_WEST,
    "funds": {"year": PUBLIC, "amount_yuan": PUBLIC},
    "county_teams_by_level": TEAMS,
    "risk_thresholds": {"risk_income_multiple": PUBLIC, "risk_cost_share": PUBLIC,
                        "risk_income_drop": PUBLIC},
    "county_year": YEARLY,
    "province_year": {**YEARLY, **AREA_COUNTIES},
    "national_year": {**YEARLY, **AREA_COUNTIES, "survey_rural_poor_people": PUBLIC,
                      "survey_poverty_incidence": PUBLIC},
    "province_totals": {"peak_year": PUBLIC, "peak_poor_people": COUNT, **TOTALS},
    "national_totals": TOTALS,
    "county_causes": GROUPS,
    "county_measures": GROUPS,
    "province_measures": GROUPS,
    "national_measures": GROUPS,
    "province_measures_by_year": {"year": PUBLIC, **GROUPS},
    "national_measures_by_year": {"year": PUBLIC, **GROUPS},
    "province_corrections": GROUPS,
    "national_corrections": GROUPS,
    "county_income_bands": {"year": PUBLIC, **GROUPS},
    "county_monitoring": {
        "exited_households": COUNT, "exited_people": COUNT, "monitored_households": COUNT,
        "monitored_people": COUNT,
        "monitored_share": Derived(("monitored_households", "exited_households"), SHARE)},
    "county_risk": RISK,
    "province_risk": RISK,
    "national_risk": RISK,
    "evaluations": {"year": PUBLIC, "sample_households": COUNT,
                    "misidentification_rate": SAMPLE_RATE, "wrong_exit_rate": SAMPLE_RATE,
                    "satisfaction_rate": SAMPLE_RATE},
}

# A share of the county's total over its categories (NULL when one category is withheld).
CATEGORY_SHARE = {"share": Derived(("households",), SHARE)}
# Every per-county query answer stored in the public edition, by query.
ANSWERS: dict[str, dict[str, object]] = {
    "county_profile": TABLES["counties"],
    "county_trend": TABLES["county_year"],
    "county_work_teams_by_level": TEAMS,
    "county_poverty_causes": {**GROUPS, **CATEGORY_SHARE},
    "county_five_batches": {**GROUPS, **CATEGORY_SHARE},
    "county_funds_by_source": TABLES["funds"],
    "county_funds_by_purpose": TABLES["funds"],
    "county_evaluations": TABLES["evaluations"],
    "county_income_distribution": TABLES["county_income_bands"],
    "county_post_exit_monitoring": TABLES["county_monitoring"],
    "county_early_warning": {**TABLES["county_risk"], **TABLES["risk_thresholds"]},
    "county_east_west": EAST_WEST_TOTALS,
}


def counts(columns: dict[str, object]) -> tuple[str, ...]:
    """The count columns of a table or answer."""
    return tuple(name for name, kind in columns.items() if kind == COUNT)


def derived(columns: dict[str, object]) -> dict[str, Derived]:
    """The derived columns of a table or answer."""
    return {name: kind for name, kind in columns.items() if isinstance(kind, Derived)}


def unclassified(columns: dict[str, object], numeric: list[str]) -> list[str]:
    """The numeric columns not classified in `columns`."""
    return [name for name in numeric if name not in columns]
