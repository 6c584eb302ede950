"""XML Schema 1.1 ``dateTimeStamp`` values, as the VC and Data Integrity specs use them.

VC Data Model 2.0 (§4.9 Validity Period) and VC Data Integrity 1.0 (§2.1 Proofs,
``created`` and ``expires``) require an XMLSCHEMA11-2 dateTimeStamp: a dateTime
with a mandatory time zone. We accept four-digit years 0001 to 9999 and hours
00 to 23 (``24:00:00`` is refused), keep at most microseconds of a fraction
(truncating, so a bound is never moved later), and compare values as instants.

>>> parse_date_time_stamp("2024-05-01T01:00:00+02:00") < parse_date_time_stamp("2024-04-30T23:30:00Z")
True
>>> format_date_time_stamp(parse_date_time_stamp("2023-02-24T23:36:38Z"))
'2023-02-24T23:36:38Z'
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime, timedelta, timezone

_DATE_TIME_STAMP = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
    r"T(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})(?:\.(?P<fraction>[0-9]+))?"
    r"(?:(?P<utc>Z)|(?P<sign>[+-])(?P<tzh>[0-9]{2}):(?P<tzm>[0-9]{2}))",
    re.ASCII,
)


@functools.lru_cache(maxsize=8192)  # a ledger's records share few distinct dates; a datetime is immutable
def parse_date_time_stamp(text: str) -> datetime:
    """Parse a dateTimeStamp into an aware ``datetime``.

    Raises:
        ValueError: not a dateTimeStamp (no time zone, out-of-range field, wrong shape).
    """
    match = _DATE_TIME_STAMP.fullmatch(text)
    if match is None:
        raise ValueError("not an XML Schema dateTimeStamp")
    if match["utc"]:
        zone = UTC
    else:
        hours, minutes = int(match["tzh"]), int(match["tzm"])
        if minutes > 59 or hours * 60 + minutes > 14 * 60:
            raise ValueError("time-zone offset out of range")
        offset = timedelta(hours=hours, minutes=minutes)
        zone = timezone(-offset if match["sign"] == "-" else offset)
    micro = int((match["fraction"] or "0")[:6].ljust(6, "0"))
    # datetime() raises ValueError for month 13, February 30, hour 24, second 60 and year 0.
    return datetime(
        int(match["year"]),
        int(match["month"]),
        int(match["day"]),
        int(match["hour"]),
        int(match["minute"]),
        int(match["second"]),
        micro,
        tzinfo=zone,
    )


def format_date_time_stamp(moment: datetime) -> str:
    """Format an aware ``datetime`` in UTC as ``YYYY-MM-DDThh:mm:ss[.ffffff]Z``.

    Raises:
        ValueError: ``moment`` is naive.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a dateTimeStamp needs a time zone; pass an aware datetime")
    utc = moment.astimezone(UTC)
    text = f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}"
    if utc.microsecond:
        text += f".{utc.microsecond:06d}".rstrip("0")
    return text + "Z"


def require_aware(moment: datetime, what: str) -> None:
    """Refuse a naive datetime as a caller's bad argument.

    Raises:
        ValueError: ``moment`` has no time zone.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be an aware datetime (with a time zone)")
