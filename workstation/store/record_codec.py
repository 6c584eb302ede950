"""Trade records to bytes and back, for the trade tables of the encrypted cache (``trade_records.record``).

A record is its parsed frozen dataclass, pickled. Pickle is safe to read here only
because of where the bytes come from and what the reader accepts:

- the cache is SQLCipher-encrypted and its pages HMAC-authenticated under the
  officer's passphrase, and these rows are written only by this process, from
  entries the mirror verified (``workstation.store.trade_view``): nobody else can
  write a row that decrypts;
- even so, :class:`_RecordUnpickler` resolves only the classes a trade record is
  made of (the dataclasses and enums of ``trade.record_types``, ``trade.identifiers``,
  ``trade.periods`` and ``trade.verdicts``, and ``datetime.date``) and :func:`_rebuild`,
  so a row could at worst decode into a wrong record, never run code.

A dataclass is stored as its class and its field values, and rebuilt by setting them
(:func:`_rebuild`), as pickle does by default but without looking the fields up each
time: decoding is on the path of every lookup.

Parsing the entry again instead would cost the JSON canonicalization and hashing
of ``record_index.read_logged`` at every lookup; pickle of the parsed value costs
tens of microseconds and keeps the record exactly as the rules saw it at sync.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import io
import pickle
from collections.abc import Callable
from types import ModuleType

from trade import identifiers, periods, record_types, verdicts
from trade.record_types import FailedRecord, TradeRecord

_PROTOCOL = 5
_MODULES: tuple[ModuleType, ...] = (record_types, identifiers, periods, verdicts)


def _allowed() -> dict[tuple[str, str], type]:
    """(module, name) of every class a record may contain."""
    found: dict[tuple[str, str], type] = {("datetime", "date"): datetime.date}
    for module in _MODULES:
        for name, value in vars(module).items():
            defined_here = isinstance(value, type) and value.__module__ == module.__name__
            if defined_here and (dataclasses.is_dataclass(value) or issubclass(value, enum.Enum)):
                found[(module.__name__, name)] = value
    return found


_ALLOWED = _allowed()
#: The field names of each record dataclass, in order.
_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in dataclasses.fields(cls)) for cls in _ALLOWED.values() if dataclasses.is_dataclass(cls)
}


class ForbiddenClassError(pickle.UnpicklingError):
    """A stored record names a class no trade record is made of."""


def _rebuild(cls: type, values: tuple[object, ...]) -> object:
    """A record dataclass from its field values (frozen: set as its own ``__init__`` would)."""
    names = _FIELDS.get(cls)
    if names is None:
        raise ForbiddenClassError(f"a stored trade record rebuilds {cls.__name__}, not a record dataclass")
    rebuilt: object = object.__new__(cls)
    for name, value in zip(names, values, strict=True):
        object.__setattr__(rebuilt, name, value)
    return rebuilt


_Reduced = tuple[Callable[..., object], tuple[object, ...]]


def _reduced(obj: object) -> _Reduced:
    """A record dataclass as ``_rebuild`` and its field values."""
    return _rebuild, (type(obj), tuple([getattr(obj, name) for name in _FIELDS[type(obj)]]))


class _RecordPickler(pickle.Pickler):
    # Looked up by pickle itself for these classes only: strings, tuples and dates never call back into Python.
    dispatch_table = dict.fromkeys(_FIELDS, _reduced)


class _RecordUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str, /) -> object:
        if (module, name) == (__name__, _rebuild.__name__):
            return _rebuild
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise ForbiddenClassError(f"a stored trade record names {module}.{name}") from None


def encode(record: TradeRecord | FailedRecord) -> bytes:
    out = io.BytesIO()
    _RecordPickler(out, protocol=_PROTOCOL).dump(record)
    return out.getvalue()


def decode(data: bytes) -> TradeRecord | FailedRecord:
    """The record ``encode`` wrote.

    Raises:
        ForbiddenClassError: the bytes name a class outside the record types.
    """
    record = _RecordUnpickler(io.BytesIO(data)).load()
    assert isinstance(record, TradeRecord | FailedRecord), type(record)
    return record
