"""Fixtures of the credential tests."""

from __future__ import annotations

import copy

import pytest

from ledger_client.credentials import JsonObject
from tests.unit.ledger_client.credentials import factory


@pytest.fixture
def origin() -> JsonObject:
    """A fresh signed CertificationOfOrigin without status, issued and signed by the test key."""
    return copy.deepcopy(factory.origin_signed())
