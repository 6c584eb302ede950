"""The headless workstation on the demo ledger: sync over loopback HTTP, then the verdicts DOMAIN prescribes.

The ledger is served by ``tests/helpers/log_server.py`` (test log and witness keys; the
demo's records and its pinned CBP key); the real node is exercised in ``test_node_*``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.signed_log import SignedLog
from tests.helpers.synced_profile import synced_cli_env
from trade import demo
from workstation.__main__ import main

AS_OF = "2025-06-30"


@pytest.fixture(scope="module")
def demo_ledger() -> demo.DemoLedger:
    return demo.generate()


@pytest.fixture(scope="module")
def profile_env(tmp_path_factory: pytest.TempPathFactory, demo_ledger: demo.DemoLedger) -> Iterator[dict[str, str]]:
    """A profile synced once with the whole demo ledger; the node stays up for the module."""
    with synced_cli_env(tmp_path_factory, demo_ledger.entries, demo_ledger.cbp_issuer) as env:
        yield env


def check(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, env: dict[str, str], *argv: str):  # type: ignore[no-untyped-def]
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    capsys.readouterr()
    code = main(["check", *argv])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    ("entry", "verdict", "reason"),
    [
        ("E-1001", "PASS", None),
        ("E-1002", "FAIL", "BLANKET_NOT_COVERING"),
        ("E-1031", "FAIL", "REVOKED_AFTER_CLAIM"),
        ("E-1004", "FAIL", "CERTIFIER_MISMATCH"),
        ("E-1006", "FAIL", "HS_MISMATCH"),
        ("E-1008", "REVIEW", "HS_EDITION_CHANGE"),
        ("E-1010", "FAIL", "CERTIFIER_NOT_PERMITTED"),
        ("E-1012", "FAIL", "AGREEMENT_NOT_IN_FORCE"),
        ("E-1013", "FAIL", "SIGNED_AFTER_CLAIM"),
        ("E-1017", "FAIL", "PREFERENCE_WITHHELD"),
        ("E-1021", "UNVERIFIABLE", "BAD_SIGNATURE"),
        ("E-1023", "NOT_FOUND", "NO_CERTIFICATION"),
        ("E-1024", "FAIL", "VERIFICATION_NEGATIVE"),
        ("E-1026", "FAIL", "BLANKET_TOO_LONG"),
    ],
)
def test_origin_anchor_gives_the_prescribed_verdict(capsys, monkeypatch, profile_env, entry, verdict, reason) -> None:  # type: ignore[no-untyped-def]
    code, out = check(capsys, monkeypatch, profile_env, "origin", "--entry", entry, "--as-of", AS_OF)
    assert code == 0
    assert out["verdict"] == verdict
    if reason:
        assert reason in out["reasons"]
    assert out["checkpoint"]["size"] == 1076
    assert out["records"], "every verdict cites its records"


def test_superseded_certificate_passes_with_a_note_naming_the_successor(capsys, monkeypatch, profile_env) -> None:  # type: ignore[no-untyped-def]
    code, out = check(capsys, monkeypatch, profile_env, "origin", "--entry", "E-1015", "--as-of", AS_OF)
    assert (code, out["verdict"]) == (0, "PASS")
    assert any(n["code"] == "SUPERSEDED_BY" and "C-U-011A" in n["text"] for n in out["notes"])


def test_typed_entry_line_with_an_unknown_member_is_refused_by_name(capsys, monkeypatch, profile_env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    line = tmp_path / "line.json"
    line.write_text(
        json.dumps(
            {
                "entry": "E-9",
                "importer": "Bluegill",
                "origin": "MX",
                "hts": "7323.93.0045",
                "import_date": "2025-03-10",
                "claim_date": "2025-03-20",
                "certification": "C-U-001",
                "colour": "red",
            }
        )
    )
    code, out = check(capsys, monkeypatch, profile_env, "origin", "--entry-line", str(line))
    assert code == 2 and out["message"].startswith("colour: not a member")


def test_typed_hs_code_that_does_not_exist_is_a_field_error(capsys, monkeypatch, profile_env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    line = tmp_path / "line.json"
    fields = {"entry": "E-9", "importer": "Bluegill", "origin": "MX", "import_date": "2025-03-10",
              "claim_date": "2025-03-20", "certification": "C-U-001"}  # fmt: skip
    line.write_text(json.dumps({**fields, "hts": "7323.95.0000"}))
    code, out = check(capsys, monkeypatch, profile_env, "origin", "--entry-line", str(line))
    assert (code, out["message"]) == (2, "hts: 7323.95 is not a subheading of the WCO nomenclature (HS 2022)")
    shipment = tmp_path / "shipment.json"
    goods = {"shipper": "Tidewater", "mark": "LARKSPUR", "hs": "6110.91", "making_country": "MX"}
    shipment.write_text(json.dumps({**goods, "ship_date": "2025-03-01"}))
    code, out = check(capsys, monkeypatch, profile_env, "licence", "--shipment", str(shipment))
    assert code == 2 and out["message"].startswith("hs: 6110.91 is not a chapter, heading or subheading")


def test_typed_entry_line_resolves_the_importer_by_name_prefix(capsys, monkeypatch, profile_env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    line = tmp_path / "line.json"
    line.write_text(
        json.dumps(
            {
                "entry": "E-9",
                "importer": "bluegill",
                "exporter": "fabrica nop",
                "origin": "MX",
                "hts": "7323.93.0045",
                "import_date": "2025-03-10",
                "claim_date": "2025-03-20",
                "certification": "C-U-001",
            }
        )
    )
    code, out = check(capsys, monkeypatch, profile_env, "origin", "--entry-line", str(line), "--as-of", AS_OF)
    assert (code, out["verdict"]) == (0, "PASS")


@pytest.mark.parametrize(
    ("shipper", "hs", "country", "facility", "verdict", "reason"),
    [
        ("Tidewater", "6110.30", "MX", "F-MX-021", "PASS", None),
        ("Confecciones Guacamaya", "6110.30", "HN", "F-HN-008", "PASS", None),
        ("Hilos del Valle", "6110.30", "SV", "F-SV-013", "FAIL", "SUBLICENSING_NOT_ALLOWED"),
        ("Exportadora Cenzontle", "6110.30", "MX", None, "FAIL", "NO_LICENCE"),
    ],
)
def test_licence_chain_anchor(
    capsys, monkeypatch, profile_env, tmp_path, shipper, hs, country, facility, verdict, reason
) -> None:  # type: ignore[no-untyped-def]
    shipment = tmp_path / "s.json"
    shipment.write_text(
        json.dumps(
            {
                "shipment": "S-1",
                "shipper": shipper,
                "facility": facility,
                "mark": "LARKSPUR",
                "goods": "hoodies",
                "hs": hs,
                "making_country": country,
                "ship_date": "2025-03-01",
                "market": "US",
            }
        )
    )
    code, out = check(capsys, monkeypatch, profile_env, "licence", "--shipment", str(shipment), "--as-of", AS_OF)
    assert (code, out["verdict"]) == (0, verdict)
    if reason:
        assert reason in out["reasons"]


@pytest.mark.parametrize(
    ("changes", "verdict", "reason"),
    [
        ({}, "PASS", None),
        ({"colourway": "BKE"}, "FAIL", "COLORWAY_NOT_PRODUCED"),
        (
            {"features": {"quarter_panel_spi": 7, "upper_material": "recycled polyester knit"}},
            "FAIL",
            "FEATURE_MISMATCH",
        ),
        ({"features": {"quarter_panel_spi": 9, "upper_material": None}}, "REVIEW", "FEATURE_NOT_OBSERVED"),
        ({"factory": "F-MX-099"}, "FAIL", "FACTORY_NOT_AUTHORIZED"),
    ],
)
def test_product_anchor(capsys, monkeypatch, profile_env, tmp_path, changes, verdict, reason) -> None:  # type: ignore[no-untyped-def]
    observation = {
        "entry": "E-2201",
        "date": "2025-05-07",
        "importer": "Harborline",
        "profile": "LS-STR-01",
        "season": "SS25",
        "colourway": "SLV",
        "serial": "LS25S700001",
        "factory": "F-MX-017",
        "features": {"quarter_panel_spi": 9, "upper_material": "recycled polyester knit"},
        **changes,
    }
    path = tmp_path / "obs.json"
    path.write_text(json.dumps(observation))
    code, out = check(capsys, monkeypatch, profile_env, "product", "--observation", str(path))
    assert (code, out["verdict"]) == (0, verdict)
    if reason:
        assert reason in out["reasons"]


@pytest.mark.parametrize(
    ("party", "rating", "trigger"),
    [
        ("Fábrica Nopal", "LOW", None),
        ("talleres ocotillo", "HIGH", "REVOCATIONS_AFTER_CLAIM"),
        ("Loonridge", "HIGH", "WITHHOLDING"),
        ("Nuevo Horizonte", "NEW", "NEW_SUPPLIER"),
        ("Maplewick", "ELEVATED", "NEGATIVE_VERIFICATIONS"),
    ],
)
def test_supplier_anchor(capsys, monkeypatch, profile_env, party, rating, trigger) -> None:  # type: ignore[no-untyped-def]
    code, out = check(capsys, monkeypatch, profile_env, "supplier", "--party", party, "--as-of", AS_OF)
    assert (code, out["rating"]) == (0, rating)
    if trigger:
        assert trigger in [t["trigger"] for t in out["triggers"]]
    assert out["metrics"]["months"]


def test_ambiguous_party_name_lists_the_candidates(capsys, monkeypatch, profile_env) -> None:  # type: ignore[no-untyped-def]
    code, out = check(capsys, monkeypatch, profile_env, "supplier", "--party", "T", "--as-of", AS_OF)
    assert code == 2
    assert "matches several parties" in out["message"] and "Talleres Ocotillo" in out["message"]


def test_evidence_files_verify_offline(capsys, monkeypatch, profile_env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ledger_client import proof_file

    for k, v in profile_env.items():
        monkeypatch.setenv(k, v)
    capsys.readouterr()
    assert main(["evidence", "--record", "C-U-003", "--out", str(tmp_path / "ev")]) == 0
    out = json.loads(capsys.readouterr().out)
    [written] = out["files"]
    data = Path(written["proof_file"]).read_bytes()
    entry = Path(written["entry_file"]).read_bytes()
    assert proof_file.verify(data, entry, SignedLog().trust(quorum=2)).index == written["log_index"]


def test_audit_log_has_a_line_per_check(capsys, monkeypatch, profile_env) -> None:  # type: ignore[no-untyped-def]
    from workstation import profiles, session

    _code, out = check(capsys, monkeypatch, profile_env, "origin", "--entry", "E-1001", "--as-of", AS_OF)
    opened = session.open_session(profiles.Profile.named("default"), profile_env["WORKSTATION_PASSPHRASE"])
    try:
        record = opened.audit.get(int(out["audit_id"]))
    finally:
        opened.close()
    assert record is not None and record.verdict == "PASS" and record.checkpoint_size == 1076
    assert json.loads(record.input)["entry"] == "E-1001"


def test_check_cache_reads_every_page_of_the_synced_profile(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, profile_env: dict[str, str]
) -> None:
    for k, v in profile_env.items():
        monkeypatch.setenv(k, v)
    capsys.readouterr()
    assert main(["check-cache"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["sound"] is True and body["entries"] > 0
