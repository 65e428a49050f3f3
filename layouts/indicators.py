"""How a measure is shown: its title and its values written for people; and the
indicators the map and the province page offer, as indicators/ declares them.

The offered indicators are also the allowlist: a request naming anything else is
refused. They are read from the declarations at each call, so one added there appears
everywhere.
"""

from dataclasses import dataclass

import indicators as registry
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


def offered() -> tuple[Indicator, ...]:
    """The indicators a user can choose, in order."""
    return tuple(Indicator(i.key, i.label, i.unit, i.shown_as, i.skewed, i.per_year)
                 for i in registry.on_map())


def by_key() -> dict[str, Indicator]:
    return {indicator.key: indicator for indicator in offered()}


DEFAULT = registry.on_map()[0].key
