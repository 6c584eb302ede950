"""Trade identifiers: parse, validate, normalise; compare digits only (docs/domain.md §5).

Each identifier is a frozen value built by ``parse``; a bad value raises its own
``IdentifierError`` subclass naming the field, so a form can put the message
beside the right box.

>>> HsSubheading.parse("7323.93").digits
'732393'
>>> Htsus.parse("7323.93.0045").subheading == HsSubheading.parse("732393")
True
>>> Gtin.parse("20012345000052").kind
'GTIN-14'
>>> Country.parse("mx").code
'MX'
>>> UsptoNumber.parse("9,901,234").text
'9,901,234'
>>> RecordationNumber.parse("TMK 21-90017").text
'TMK 21-90017'
>>> EntryNumber.parse("B7A-0001031-6").text
'B7A-0001031-6'
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import ClassVar


class IdentifierError(ValueError):
    """An identifier that does not parse; ``field`` names the identifier (fixed text we wrote)."""

    field: ClassVar[str] = "identifier"

    def __init__(self, problem: str, value: str) -> None:
        super().__init__(f"{self.field}: {problem}")
        self.problem = problem
        self.value = value  # untrusted: show as plain text


class HsSubheadingError(IdentifierError):
    field = "HS subheading"


class HtsusError(IdentifierError):
    field = "HTSUS number"


class GtinError(IdentifierError):
    field = "GTIN"


class CountryError(IdentifierError):
    field = "country code"


class UsptoNumberError(IdentifierError):
    field = "USPTO number"


class RecordationNumberError(IdentifierError):
    field = "CBP recordation number"


class ImporterNumberError(IdentifierError):
    field = "importer number"


class EntryNumberError(IdentifierError):
    field = "entry number"


_SEPARATORS = re.compile(r"[\s.\-]")


def _digits(text: str, error: type[IdentifierError], lengths: tuple[int, ...]) -> str:
    """The digits of ``text`` after removing dots, dashes and spaces; exactly one of ``lengths`` long."""
    digits = _SEPARATORS.sub("", text)
    if not digits.isascii() or not digits.isdigit():
        raise error("only digits, dots, dashes and spaces are allowed", text)
    if len(digits) not in lengths:
        names = [str(n) for n in lengths]
        wanted = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
        raise error(f"{len(digits)} digits where {wanted} are expected", text)
    return digits


@dataclass(frozen=True, slots=True, order=True)
class HsSubheading:
    """A Harmonized System subheading: 6 digits, printed ``dddd.dd``."""

    digits: str

    def __post_init__(self) -> None:
        if len(self.digits) != 6 or not self.digits.isascii() or not self.digits.isdigit():
            raise HsSubheadingError("an HS subheading is 6 digits", self.digits)

    @classmethod
    def parse(cls, text: str) -> HsSubheading:
        """``7323.93``, ``732393`` or ``7323 93``.

        Raises:
            HsSubheadingError: not 6 digits.
        """
        return cls(_digits(text, HsSubheadingError, (6,)))

    @property
    def chapter(self) -> int:
        return int(self.digits[:2])

    @property
    def heading(self) -> str:
        return self.digits[:4]

    @property
    def text(self) -> str:
        return f"{self.digits[:4]}.{self.digits[4:]}"

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True, order=True)
class Htsus:
    """A US tariff number: 8-digit rate line plus 2 statistical digits, printed ``dddd.dd.dddd``.

    An 8-digit rate line alone is accepted too (``statistical`` is then empty).
    """

    digits: str

    def __post_init__(self) -> None:
        if len(self.digits) not in (8, 10) or not self.digits.isascii() or not self.digits.isdigit():
            raise HtsusError("an HTSUS number is 8 or 10 digits", self.digits)

    @classmethod
    def parse(cls, text: str) -> Htsus:
        """Raises HtsusError unless 8 or 10 digits (dots, dashes, spaces ignored)."""
        return cls(_digits(text, HtsusError, (8, 10)))

    @property
    def subheading(self) -> HsSubheading:
        """Digits 1-6, the internationally harmonised part."""
        return HsSubheading(self.digits[:6])

    @property
    def chapter(self) -> int:
        return int(self.digits[:2])

    @property
    def text(self) -> str:
        base = f"{self.digits[:4]}.{self.digits[4:6]}.{self.digits[6:8]}"
        return base + self.digits[8:] if len(self.digits) == 8 else f"{base}{self.digits[8:]}"

    def __str__(self) -> str:
        return self.text


def gtin_check_digit(body: str) -> int:
    """The GS1 check digit of ``body`` (all digits but the check digit; GS1 General Specifications 7.9.1).

    Weights 3, 1, 3, ... run leftward from the digit before the check digit.

    >>> gtin_check_digit("2001234500005")
    2
    """
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


@dataclass(frozen=True, slots=True)
class Gtin:
    """A GTIN-8, -12, -13 or -14 with a correct check digit; ``digits`` as printed (no padding)."""

    digits: str

    def __post_init__(self) -> None:
        if len(self.digits) not in (8, 12, 13, 14) or not self.digits.isascii() or not self.digits.isdigit():
            raise GtinError("a GTIN is 8, 12, 13 or 14 digits", self.digits)
        if gtin_check_digit(self.digits[:-1]) != int(self.digits[-1]):
            raise GtinError("the check digit is wrong", self.digits)

    @classmethod
    def parse(cls, text: str) -> Gtin:
        """Raises GtinError for a wrong length or check digit."""
        return cls(_digits(text, GtinError, (8, 12, 13, 14)))

    @property
    def kind(self) -> str:
        return f"GTIN-{len(self.digits)}"

    @property
    def gtin14(self) -> str:
        """Left-padded to 14 digits: two GTINs are the same item when these are equal."""
        return self.digits.rjust(14, "0")

    def same_item(self, other: Gtin) -> bool:
        return self.gtin14 == other.gtin14


#: ISO 3166-1 alpha-2 officially assigned codes.
_ISO_CODES = """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY
    BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK
    FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR
    IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK
    ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
    PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF
    TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
