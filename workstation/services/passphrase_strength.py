"""A strength hint for a new cache passphrase (Qt-free): length first, then variety."""

from __future__ import annotations

import enum
from dataclasses import dataclass

MIN_LENGTH = 10


class Strength(enum.Enum):
    TOO_SHORT = "too short"
    WEAK = "weak"
    FAIR = "fair"
    STRONG = "strong"


@dataclass(frozen=True, slots=True)
class StrengthHint:
    strength: Strength
    text: str

    @property
    def acceptable(self) -> bool:
        return self.strength is not Strength.TOO_SHORT


def assess(passphrase: str) -> StrengthHint:
    """How hard the passphrase is to guess, in words.

    >>> assess("abc").strength
    <Strength.TOO_SHORT: 'too short'>
    >>> assess("correct horse battery staple").strength
    <Strength.STRONG: 'strong'>
    """
    if len(passphrase) < MIN_LENGTH:
        return StrengthHint(Strength.TOO_SHORT, f"Too short: use at least {MIN_LENGTH} characters.")
    classes = sum(
        (
            any(c.islower() for c in passphrase),
            any(c.isupper() for c in passphrase),
            any(c.isdigit() for c in passphrase),
            any(not c.isalnum() for c in passphrase),
        )
    )
    words = len(passphrase.split())
    if len(passphrase) >= 20 or words >= 4 or (len(passphrase) >= 14 and classes >= 3):
        return StrengthHint(Strength.STRONG, "Strong.")
    if len(passphrase) >= 14 or classes >= 3:
        return StrengthHint(Strength.FAIR, "Fair: a longer phrase of several words is stronger.")
    return StrengthHint(Strength.WEAK, "Weak: add words, or mix letters, digits and symbols.")
