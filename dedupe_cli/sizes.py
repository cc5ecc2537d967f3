"""Byte sizes as people write them (``256MiB``, ``1.5G``, ``300KB``, ``0``) and as messages show them.

A bare number is bytes. ``KB``, ``MB``, ``GB``, ``TB`` are decimal (powers of 1000), ``KiB``,
``MiB``, ``GiB``, ``TiB`` binary (powers of 1024), and a bare ``K``, ``M``, ``G``, ``T`` binary too,
as ``du``, ``truncate`` and ``ls -h`` read and write them. Units are case-insensitive, a ``B``
alone means bytes, a space may stand between number and unit, and a fraction (``1.5G``) is
rounded down to whole bytes.
"""

from __future__ import annotations

import re

#: The multiplier of each unit (lower case).
UNITS: dict[str, int] = {
    "": 1,
    "b": 1,
    **{p: 1024**i for i, p in enumerate("kmgt", 1)},
    **{f"{p}b": 1000**i for i, p in enumerate("kmgt", 1)},
    **{f"{p}ib": 1024**i for i, p in enumerate("kmgt", 1)},
}
#: The largest size taken (8 EiB - 1: a file offset); more is surely a typing mistake.
LARGEST = 2**63 - 1

_SIZE = re.compile(r"([0-9]*)(?:\.([0-9]*))?\s*([a-z]*)", re.IGNORECASE)
_EXPECTED = (
    "expected a whole number of bytes or a number with a unit (e.g. 268435456, 256MiB, 1.5G, 500MB), 0 for no limit"
)


def parse_size(value: object) -> int:
    """The number of bytes ``value`` (an integer, or a string as described above) means.

    Raises:
        ValueError: not a size, negative, a fraction of a byte, or too large; the message says
            what was expected.
    """
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"{_EXPECTED}, got {value!r}")
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"{_EXPECTED}, got {value!r}")
        size = value
    else:
        match = _SIZE.fullmatch(value.strip())
        whole, fraction, unit = (match[1], match[2] or "", match[3].lower()) if match else ("", "", "")
        if match is None or not (whole or fraction) or unit not in UNITS or len(whole + fraction) > 40:
            raise ValueError(f"{_EXPECTED}, got {value!r}")
        multiple = UNITS[unit]
        if multiple == 1 and fraction.strip("0"):
            raise ValueError(f"{_EXPECTED}, got {value!r}")
        size = int(whole or 0) * multiple + int(fraction or 0) * multiple // 10 ** len(fraction)  # rounded down
    if size > LARGEST:
        raise ValueError(f"{value!r} is too large (at most {LARGEST} bytes)")
    return size


#: The binary units a size is shown in, largest first.
_SHOWN = (("TiB", 1024**4), ("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024))


def format_size(size: int, exact: bool = True) -> str:
    """``size`` as a message shows it: ``256 MiB`` when a whole number of a binary unit, else ``1.3 GiB``
    followed, when ``exact``, by `` (1395864371 bytes)`` (so that two sizes near each other still differ);
    ``1000 bytes`` below 1 KiB."""
    for name, unit in _SHOWN:
        if size >= unit:
            if size % unit == 0:
                return f"{size // unit} {name}"
            return f"{size / unit:.1f} {name}" + (f" ({size} bytes)" if exact else "")
    return f"{size} bytes" if size != 1 else "1 byte"


def setting_text(size: int) -> str | int:
    """``size`` as a setting is written (``256MiB``), or the number of bytes when no binary unit divides it
    (``0`` and ``1000``)."""
    for name, unit in _SHOWN:
        if size >= unit and size % unit == 0:
            return f"{size // unit}{name}"
    return size