"""
ISO_3166_ALPHA2 = frozenset(_ISO_CODES.split())


@dataclass(frozen=True, slots=True, order=True)
class Country:
    """An ISO 3166-1 alpha-2 country (``MX``, never ``MEX``)."""

    code: str

    def __post_init__(self) -> None:
        if self.code not in ISO_3166_ALPHA2:
            raise CountryError("not an ISO 3166-1 alpha-2 code", self.code)

    @classmethod
    def parse(cls, text: str) -> Country:
        """Case-insensitive; raises CountryError for alpha-3 codes, names and unassigned codes."""
        code = text.strip().upper()
        if len(code) != 2:
            raise CountryError("use the two-letter ISO 3166-1 code (MX, not MEX)", text)
        return cls(code)

    def __str__(self) -> str:
        return self.code


class UsptoKind(enum.StrEnum):
    REGISTRATION = "registration"
    APPLICATION_SERIAL = "application serial"


@dataclass(frozen=True, slots=True)
class UsptoNumber:
    """A USPTO trademark number: a registration (up to 7 digits) or an application serial (8 digits)."""

    digits: str

    def __post_init__(self) -> None:
        if not (1 <= len(self.digits) <= 8) or not self.digits.isascii() or not self.digits.isdigit():
            raise UsptoNumberError("a registration is up to 7 digits, a serial 8", self.digits)
        if self.digits.startswith("0"):
            raise UsptoNumberError("a USPTO number has no leading zero", self.digits)

    @classmethod
    def parse(cls, text: str) -> UsptoNumber:
        """Accepts commas only in their printed places (``9,901,234``)."""
        stripped = text.strip()
        digits = stripped.replace(",", "")
        if "," in stripped and (not digits.isdigit() or stripped != f"{int(digits):,}"):
            raise UsptoNumberError("commas are not in the thousands places", text)
        return cls(digits)

    @property
    def kind(self) -> UsptoKind:
        return UsptoKind.APPLICATION_SERIAL if len(self.digits) == 8 else UsptoKind.REGISTRATION

    @property
    def text(self) -> str:
        """A registration with commas; a serial as 8 plain digits."""
        return self.digits if self.kind is UsptoKind.APPLICATION_SERIAL else f"{int(self.digits):,}"


_RECORDATION = re.compile(r"(TMK|COP) ?(\d{2})-(\d{5})")


@dataclass(frozen=True, slots=True)
class RecordationNumber:
    """A CBP recordation: ``TMK yy-nnnnn`` (trademark) or ``COP yy-nnnnn`` (copyright)."""

    prefix: str
    year: str
    serial: str

    @classmethod
    def parse(cls, text: str) -> RecordationNumber:
        """Raises RecordationNumberError unless ``TMK yy-nnnnn`` or ``COP yy-nnnnn`` (case-insensitive)."""
        match = _RECORDATION.fullmatch(text.strip().upper())
        if match is None:
            raise RecordationNumberError("expected TMK yy-nnnnn or COP yy-nnnnn", text)
        return cls(match.group(1), match.group(2), match.group(3))

    @property
    def is_trademark(self) -> bool:
        return self.prefix == "TMK"

    @property
    def text(self) -> str:
        return f"{self.prefix} {self.year}-{self.serial}"

    def __str__(self) -> str:
        return self.text


class ImporterNumberKind(enum.StrEnum):
    EIN = "EIN with suffix"
    SSN = "SSN"
    CBP_ASSIGNED = "CBP-assigned"


_IMPORTER_FORMATS = (
    (re.compile(r"\d{2}-\d{7}[0-9A-Z]{2}"), ImporterNumberKind.EIN),
    (re.compile(r"\d{3}-\d{2}-\d{4}"), ImporterNumberKind.SSN),
    (re.compile(r"\d{6}-\d{5}"), ImporterNumberKind.CBP_ASSIGNED),
)


@dataclass(frozen=True, slots=True)
class ImporterNumber:
    """An importer of record number (CBP Form 5106): ``NN-NNNNNNNXX``, ``NNN-NN-NNNN`` or ``YYDDPP-NNNNN``."""

    text: str
    kind: ImporterNumberKind

    @classmethod
    def parse(cls, text: str) -> ImporterNumber:
        """Raises ImporterNumberError unless one of the three printed formats (dashes required)."""
        normal = text.strip().upper()
        for pattern, kind in _IMPORTER_FORMATS:
            if pattern.fullmatch(normal):
                return cls(normal, kind)
        raise ImporterNumberError("expected NN-NNNNNNNXX, NNN-NN-NNNN or YYDDPP-NNNNN", text)

    @property
    def digits(self) -> str:
        return self.text.replace("-", "")


#: CBP CATAIR Appendix E: letters of the filer code count as digits (A/J=1, B/K/S=2 ... I/R/Z=9).
_LETTER_VALUES = {letter: (i % 9) + 1 for i, letter in enumerate("ABCDEFGHIJKLMNOPQR")} | {
    letter: i + 2 for i, letter in enumerate("STUVWXYZ")
}


def entry_check_digit(filer_code: str, transaction: str) -> int:
    """The entry number check digit: Luhn (mod 10) over filer code and transaction number.

    Letters of the filer code take the values of CBP CATAIR Appendix E before the
    doubling from the right.

    >>> entry_check_digit("B7A", "0001031")
    6
    """
    values = [_LETTER_VALUES[c] if c.isalpha() else int(c) for c in filer_code + transaction]
    total = 0
    for i, value in enumerate(reversed(values)):
        doubled = value * 2 if i % 2 == 0 else value
        total += doubled - 9 if doubled > 9 else doubled
    return (10 - total % 10) % 10


_ENTRY = re.compile(r"([0-9A-Z]{3})-?(\d{7})-?(\d)")


@dataclass(frozen=True, slots=True)
class EntryNumber:
    """An entry number: filer code (3 characters), 7-digit transaction number, check digit."""

    filer_code: str
    transaction: str
    check: int

    def __post_init__(self) -> None:
        if _ENTRY.fullmatch(f"{self.filer_code}{self.transaction}{self.check}") is None:
            raise EntryNumberError("expected a 3-character filer code, 7 digits and a check digit", self.text)
        if entry_check_digit(self.filer_code, self.transaction) != self.check:
            raise EntryNumberError("the check digit is wrong", self.text)

    @classmethod
    def parse(cls, text: str) -> EntryNumber:
        """``B7A-0001031-6`` or ``B7A00010317``; raises EntryNumberError for the format or check digit."""
        match = _ENTRY.fullmatch(text.strip().upper())
        if match is None:
            raise EntryNumberError("expected a 3-character filer code, 7 digits and a check digit", text)
        return cls(match.group(1), match.group(2), int(match.group(3)))

    @classmethod
    def build(cls, filer_code: str, transaction: str) -> EntryNumber:
        """The entry number with its check digit computed."""
        return cls(filer_code, transaction, entry_check_digit(filer_code, transaction))

    @property
    def text(self) -> str:
        return f"{self.filer_code}-{self.transaction}-{self.check}"

    def __str__(self) -> str:
        return self.text
