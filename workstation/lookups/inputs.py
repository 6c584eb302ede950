"""Reading an officer's input strictly: one error type that names the field, and parties resolved by id or name.

The typed queries (:mod:`workstation.lookups.queries`) read their JSON through
:class:`InputReader`; the shapes are documented with an example each in ``docs/cli.md``.

>>> InputReader({"as_of": "2025-13-01"}, "check").date("as_of")
Traceback (most recent call last):
...
workstation.lookups.inputs.InputError: as_of: '2025-13-01' is not a calendar date: there is no month 13
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Mapping

from ledger_client.credentials import JsonObject, JsonReader, JsonValue
from trade import record_source
from workstation.store.trade_view import fold


class InputError(ValueError):
    """The officer's input cannot be used.

    Attributes:
        field: the input member it is about (``party``, ``features.width_mm``; ``""`` when about the whole input).
        problem: what is wrong with it, in words for the officer.
    """

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}" if field else problem)
        self.field = field
        self.problem = problem


class InputReader(JsonReader):
    """Officer input read by the one strict JSON reader: texts are trimmed and must not be empty, errors are
    ``InputError`` naming the member, and unknown members are refused when ``allowed`` is given."""

    def __init__(self, raw: object, what: str, allowed: frozenset[str] | None = None) -> None:
        if not isinstance(raw, Mapping):
            raise InputError("", f"the {what} must be a JSON object")
        if allowed is not None:
            unknown = sorted(set(raw) - allowed)
            if unknown:
                raise InputError(unknown[0], f"not a member of an {what} (allowed: {', '.join(sorted(allowed))})")
        super().__init__(raw, InputError)

    def get(self, name: str) -> object:
        return self.obj.get(name)

    def text(self, name: str) -> str:
        value = self.obj.get(name)
        if not isinstance(value, str) or not value.strip():
            raise InputError(name, "a non-empty text is needed")
        return value.strip()

    def optional_text(self, name: str) -> str | None:
        return None if self.obj.get(name) is None else self.text(name)

    def date(self, name: str) -> dt.date:
        value = self.obj.get(name)
        if not isinstance(value, str):
            raise InputError(name, "a date is needed, as YYYY-MM-DD")
        return parse_date(value, name)

    def optional_date(self, name: str) -> dt.date | None:
        return None if self.obj.get(name) is None else self.date(name)

    def whole_number(self, name: str, default: int | None, *, least: int, problem: str) -> int | None:
        value = self.obj.get(name, default)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < least:
            raise InputError(name, problem)
        return value

    def flag(self, name: str, default: bool | None = None) -> bool:
        value = self.obj.get(name, default)
        if not isinstance(value, bool):
            raise InputError(name, "true or false")
        return value

    def number(self, name: str) -> float | None:
        try:
            return super().number(name)
        except InputError:
            raise InputError(name, "a number") from None

    def features(self, name: str) -> tuple[tuple[str, float | str | None], ...]:
        """An object from feature name to a number, a text, or null for "not observed"."""
        value = self.obj.get(name, {})
        if not isinstance(value, Mapping):
            raise InputError(name, "an object from feature name to the observed value")
        out: list[tuple[str, float | str | None]] = []
        for key, item in value.items():
            unusable = isinstance(item, bool) or not isinstance(item, int | float | str)
            if item is not None and (unusable or (isinstance(item, float) and not math.isfinite(item))):
                raise InputError(f"{name}.{key}", "a number, a text, or null for not observed")
            out.append((str(key), float(item) if isinstance(item, int | float) else item))
        return tuple(out)


_DATE_FORM = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def date_problem(text: str) -> str | None:
    """Why ``text`` is not a YYYY-MM-DD calendar date (the month or day that does not exist), or None."""
    match = _DATE_FORM.fullmatch(text)
    if match is None:
        return f"{text!r} is not a date in the form YYYY-MM-DD"
    year, month, day = (int(part) for part in match.groups())
    if year < 1:
        return f"{text!r} is not a calendar date: there is no year 0"
    if not 1 <= month <= 12:
        return f"{text!r} is not a calendar date: there is no month {month}"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"{text!r} is not a calendar date: {year:04d}-{month:02d} has {days} days"
    return None


def parse_date(text: str, name: str) -> dt.date:
    """A YYYY-MM-DD date, or an ``InputError`` about ``name`` saying what is wrong with it."""
    problem = date_problem(text)
    if problem is not None:
        raise InputError(name, problem)
    return dt.date.fromisoformat(text)


#: Parties a name matching several lists.
_LISTED = 10


def resolve_party(text: str, index: record_source.RecordSource, field: str) -> str:
    """A registered party id, from its id or a unique, case- and accent-insensitive prefix of its name."""
    if index.party(text) is not None:
        return text
    wanted = fold(text)
    named = index.parties_named(wanted, limit=_LISTED + 1)  # one more than is listed tells "several" apart
    matches = sorted({p.party_id: p.legal_name for p in named}.items())
    if len(matches) == 1:
        return matches[0][0]
    if not matches:
        raise InputError(field, f"no registered party has the id or a name starting with {text!r}")
    names = "; ".join(f"{name} ({pid})" for pid, name in matches[:_LISTED])
    raise InputError(field, f"{text!r} matches several parties: {names}")


def json_object(values: Mapping[str, JsonValue]) -> JsonObject:
    """A JSON object from members, leaving out those that are None."""
    return {name: value for name, value in values.items() if value is not None}
