"""Numbers, dates and labels as a Dutch reader expects them: 1.234,5, 31-12-2024, complexity
from low to high, typed text shown as typed."""

from __future__ import annotations

import math
import re
from datetime import date, datetime

from pipelines.schema import DISPLAY_TIMEZONE


def number(value: float | int | None, decimals: int = 0, lang: str = "nl") -> str:
    """`value` with thousands separators; a dash when there is no value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    if lang == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def percent(value: float | None, decimals: int = 1, lang: str = "nl") -> str:
    """`value` (already in percent) with a % sign."""
    text = number(value, decimals, lang)
    return text if text == "–" else f"{text}%"


def day(value: date | datetime | None, lang: str = "nl") -> str:
    """A date as 31-12-2024 (nl) or 2024-12-31 (en); instants in Amsterdam time."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            from zoneinfo import ZoneInfo

            value = value.astimezone(ZoneInfo(DISPLAY_TIMEZONE))
        value = value.date()
    return value.strftime("%d-%m-%Y") if lang == "nl" else value.isoformat()


MONTHS_NL = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_label(value: date | str, lang: str = "nl") -> str:
    """A month as 'mrt 2026' (nl) or 'Mar 2026' (en), from a date or a 'YYYY-MM' text."""
    if isinstance(value, str):
        year, month = int(value[:4]), int(value[5:7])
    else:
        year, month = value.year, value.month
    names = MONTHS_NL if lang == "nl" else MONTHS_EN
    return f"{names[month - 1]} {year}"


# Complexity classes as case systems name them, from low to high; a chart or table lists them in
# this order instead of the alphabet's (hoog, laag, midden).
COMPLEXITY_ORDER = ("laag", "midden", "hoog")


def complexity_rank(label: str) -> tuple[int, str]:
    """Sort key for complexity classes: the known ones from low to high, then any others by
    name, then a missing class ("(onbekend)")."""
    known = label.strip().lower()
    if known in COMPLEXITY_ORDER:
        return COMPLEXITY_ORDER.index(known), ""
    return len(COMPLEXITY_ORDER) + label.startswith("("), known


def plain(text: str) -> str:
    """`text` as typed, for use inside Markdown: its markup characters escaped, so that a name
    like m_de_boer stays as it is instead of turning italic."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|~<>$])", r"\\\1", text)
