"""Strict parsing of untrusted JSON text into I-JSON values, and their JCS canonical bytes.

I-JSON (RFC 7493) is JSON with the ambiguities removed: member names are unique
(§2.3), strings are valid Unicode (§2.1) and numbers are IEEE-754 doubles (§2.2).
Python's ``json`` module keeps the last of two duplicate members, accepts
``NaN``, unpaired surrogates and integers of any size, so each is refused here.
The parsed value, never the received text, is what gets canonicalised with JCS
(RFC 8785) and hashed.

>>> parse_json_object('{"b": 1.0, "a": [true, null]}')
{'b': 1.0, 'a': [True, None]}
>>> canonicalize({"b": 1.0, "a": [True, None]})
b'{"a":[true,null],"b":1}'
"""

from __future__ import annotations

import json
import json.encoder as json_encoder
import math
import re
from collections.abc import Callable, Sequence
from typing import TypeAlias

import rfc8785

from ledger_client.errors import CredentialFormatError

JsonValue: TypeAlias = "bool | int | float | str | list[JsonValue] | dict[str, JsonValue] | None"
JsonObject: TypeAlias = "dict[str, JsonValue]"

#: Largest document accepted; a ledger entry is at most 64 KiB, a status list a little more.
MAX_JSON_BYTES = 1024 * 1024
#: Deepest nesting of arrays and objects accepted.
MAX_JSON_DEPTH = 48
#: I-JSON §2.2: integers beyond ±(2**53 - 1) do not survive a round trip through a double.
MAX_SAFE_INTEGER = 2**53 - 1


#: A JSON escape of a UTF-16 surrogate; only such text can hold a lone surrogate after parsing.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]", re.ASCII)


class _RefusedError(ValueError):
    """Raised inside the json hooks; turned into a CredentialFormatError by parse_json."""


def _object_without_duplicates(pairs: list[tuple[str, JsonValue]]) -> JsonObject:
    obj: JsonObject = dict(pairs)
    if len(obj) != len(pairs):  # a name that came twice was kept once
        raise _RefusedError("an object has a duplicate member name")
    return obj


def _safe_int(text: str) -> int:
    value = int(text)
    if abs(value) > MAX_SAFE_INTEGER:
        raise _RefusedError("an integer is outside the I-JSON range of ±(2**53 - 1)")
    return value


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _RefusedError("a number overflows an IEEE-754 double")
    return value


def _no_constant(text: str) -> JsonValue:
    raise _RefusedError("NaN and Infinity are not JSON")


def parse_json(
    text: str, *, what: str = "credential", max_bytes: int = MAX_JSON_BYTES, max_depth: int = MAX_JSON_DEPTH
) -> JsonValue:
    """Parse untrusted JSON text strictly (RFC 8259 + RFC 7493 I-JSON).

    Raises:
        CredentialFormatError: not JSON, not I-JSON, over ``max_bytes`` or deeper than ``max_depth``.
    """
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:
        raise CredentialFormatError(f"the {what} has an unpaired surrogate", what=what) from None
    if size > max_bytes:
        raise CredentialFormatError(f"the {what} is {size} bytes, over the {max_bytes}-byte limit", what=what)
    try:
        value: JsonValue = json.loads(
            text,
            object_pairs_hook=_object_without_duplicates,
            parse_int=_safe_int,
            parse_float=_finite_float,
            parse_constant=_no_constant,
        )
    except _RefusedError as exc:
        raise CredentialFormatError(f"the {what} is not I-JSON: {exc}", what=what) from None
    except RecursionError:
        raise CredentialFormatError(f"the {what} is nested too deeply", what=what) from None
    except ValueError as exc:  # json.JSONDecodeError; its position is ours to report, not the text
        raise CredentialFormatError(f"the {what} is not JSON", what=what) from exc
    if _SURROGATE_ESCAPE.search(text):  # only escapes can put a lone surrogate in a parsed string
        check_i_json(value, what=what, max_depth=max_depth)
    elif (
        isinstance(value, dict | list)
        # fewer brackets than levels (counted in strings too, so never too few) cannot nest too deep
        and text.count("{") + text.count("[") > max_depth
        and _deeper_than(value, max_depth)
    ):
        raise CredentialFormatError(f"the {what} is nested deeper than {max_depth}", what=what)
    return value


def _deeper_than(container: dict[str, JsonValue] | list[JsonValue], levels: int) -> bool:
    """Whether containers nest more than ``levels`` deep (recursion is bounded by ``levels``)."""
    if levels == 0:
        return True
    for member in container.values() if isinstance(container, dict) else container:
        if isinstance(member, dict | list) and _deeper_than(member, levels - 1):
            return True
    return False


def parse_json_object(text: str, *, what: str = "credential", max_bytes: int = MAX_JSON_BYTES) -> JsonObject:
    """Parse untrusted JSON text that must be one object.

    Raises:
        CredentialFormatError: as ``parse_json``, or the value is not an object.
    """
    value = parse_json(text, what=what, max_bytes=max_bytes)
    if not isinstance(value, dict):
        raise CredentialFormatError(f"the {what} is not a JSON object", what=what)
    return value


