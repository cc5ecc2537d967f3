"""Whether two figures of one anchor can both hold, and whether they are one figure told two ways.

"more than 20,000" and "21,500" can both hold and are one figure; "three-plus seasons" and "15 seasons" can both
hold and are two; "52%" and "51.8%" are one figure rounded; "$12 billion" and "$11.5 billion" conflict.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from dedupe_cli.claims.numbers import Quantity

#: The digits a figure is told in, and its decimals.
_MANTISSA = re.compile(r"\d[\d,]*(?:\.(\d+))?")


def compatible(a: Quantity, b: Quantity) -> tuple[bool, bool]:
    """Whether two values of one anchor can both be true, and whether that took approximation. A rise and a fall
    ("revenue rose 1%", "revenue declined 2%") cannot, unless neither moved."""
    if a.move != b.move:
        return a.value == 0 == b.value, False
    if a.value == b.value:
        return True, a.qualifier != "exact" or b.qualifier != "exact"
    if a.qualifier == "exact" == b.qualifier and rounded(a, b):
        return True, True
    for x, y in ((a, b), (b, a)):
        q = x.qualifier
        if q == "approx" and abs(x.value - y.value) <= _ESTIMATE * max(abs(x.value), 1.0):
            return True, True
        if (q == "at_least" and y.value >= x.value) or (q == "more_than" and y.value > x.value):
            return True, True
        if (q == "at_most" and y.value <= x.value) or (q == "less_than" and y.value < x.value):
            return True, True
    if a.qualifier != "exact" and b.qualifier != "exact":
        return _overlap(a, b), True
    return False, False


#: How far an estimate reaches either side of its figure: "about 130" is 117 to 143.
_ESTIMATE = 0.1


def _overlap(a: Quantity, b: Quantity) -> bool:
    """Whether two figures that are both bounds or estimates can both hold: "at least 36" and "about 24" cannot,
    "more than 700" and "about 750" can, as two lower bounds always can."""
    (low_a, high_a), (low_b, high_b) = _span(a), _span(b)
    return low_a <= high_b and low_b <= high_a


def _span(q: Quantity) -> tuple[float, float]:
    """The values a bound or an estimate allows (the strict bounds read as the loose: "more than 24" and "24" are
    told apart by :func:`compatible` first)."""
    v = q.value
    if q.qualifier in ("at_least", "more_than"):
        return v, math.inf
    if q.qualifier in ("at_most", "less_than"):
        return -math.inf, v
    reach = _ESTIMATE * max(abs(v), 1.0)
    return v - reach, v + reach


#: How far apart two figures may be and still be one figure told two ways when one is a bound: "more than
#: 20,000" and "21,500" are; "three-plus seasons" and "15 seasons" are not, though both hold.
_CLOSE = 2.0
#: The same for two percentages, in points: "more than 60%" and "62%" are one figure, "more than 50%" and "90%" two.
_CLOSE_POINTS = 10.0
#: The same for two estimates: "about 130 people" and "about 200 people" are two figures.
_CLOSE_ESTIMATES = 1.25


def close(a: Quantity, b: Quantity) -> bool:
    """Whether two compatible values are near enough to be one figure (see ``_CLOSE``); exact values that are
    compatible are equal."""
    if a.qualifier == "exact" and b.qualifier == "exact":
        return a.value == b.value or rounded(a, b)
    low, high = sorted((abs(a.value), abs(b.value)))
    if a.unit == "percent" == b.unit:  # shares: "more than 50%" of voters and "90%" of them are two figures
        return high - low <= _CLOSE_POINTS
    if a.qualifier == "approx" and b.qualifier == "approx":
        return high <= _CLOSE_ESTIMATES * low
    return high <= _CLOSE * low


def rounded(a: Quantity, b: Quantity) -> bool:
    """Whether one of two figures is the other rounded to the digits it is told in: "52%" and "51.8%", "$3.4
    billion" and "$3.43 billion" (not "$12 billion" and "$11.5 billion": half a step is no rounding)."""
    step_a, step_b = _step(a), _step(b)
    if step_a is None or step_b is None or step_a == step_b:
        return False
    step = max(step_a, step_b)
    return abs(a.value - b.value) < step / 2 * (1 - 1e-9)


def _step(q: Quantity) -> float | None:
    """The step of the digits ``q`` is told in: 1 for "52%", 0.1 for "51.8%", 100,000,000 for "$3.4 billion";
    None for a number told in words."""
    return _step_of(q.text, q.value)


@lru_cache(maxsize=16384)
def _step_of(text: str, value: float) -> float | None:
    # read once per figure: a story's figures are compared pair by pair, in compatible() and again in close()
    digits = _MANTISSA.search(text)
    if digits is None:
        return None
    mantissa = float(digits.group().replace(",", ""))
    return abs(value / mantissa) * 10.0 ** -len(digits.group(1) or "") if mantissa else None
