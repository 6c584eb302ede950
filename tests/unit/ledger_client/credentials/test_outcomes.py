"""The error taxonomy and the outcome enums agree, and the modules' docstring examples run."""

from __future__ import annotations

import doctest
import importlib
import inspect

import pytest

from ledger_client import errors
from ledger_client.credentials import CredentialOutcome, ProofOutcome

PROOF_ERRORS = [errors.CredentialFormatError, errors.CredentialProofError]
CREDENTIAL_ERRORS = [errors.CredentialValidityError, errors.CredentialStatusError]


def _subclasses(base: type) -> list[type]:
    found = [base]
    for sub in base.__subclasses__():
        found.extend(_subclasses(sub))
    return found


@pytest.mark.parametrize("cls", [c for b in PROOF_ERRORS for c in _subclasses(b)], ids=lambda c: c.__name__)
def test_every_proof_error_names_a_proof_outcome(cls: type[errors.LedgerError]) -> None:
    assert ProofOutcome(cls.OUTCOME) is not ProofOutcome.VALID  # type: ignore[attr-defined]


@pytest.mark.parametrize("cls", [c for b in CREDENTIAL_ERRORS for c in _subclasses(b)], ids=lambda c: c.__name__)
def test_every_credential_error_names_a_credential_outcome(cls: type[errors.LedgerError]) -> None:
    assert CredentialOutcome(cls.OUTCOME) is not CredentialOutcome.VALID  # type: ignore[attr-defined]


def test_every_failure_outcome_has_an_error_class() -> None:
    proof_outcomes = {c.OUTCOME for b in PROOF_ERRORS for c in _subclasses(b)}  # type: ignore[attr-defined]
    credential_outcomes = {c.OUTCOME for b in CREDENTIAL_ERRORS for c in _subclasses(b)}  # type: ignore[attr-defined]
    assert proof_outcomes == {o.value for o in ProofOutcome} - {"valid"}
    assert credential_outcomes == {o.value for o in CredentialOutcome} - {"valid"}


def test_issue_outcome_lists_are_all_present() -> None:
    assert {o.value for o in ProofOutcome} >= {
        "valid", "invalid_signature", "malformed", "unsupported_cryptosuite", "unresolvable_verification_method",
        "context_mismatch", "invalid_created", "wrong_proof_purpose", "proof_expired",
    }
    assert {o.value for o in CredentialOutcome} == {
        "valid", "not_a_credential", "issuer_mismatch", "not_yet_valid", "expired", "revoked", "suspended",
        "status_error",
    }


def test_details_carry_evidence_and_user_message_is_fixed() -> None:
    exc = errors.IssuerMismatchError("mismatch", issuer="did:web:<script>", controller="did:key:z6Mk")
    assert exc.details()["issuer"] == "did:web:<script>"
    assert "<script>" not in str(exc)
    assert "<script>" not in exc.user_message()
    status = errors.StatusListError("unknown", code="RANGE_ERROR", status_list="https://s", purpose="revocation",
                                    index=9)
    assert status.details()["code"] == "RANGE_ERROR"
    assert status.details()["index"] == 9


MODULES = [
    "ledger_client.credentials",
    "ledger_client.credentials.strict_json",
    "ledger_client.credentials.xsd_datetime",
    "ledger_client.credentials.multikey",
    "ledger_client.credentials.did_key",
    "ledger_client.credentials.signing_key",
    "ledger_client.credentials.status_list",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


def test_every_verifier_module_is_small() -> None:
    package = importlib.import_module("ledger_client.credentials")
    for name in package.__all__:
        obj = getattr(package, name)
        module = inspect.getmodule(obj)
        if module is not None and module.__file__:
            assert len(inspect.getsource(module).splitlines()) < 300, module.__name__
