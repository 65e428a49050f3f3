"""Numbers as people read them: 29.48 million, 1.60 trillion yuan, 3.2%."""

import math

_STEPS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def large(value, unit: str = "") -> str:
    """A count or amount with a word for its size: '29.48 million people'."""
    if is_missing(value):
        return "no data"
    suffix = f" {unit}" if unit else ""
    for size, word in _STEPS:
        if abs(value) >= size:
            return f"{value / size:,.2f} {word}{suffix}"
    return f"{value:,.0f}{suffix}"


def share(value, digits: int = 1) -> str:
    """A 0..1 share as a percentage."""
    return "no data" if is_missing(value) else f"{100 * value:.{digits}f}%"
