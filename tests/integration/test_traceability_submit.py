"""Traceability credentials on a real ledger: ``workstation submit`` to ``ledger-node serve --demo`` over loopback.

Each example of the W3C CCG Traceability vocabulary (``tests/assets/traceability``) is
re-issued by a demo party under its DEMO key, signed, submitted, included under the demo
witness's checkpoint and synced; then the lookups run on the resulting mirror. A did:web
issuer is submitted after CBP's DEMO key registers it for the party.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import rfc8785

import ledger_client
from ledger_client.credentials import ProofOptions, SigningKey, load_key_file, sign_credential
from trade import record_types
from trade.demo import documents
from trade.demo.parties import BY_ID
from workstation.__main__ import main
from workstation.demo_ledger import DemoLedger

DEMO = Path(str(resources.files("resources"))) / "demo"
ASSETS = Path(__file__).resolve().parents[1] / "assets" / "traceability"
SIGNED = datetime(2022, 12, 15, 12, tzinfo=UTC)
WEB = "did:web:prime-steel.example.com"  # the USMCA example's own issuer
AS_OF = "2025-06-30"


def key(party: str) -> SigningKey:
    name = "DEMO_cbp.key" if party == "CBP" else f"parties/DEMO_{party}.key"
    return load_key_file(DEMO / name).key


def example(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((ASSETS / f"{name}.vc2-unsigned.json").read_text(encoding="utf-8"))
    return loaded


def reissued(name: str, party: str) -> dict[str, Any]:
    document = example(name)
    document["issuer"]["id"] = key(party).did
    return document


def signed(document: dict[str, Any], signer: SigningKey, method: str | None = None) -> dict[str, Any]:
    return sign_credential(document, signer, ProofOptions(created=SIGNED, verification_method=method))


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoLedger]:
    ledger = DemoLedger(tmp_path_factory.mktemp("demo-ledger"))
    ledger.start()
    try:
        yield ledger
    finally:
        ledger.stop()


@pytest.fixture(scope="module")
def env(node: DemoLedger, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    values = {
        "XDG_DATA_HOME": str(tmp_path_factory.mktemp("xdg")),
        "WORKSTATION_PASSPHRASE": "demo officer passphrase",
    }
    with pytest.MonkeyPatch.context() as mp:
        for k, v in values.items():
            mp.setenv(k, v)
        assert node.url is not None
        assert main(["sync", "--ledger", node.url, "--trust", str(DEMO / "trust.json")]) == 0
        yield values


def run(capsys: pytest.CaptureFixture[str], mp: pytest.MonkeyPatch, env: dict[str, str], *argv: str):  # type: ignore[no-untyped-def]
    for k, v in env.items():
        mp.setenv(k, v)
    capsys.readouterr()
    code = main(list(argv))
    return code, json.loads(capsys.readouterr().out)


def submit(capsys, mp, env, tmp_path: Path, document: dict[str, Any]):  # type: ignore[no-untyped-def]
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return run(capsys, mp, env, "submit", str(path))


EXAMPLES = [
    ("USMCACertificationOfOrigin", "P-NOPAL", "CertificationOfOrigin"),
    ("IntellectualPropertyRightsCredential", "P-LARKSPUR", "RightsRecord"),
    ("IntellectualPropertyRightsLicenseCredential", "P-LARKSPUR", "TrademarkLicence"),
    ("CBP7501EntrySummaryCredential", "P-BLUEGILL", "EntrySummaryLine"),
]


@pytest.mark.slow
def test_traceability_on_a_real_node(capsys, monkeypatch, env, node, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # 1. each example, signed by a registered demo party, goes on the ledger and reads back as its record
    for name, party, record_type in EXAMPLES:
        code, out = submit(capsys, monkeypatch, env, tmp_path, signed(reissued(name, party), key(party)))
        assert code == 0, out
        assert out["checkpoint"]["witnesses"] == ["demo-witness.customs-ledger.example"]
        assert out["checkpoint"]["size"] > out["index"]
        assert [(r["type"], r["vocabulary"], r["signer_party"]) for r in out["records"]] == [
            (record_type, "traceability", party)
        ]

    # 2. the lookups on the resulting mirror
    line = {
        "entry": "E-TR-1",
        "importer": "Bluegill",
        "origin": "MX",
        "hts": "7213.20.0000",
        "spi": "S",
        "import_date": "2023-03-10",
        "claim_date": "2023-03-20",
        "certification": "urn:uuid:c9d24347-0e04-4e01-9567-7f2778fed94a",
    }
    line_file = tmp_path / "line.json"
    line_file.write_text(json.dumps(line), encoding="utf-8")
    code, out = run(capsys, monkeypatch, env, "check", "origin", "--entry-line", str(line_file), "--as-of", AS_OF)
    assert (code, out["verdict"], out["reasons"]) == (
        0,
        "REVIEW",
        ["NOT_IN_VOCABULARY"],
    )  # parties named, not identified
    assert {r["vocabulary"] for r in out["records"]} == {"traceability"}
    code, out = run(
        capsys, monkeypatch, env, "check", "origin", "--entry", "urn:uuid:96d1840d-a5ad-4185-9de5-7fc3eac2cc4c"
    )
    assert (code, out["verdict"], out["reasons"]) == (
        0,
        "NOT_FOUND",
        ["NO_CERTIFICATION"],
    )  # no claim in the vocabulary
    for entry, verdict, reasons in (("E-3001", "PASS", []), ("E-3002", "FAIL", ["HS_MISMATCH"])):
        code, out = run(capsys, monkeypatch, env, "check", "origin", "--entry", entry, "--as-of", AS_OF)
        assert (code, out["verdict"], out["reasons"]) == (0, verdict, reasons)
    shipment = {
        "shipment": "S-TR",
        "shipper": "Fjellstua",
        "mark": "LARKSPUR",
        "hs": "6110.20",
        "making_country": "NO",
        "ship_date": "2025-05-02",
        "market": "US",
    }
    shipment_file = tmp_path / "shipment.json"
    shipment_file.write_text(json.dumps(shipment), encoding="utf-8")
    code, out = run(capsys, monkeypatch, env, "check", "licence", "--shipment", str(shipment_file), "--as-of", AS_OF)
    assert (code, out["verdict"], out["reasons"]) == (0, "REVIEW", ["NOT_IN_VOCABULARY"])
    assert "TR-LIC-001" in {r["id"] for r in out["records"]}

    # 3. a did:web issuer: refused until CBP registers it for the party, then believed
    nopal = key("P-NOPAL")
    as_web = signed(example("USMCACertificationOfOrigin"), nopal, f"{WEB}#{nopal.did.removeprefix('did:key:')}")
    code, out = submit(capsys, monkeypatch, env, tmp_path, as_web)
    assert (code, out["reason"]) == (2, "UNREGISTERED_SIGNER")
    with pytest.raises(ledger_client.TransportError) as refused:  # the node refuses it on its own too
        ledger_client.HttpTransport(str(node.url)).post(
            "add-entry", rfc8785.dumps(as_web), limit=4096, content_type="application/json"
        )
    assert refused.value.status == 403
    registration = documents.registration(BY_ID["P-NOPAL"], nopal.did).subject
    registration["dids"] = [WEB]
    cbp_document = {
        "@context": list(record_types.CONTEXTS),
        "id": "urn:test:P-NOPAL-web",
        "type": ["VerifiableCredential", "PartyRegistration"],
        "issuer": key("CBP").did,
        "validFrom": "2022-12-01T00:00:00Z",
        "credentialSubject": registration,
    }
    code, out = submit(capsys, monkeypatch, env, tmp_path, signed(cbp_document, key("CBP")))
    assert code == 0, out
    code, out = submit(capsys, monkeypatch, env, tmp_path, as_web)
    assert code == 0, out
    assert [(r["type"], r["signer_party"]) for r in out["records"]] == [("CertificationOfOrigin", "P-NOPAL")]


@pytest.mark.slow
def test_submit_refuses_a_malformed_credential_before_the_node_sees_it(capsys, monkeypatch, env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    document = reissued("USMCACertificationOfOrigin", "P-NOPAL")
    document["credentialSubject"]["goods"][0]["originCriterion"] = "E"
    code, out = submit(capsys, monkeypatch, env, tmp_path, signed(document, key("P-NOPAL")))
    assert (code, out["reason"]) == (2, "MALFORMED_RECORD")
    assert "originCriterion" in out["message"]
    code, out = submit(capsys, monkeypatch, env, tmp_path, reissued("USMCACertificationOfOrigin", "P-NOPAL"))
    assert (code, out["reason"]) == (2, "BAD_SIGNATURE")  # unsigned
