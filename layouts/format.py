"""Numbers as people read them, in English or Chinese: 29.48 million / 2,948万, 3.2%."""

import math
from dataclasses import dataclass

import pandas as pd

_STEPS = {
    "en": ((1e12, " trillion"), (1e9, " billion"), (1e6, " million")),
    "zh": ((1e8, "亿"), (1e4, "万")),
}
NO_DATA = {"en": "no data", "zh": "无数据"}
# Every withheld cell reads the same, so none tells whether it is small or withheld to
# protect one that is (docs/security.md).
SUPPRESSED = {"en": "< {below} or withheld", "zh": "<{below}或不公布"}


@dataclass(frozen=True)
class Suppressed:
    """A count the public edition withholds: under `below`, or one that would reveal one."""

    below: int

    def text(self, lang: str = "en") -> str:
        return SUPPRESSED[lang].format(below=self.below)

    def __str__(self) -> str:  # how an exported table writes it
        return self.text()


# What an export's status column says of an empty cell, and a hover text of a mark.
STATUS = {"withheld": ("withheld", "不公布"), "no data": ("no data", "无数据")}


def is_missing(value) -> bool:
    # pandas' NA too: nullable integer columns (a county's exit year) hold it, not NaN.
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def large(value, unit: str = "", lang: str = "en") -> str:
    """A count or amount with a word for its size: '29.48 million people', '2,948万人'."""
    if isinstance(value, Suppressed):
        return value.text(lang)
    if is_missing(value):
        return NO_DATA[lang]
    sep = " " if unit and lang == "en" else ""
    for size, word in _STEPS[lang]:
        if abs(value) >= size:
            return f"{value / size:,.2f}{word}{sep}{unit}"
    return f"{value:,.0f}{sep}{unit}"


def share(value, digits: int = 1, lang: str = "en") -> str:
    """A 0..1 share as a percentage."""
    if isinstance(value, Suppressed):
        return value.text(lang)
    return NO_DATA[lang] if is_missing(value) else f"{100 * value:.{digits}f}%"


def number(value, digits: int = 0, lang: str = "en") -> str:
    """A plain number with thousands separators."""
    if isinstance(value, Suppressed):
        return value.text(lang)
    return NO_DATA[lang] if is_missing(value) else f"{value:,.{digits}f}"


def status(value) -> str | None:
    """'withheld', 'no data', or None for a value (zero included)."""
    if isinstance(value, Suppressed):
        return "withheld"
    return "no data" if is_missing(value) else None


def status_text(value, lang: str = "en") -> str:
    """The status column's word for a value: empty for a value."""
    kind = status(value)
    return "" if kind is None else STATUS[kind][1 if lang == "zh" else 0]


def chinese_tick(value: float) -> str:
    """A tick of a chart's axis as Chinese readers count: '50万', '1.2亿', '2,000'."""
    for size, word in _STEPS["zh"]:
        if abs(value) >= size:
            return f"{value / size:,.4g}{word}"
    return f"{value:,.4g}"


def compact(value, lang: str = "en") -> str:
    """A value of a chart, for its hover text: '1.23 million', '2,340', '0.85', withheld or
    no data."""
    if isinstance(value, Suppressed) or is_missing(value):
        return large(value, lang=lang)
    if abs(value) >= 1e6 or float(value).is_integer():
        return large(value, lang=lang)
    return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"
