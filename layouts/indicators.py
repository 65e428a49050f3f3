"""The indicators a user can choose, with their labels, units and how to colour them.

Each is a column of the county_year / province_year / national_year rollups
(defined, with its definition, in queries/rollups/01_county_year.sql), except
county_exit_year, which is the counties table's exit_year. This tuple is also the
allowlist: a request naming anything else is refused.
"""

from dataclasses import dataclass

from layouts.format import Suppressed, is_missing, large, number, share


@dataclass(frozen=True)
class Indicator:
    key: str
    label: tuple[str, str]
    unit: tuple[str, str]
    kind: str  # count | share | ratio | yuan | year: how values are written
    skewed: bool = False  # quantile classes instead of equal steps
    per_year: bool = True  # False: one value per county whatever the year

    def title(self, lang: str) -> str:
        """The label with its unit, for legends and column headers: 'Funds per poor person (yuan)'."""
        unit = self.unit[1] if lang == "zh" else self.unit[0]
        label = self.label[1] if lang == "zh" else self.label[0]
        return f"{label} ({unit})" if unit else label

    def text(self, value, lang: str, with_unit: bool = True) -> str:
        """A value written for people, with its unit unless the context already gives it."""
        unit = (self.unit[1] if lang == "zh" else self.unit[0]) if with_unit else ""
        if isinstance(value, Suppressed):
            return value.text(lang)
        if is_missing(value):
            return large(None, lang=lang)
        if self.kind == "share":
            return share(value, 1, lang)
        if self.kind == "year":
            return f"{int(value)}"
        if self.kind == "ratio":
            return f"{number(value, 2, lang)} {unit}".strip()
        return large(value, unit, lang)


INDICATORS: tuple[Indicator, ...] = (
    Indicator("still_poor_people", ("Still poor at year end", "年末未脱贫人口"),
              ("people", "人"), "count", skewed=True),
    Indicator("poverty_incidence", ("Poverty incidence", "贫困发生率"), ("", ""), "share",
              skewed=True),
    Indicator("exited_people", ("People exiting in the year", "当年脱贫人口"),
              ("people", "人"), "count", skewed=True),
    Indicator("cumulative_exited_people", ("People exited since 2014", "2014年以来累计脱贫人口"),
              ("people", "人"), "count", skewed=True),
    Indicator("county_exit_year", ("Year the county left the list", "贫困县摘帽年份"),
              ("", ""), "year", per_year=False),
    Indicator("funds_per_poor_person_yuan", ("Funds per poor person", "人均扶贫资金"),
              ("yuan", "元"), "yuan", skewed=True),
    Indicator("teams_per_poor_village", ("Work teams per poor village", "每个贫困村驻村工作队数"),
              ("teams", "队"), "ratio"),
    Indicator("cadres_per_1000_poor", ("Cadres per 1,000 poor people", "每千名贫困人口驻村干部数"),
              ("cadres", "人"), "ratio", skewed=True),
    Indicator("income_to_line", ("Income against the poverty line", "人均纯收入与贫困线之比"),
              ("× line", "倍"), "ratio"),
)

BY_KEY = {indicator.key: indicator for indicator in INDICATORS}
DEFAULT = INDICATORS[0].key
