"""Absolute dates in page lines: "March 15, 2017", "15 Mar 2017 10:31 GMT", "2017-03-15T10:31:00Z".

Why not dateparser (still a dependency, used before): it knows hundreds of
formats but costs 3-8 ms a call here, more than the rest of normalize together,
and it returned nothing for "Updated 10:31 AM ET, Wed March 15, 2017". The
shapes a dated line can take are few and fixed (:data:`DATEISH`), so reading
the matched groups is a table lookup. Conventions where a shape is ambiguous:
``d.m.yyyy`` is day first (the European dotted form), ``n/n/yyyy`` is month
first unless the first number cannot be a month (US use), ``yyyy/m/d`` is year
first. A time of day next to the date is read with its zone when the zone is
one of :data:`ZONES` (hours from UTC); a date without a zone is taken as UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
#: Month name, as a regex fragment (shared with the dateline grammar).
MONTH = _MONTH
#: A day of the month with an optional ordinal suffix.
_DAY = r"(?:[0-2]?\d|3[01])(?:st|nd|rd|th)?"
#: The shapes of an absolute date; only a line with one of them is read for a date.
DATEISH = re.compile(
    rf"\b(?:(?P<m1>{_MONTH})\.?\s+(?P<d1>{_DAY}),?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})\.?,?\s+(?P<y2>\d{{4}})"
    rf"|(?P<d3>\d{{1,2}})-(?P<m3>{_MONTH})-(?P<y3>\d{{4}})"
    r"|(?P<y4>\d{4})-(?P<n4>\d{2})-(?P<d4>\d{2})"
    r"|(?P<y5>\d{4})/(?P<n5>\d{1,2})/(?P<d5>\d{1,2})"
    r"|(?P<d6>\d{1,2})\.(?P<n6>\d{1,2})\.(?P<y6>\d{4})"
    r"|(?P<a7>\d{1,2})/(?P<b7>\d{1,2})/(?P<y7>\d{4}))(?![\d/.-]\d)",
    re.IGNORECASE,
)
#: Hours from UTC of the zone abbreviations news pages print.
ZONES: dict[str, float] = {
    "gmt": 0, "utc": 0, "z": 0, "bst": 1, "cet": 1, "cest": 2, "eet": 2, "eest": 3, "msk": 3, "ist": 5.5,
    "hkt": 8, "sgt": 8, "jst": 9, "kst": 9, "aest": 10, "et": -5, "est": -5, "edt": -4, "ct": -6, "cst": -6,
    "cdt": -5, "mt": -7, "mst": -7, "mdt": -6, "pt": -8, "pst": -8, "pdt": -7,
}
#: :data:`DATEISH` for lower-cased lines (case-sensitive matching is several times faster).
_DATEISH_LOW = re.compile(DATEISH.pattern)
#: A time of day in a lower-cased line ("10:31 gmt", "7:25 pm", "t10:31:00z", "10:31:00+03:00").
_TIME = re.compile(
    r"(?:(?<=\dt)|\b)(?P<h>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)(?::[0-5]\d(?:\.\d+)?)?\s*(?P<ap>[ap]\.?m\.?)?"
    r"\s*(?:(?P<off>[+-]\d{2}:?\d{2})|(?P<tz>[a-z]{1,4})\b)?"
)
#: The time of day is looked for this many characters around the date.
TIME_REACH = 40


def parse_date(line: str) -> datetime | None:
    """The first absolute date in ``line`` (UTC; with its time of day when one is next to it), or None."""
    low = line.lower()
    m = _DATEISH_LOW.search(low)
    if m is None:
        return None
    day = _day(m)
    if day is None:
        return None
    return _with_time(day, low, m.start(), m.end())


def _day(m: re.Match[str]) -> datetime | None:
    g = m.groupdict()
    if g["y1"] or g["y2"] or g["y3"]:
        name, d, y = (g["m1"], g["d1"], g["y1"]) if g["y1"] else (g["m2"], g["d2"], g["y2"]) if g["y2"] else (
            g["m3"], g["d3"], g["y3"])
        month, day, year = _MONTHS.index(name[:3].lower()) + 1, int(d.rstrip("stndrh")), int(y)
    elif g["y4"] or g["y5"]:
        year, month, day = (int(g["y4"]), int(g["n4"]), int(g["d4"])) if g["y4"] else (
            int(g["y5"]), int(g["n5"]), int(g["d5"]))
    elif g["y6"]:
        year, month, day = int(g["y6"]), int(g["n6"]), int(g["d6"])
    else:
        a, b, year = int(g["a7"]), int(g["b7"]), int(g["y7"])
        month, day = (b, a) if a > 12 else (a, b)
    try:
        return datetime(year, month, day, tzinfo=UTC)
    except ValueError:
        return None


def _with_time(day: datetime, line: str, start: int, end: int) -> datetime:
    """``day`` at the time of day found right after the date (``line[start:end]``), else right before it."""
    earlier = list(_TIME.finditer(line, max(0, start - TIME_REACH), start))
    t = _TIME.search(line, end, end + TIME_REACH) or (earlier[-1] if earlier else None)
    if t is None:
        return day
    hour, minute = int(t["h"]), int(t["mi"])
    ap = (t["ap"] or "")[:1]
    if ap and not 1 <= hour <= 12:
        return day
    hour = hour % 12 + (12 if ap == "p" else 0) if ap else hour
    offset = 0.0
    if t["off"]:
        sign = -1 if t["off"][0] == "-" else 1
        digits = t["off"][1:].replace(":", "")
        offset = sign * (int(digits[:2]) + int(digits[2:]) / 60)
    elif t["tz"]:
        offset = ZONES.get(t["tz"], 0.0)
    return day.replace(hour=hour, minute=minute) - timedelta(hours=offset)