def check_i_json(value: JsonValue, *, what: str = "credential", max_depth: int = MAX_JSON_DEPTH) -> None:
    """Walk a value (without recursion) and refuse what I-JSON forbids or our caps exceed.

    Raises:
        CredentialFormatError: an unpaired surrogate, an out-of-range number, a non-string
            member name, a non-JSON type, or nesting deeper than ``max_depth``.
    """
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            if depth >= max_depth:
                raise CredentialFormatError(f"the {what} is nested deeper than {max_depth}", what=what)
            for name, member in item.items():
                if not isinstance(name, str):
                    raise CredentialFormatError(f"the {what} has a member name that is not a string", what=what)
                _check_string(name, what)
                stack.append((member, depth + 1))
        elif isinstance(item, list):
            if depth >= max_depth:
                raise CredentialFormatError(f"the {what} is nested deeper than {max_depth}", what=what)
            stack.extend((member, depth + 1) for member in item)
        elif isinstance(item, str):
            _check_string(item, what)
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            if abs(item) > MAX_SAFE_INTEGER:
                raise CredentialFormatError(f"the {what} has an integer outside ±(2**53 - 1)", what=what)
        elif isinstance(item, float):
            if not math.isfinite(item):
                raise CredentialFormatError(f"the {what} has a number that is not finite", what=what)
        else:
            raise CredentialFormatError(f"the {what} holds a value that is not JSON", what=what)


def _check_string(text: str, what: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise CredentialFormatError(f"the {what} has a string with an unpaired surrogate", what=what) from None


_MAX_SAFE_INT = 2**53 - 1


def _json_dumps_is_jcs(value: JsonValue) -> bool:
    """True when ``json.dumps`` (sorted keys, no spaces) writes exactly the JCS bytes of ``value``.

    That holds for values with no floats, integers within ±(2**53 - 1) and ASCII member names:
    RFC 8785 §3.2.2.3 then orders names as code points (UTF-16 order equals code-point order
    for ASCII), §3.2.2.2 escapes strings as ``json.dumps`` does (the short escapes for
    backspace, tab, newline, form feed and carriage return, escaped quote and backslash,
    other control characters as lowercase ``u00xx`` escapes, everything else as UTF-8),
    and integers print alike.
    """
    stack: list[JsonValue] = [value]
    pop, extend = stack.pop, stack.extend
    while stack:  # exact type checks: this walk runs twice for every credential verified
        item = pop()
        kind = type(item)
        if kind is str or kind is bool or item is None:
            continue
        if kind is dict:
            assert isinstance(item, dict)
            if not "".join(item).isascii():  # every member name at once
                return False
            extend(item.values())
        elif kind is list:
            assert isinstance(item, list)
            extend(item)
        elif kind is int:
            assert isinstance(item, int)
            if not -_MAX_SAFE_INT <= item <= _MAX_SAFE_INT:
                return False
        else:  # a float, or anything else: the general canonicaliser decides
            return False
    return True


def _refuse(value: object) -> object:
    raise TypeError(f"{type(value).__name__} is not JSON")


#: The standard library's C encoder factory (``json.encoder.c_make_encoder``; absent from its type stubs).
_MAKE_ENCODER: Callable[..., Callable[[JsonValue, int], Sequence[str]]] | None = getattr(
    json_encoder, "c_make_encoder", None
)

if _MAKE_ENCODER is not None:
    # ``json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)``
    # without building an encoder on every call (this runs twice for every credential verified).
    # No circular-reference markers: a parsed value has no cycles.
    _ENCODE = _MAKE_ENCODER(None, _refuse, json_encoder.encode_basestring, None, ":", ",", True, False, False)

    def _dumps_sorted(value: JsonValue) -> str:
        return "".join(_ENCODE(value, 0))

else:  # pragma: no cover - an interpreter without the json accelerator

    def _dumps_sorted(value: JsonValue) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


def canonicalize(value: JsonValue) -> bytes:
    """The JCS (RFC 8785) canonical UTF-8 bytes of a parsed value.

    The common case (see :func:`_json_dumps_is_jcs`) is written by the standard library's C
    encoder; anything else by ``rfc8785``. Both give the same bytes: the JCS test vectors
    and a property test comparing them say so.

    Raises:
        CredentialFormatError: the value cannot be canonicalised (an I-JSON violation).
    """
    if _json_dumps_is_jcs(value):
        try:
            return _dumps_sorted(value).encode("utf-8")
        except (ValueError, UnicodeEncodeError) as exc:  # a lone surrogate: not I-JSON
            raise CredentialFormatError("a value cannot be canonicalised with JCS") from exc
    try:
        return bytes(rfc8785.dumps(value))
    except rfc8785.CanonicalizationError as exc:
        raise CredentialFormatError("a value cannot be canonicalised with JCS") from exc


def copy_json(value: JsonValue) -> JsonValue:
    """A deep copy of a parsed JSON value (dicts and lists rebuilt, scalars shared)."""
    if isinstance(value, dict):
        return {name: copy_json(member) for name, member in value.items()}
    if isinstance(value, list):
        return [copy_json(member) for member in value]
    return value


def copy_object(value: JsonObject) -> JsonObject:
    """A deep copy of a parsed JSON object."""
    return {name: copy_json(member) for name, member in value.items()}
