"""Checks of single form fields as the officer types: each returns the field-specific error, or None.

They use the validators of ``trade.identifiers`` so the words match the headless
command's; the lookup itself checks again (and resolves parties) on the worker.
"""

from __future__ import annotations

from collections.abc import Callable

from trade import identifiers, nomenclature
from workstation.lookups import inputs

_NOT_IN_NOMENCLATURE = f"not in the WCO nomenclature ({nomenclature.EDITION})"

#: A field check: the typed text (stripped, never empty) -> an error message, or None when usable.
Check = Callable[[str], str | None]


def anything(_text: str) -> str | None:
    return None


def iso_date(text: str) -> str | None:
    return inputs.date_problem(text)  # the lookup's own words, so the form and the headless command agree


def country(text: str) -> str | None:
    try:
        identifiers.Country.parse(text)
    except identifiers.IdentifierError as exc:
        return str(exc)
    return None


def htsus(text: str) -> str | None:
    try:
        number = identifiers.Htsus.parse(text)
    except identifiers.IdentifierError as exc:
        return str(exc)
    if not nomenclature.known(number.digits):
        return f"HTSUS number: subheading {number.subheading} is {_NOT_IN_NOMENCLATURE}"
    return None


def hs_code(text: str) -> str | None:
    """An HS heading (4 digits), subheading (6) or HTSUS number (8 or 10), with dots."""
    digits = text.replace(".", "")
    if not digits.isdigit():
        return "HS code: digits and dots only"
    try:
        if len(digits) == 6:
            identifiers.HsSubheading.parse(text)
        elif len(digits) in (8, 10):
            identifiers.Htsus.parse(text)
        elif len(digits) != 4:
            return "HS code: a heading (4 digits), a subheading (6) or an HTSUS number (8 or 10)"
    except identifiers.IdentifierError as exc:
        return str(exc)
    if not nomenclature.known(digits):
        return f"HS code: {text} is {_NOT_IN_NOMENCLATURE}"
    return None


def whole_number(text: str) -> str | None:
    return None if text.isdigit() else "a whole number (digits only)"


def positive_number(text: str) -> str | None:
    return None if text.isdigit() and int(text) > 0 else "a positive whole number"


def number_or_text(_text: str) -> str | None:
    return None


def no_spaces(text: str) -> str | None:
    return "no spaces" if any(ch.isspace() for ch in text) else None


def spi(text: str) -> str | None:
    return None if text.isalnum() and len(text) <= 2 else "SPI: one or two letters or digits (S, P, MX)"
