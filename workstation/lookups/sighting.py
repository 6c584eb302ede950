"""Recording a serial sighting: the officer signs it, the node logs it, the mirror catches up.

One sighting per entry and serial: checking the same entry's item again does
not log a second one. The record is a ``SerialSighting`` credential
(``trade.record_parsing``) signed with the officer's registered key; CBP's
registered staff may sign sightings (``trade.records``).
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, time

import rfc8785

import ledger_client
from ledger_client.credentials import JsonObject, ProofOptions, SigningKey, sign_credential
from trade import record_source, record_types
from workstation.lookups.inputs import InputError
from workstation.lookups.queries import Observation

MAX_ANSWER_BYTES = 64 * 1024


def already_logged(observed: Observation, index: record_source.RecordSource) -> bool:
    """Whether this entry's item was already logged as a sighting of its serial."""
    item = observed.item
    return any(s.entry_number == item.entry_number for s in index.sightings_of(item.serial or "") if item.entry_number)


def sighting_credential(observed: Observation, key: SigningKey, *, port: str | None) -> bytes:
    """The signed ``SerialSighting`` for an observed item, as the JCS bytes the node logs."""
    item = observed.item
    if not item.serial or not item.entry_number:
        raise InputError("serial", "a sighting needs the observed serial and the entry it came in")
    sid = f"SS-{item.entry_number}-{item.serial}"
    subject: JsonObject = {
        "id": sid,
        "type": "SerialSighting",
        "profile": item.profile_id,
        "serial": item.serial,
        "seenOn": observed.examined_on.isoformat(),
        "entryNumber": item.entry_number,
    }
    if port:
        subject["port"] = port
    document: JsonObject = {
        "@context": [str(c) for c in record_types.CONTEXTS],
        "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'sighting/' + sid)}",
        "type": ["VerifiableCredential", "SerialSighting"],
        "issuer": key.did,
        "validFrom": f"{observed.examined_on.isoformat()}T00:00:00Z",
        "credentialSubject": subject,
    }
    created = datetime.combine(observed.examined_on, time(12, 0), tzinfo=UTC)
    return bytes(rfc8785.dumps(sign_credential(document, key, ProofOptions(created=created))))


def submit(transport: ledger_client.Transport, entry: bytes) -> int:
    """POST the entry to the node; the answer comes once it is logged under a published checkpoint.

    Raises:
        TransportError: the node refused it (its JSON reason is in ``body``) or could not be reached.
        MalformedResponseError: the answer is not ``{"index": N, ...}``.
    """
    answer = transport.post("add-entry", entry, limit=MAX_ANSWER_BYTES, content_type="application/json")
    try:
        index = json.loads(answer)["index"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ledger_client.MalformedResponseError(
            "the node's answer to add-entry has no index", what="add-entry answer", received=answer
        ) from exc
    if not isinstance(index, int) or isinstance(index, bool) or index < 0:
        raise ledger_client.MalformedResponseError(
            "the node's answer to add-entry has no valid index", what="add-entry answer", received=answer
        )
    return index
