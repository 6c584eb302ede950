"""Properties: any JSON document signs and verifies; no single change to the signed bytes verifies."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ledger_client.credentials import (
    JsonObject,
    ProofOutcome,
    Verdict,
    check_credential_text,
    sign_credential,
    strict_json,
    verify_credential,
)
from ledger_client.credentials.issuing import ProofOptions
from ledger_client.errors import CredentialFormatError
from tests.unit.ledger_client.credentials.factory import AT, CREATED, TEST_KEY

_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53 - 1), max_value=2**53 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
)
_json = st.recursive(
    _scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=20,
)


def _credential(subject: dict[str, Any]) -> JsonObject:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": TEST_KEY.did,
        "credentialSubject": subject,
    }


@settings(max_examples=60, deadline=None)
@given(subject=st.dictionaries(st.text(max_size=6), _json, max_size=5))
def test_random_documents_sign_then_verify(subject: dict[str, Any]) -> None:
    document = sign_credential(_credential(subject), TEST_KEY, ProofOptions(created=CREATED))
    verified = verify_credential(document, at=AT)
    assert strict_json.canonicalize(verified.document) == strict_json.canonicalize(_credential(subject))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    subject=st.dictionaries(st.text(max_size=6), _json, min_size=1, max_size=4),
    position=st.integers(min_value=0),
    replacement=st.integers(min_value=0, max_value=255),
)
def test_any_single_byte_change_of_the_signed_bytes_is_rejected(
    subject: dict[str, Any], position: int, replacement: int
) -> None:
    document = sign_credential(_credential(subject), TEST_KEY, ProofOptions(created=CREATED))
    signed_bytes = strict_json.canonicalize(document)
    index = position % len(signed_bytes)
    assume(signed_bytes[index] != replacement)
    mutated = signed_bytes[:index] + bytes([replacement]) + signed_bytes[index + 1 :]
    try:
        received = mutated.decode("utf-8")
        same_value = strict_json.canonicalize(strict_json.parse_json(received)) == signed_bytes
    except (UnicodeDecodeError, CredentialFormatError):
        return  # not even text or JSON: rejected before any check (the CLI refuses non-UTF-8 input)
    assume(not same_value)  # e.g. "\u001f" -> "\u001F": a different spelling of the same signed value
    check = check_credential_text(received, at=AT)
    assert check.verdict is Verdict.REJECT
    assert check.proof is not ProofOutcome.VALID
