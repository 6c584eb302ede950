"""A supervisor key replaced after a report was signed: the report stays valid as of its checkpoint, and a check
with the profile's mirror says what changed since, and when.

The demo ledger is served over loopback with the test log keys; a report is approved with the
published DEMO supervisor key; then CBP registers the supervisor again with another key (on a
later date) and the profile syncs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

import ledger_client
from ledger_client.credentials import SigningKey
from tests.helpers.log_server import ServedLog, serve
from tests.helpers.signed_log import SignedLog
from trade import demo
from trade.demo import documents, generator
from trade.demo.parties import BY_ID
from workstation import profiles, session
from workstation.__main__ import main
from workstation.lookups.queries import OriginByEntry
from workstation.reports import keystore
from workstation.reports.evidence import LedgerEvidence
from workstation.reports.verify import SupervisorChange, supervisor_standing, verify_report
from workstation.reports.workflow import ReportWorkflow

PASSPHRASE = "demo officer passphrase"
SUPERVISOR = "P-SUPERVISOR-DEMO"
REPLACED_ON = date(2025, 7, 15)
AS_OF = date(2025, 6, 30)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    ledger = demo.generate()
    home = tmp_path_factory.mktemp("xdg")
    trust = tmp_path_factory.mktemp("trust") / "trust.json"
    trust.write_text(json.dumps({**SignedLog().trust_json(quorum=2), "cbp_issuer_key": ledger.cbp_issuer}))
    served = ServedLog(keys=SignedLog(), entries=list(ledger.entries))
    served.publish()
    env = {"XDG_DATA_HOME": str(home), "WORKSTATION_PASSPHRASE": PASSPHRASE}
    report = tmp_path_factory.mktemp("reports") / "report.pdf"
    with pytest.MonkeyPatch.context() as mp:
        for k, v in env.items():
            mp.setenv(k, v)
        with serve(served) as url:
            assert main(["sync", "--ledger", url, "--trust", str(trust)]) == 0
            opened = session.open_session(profiles.Profile.named("default"), PASSPHRASE)
            try:
                evidence = LedgerEvidence.from_session(opened)
                flow = ReportWorkflow.from_session(opened)
                outcome = opened.lookups().run(OriginByEntry("E-1031"), AS_OF)
                drafted = flow.draft(outcome, evidence, officer=evidence.person("default", None))
                approved = flow.approve(drafted.report_id, keystore.load_supervisor_key(keystore.demo_key_path()),
                                        evidence)  # fmt: skip
                assert approved.pdf is not None
                report.write_bytes(approved.pdf)
                signed_at = opened.mirror.entry_count()
            finally:
                opened.close()
            new_key = SigningKey.from_seed(bytes(range(100, 132)))
            replaced = replace(documents.registration(BY_ID[SUPERVISOR], new_key.did), issued=REPLACED_ON)
            served.entries.append(generator.rfc8785.dumps(generator._secure(replaced, ledger.keys, ledger.seed)))
            served.publish()
            assert main(["sync"]) == 0
        replaced_at = len(served.entries) - 1
        yield {"env": env, "trust": trust, "report": report, "signed_at": signed_at, "replaced_at": replaced_at}


def _run(capsys, monkeypatch, env, *argv: str) -> tuple[int, dict[str, object]]:  # type: ignore[no-untyped-def]
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    capsys.readouterr()
    code = main(list(argv))
    return code, json.loads(capsys.readouterr().out)


def test_offline_the_supervisor_is_checked_as_of_the_reports_checkpoint(capsys, monkeypatch, world) -> None:  # type: ignore[no-untyped-def]
    argv = ("verify-report", str(world["report"]), "--trust", str(world["trust"]))
    code, out = _run(capsys, monkeypatch, world["env"], *argv)
    assert (code, out["valid"]) == (0, True)
    checked = out["supervisor_checked"]
    assert isinstance(checked, dict)
    assert checked["as_of_checkpoint_size"] == world["signed_at"]
    assert checked["since_then"] == "not checked (no mirror)"
    assert "supervisor_now" not in out


def test_with_the_profile_a_later_replacement_of_the_key_is_reported_with_its_date(capsys, monkeypatch, world) -> None:  # type: ignore[no-untyped-def]
    code, out = _run(capsys, monkeypatch, world["env"], "--profile", "default", "verify-report", str(world["report"]))
    assert (code, out["valid"]) == (0, True)  # the report stays what it was
    now = out["supervisor_now"]
    assert isinstance(now, dict)
    assert now["change"] == "key_removed"
    assert now["changed_on"] == REPLACED_ON.isoformat()
    assert now["log_index"] == world["replaced_at"]
    assert now["mirror_size"] == world["replaced_at"] + 1


def test_the_typed_result(world) -> None:  # type: ignore[no-untyped-def]
    trust = ledger_client.parse_trust_file(Path(world["trust"]).read_bytes())
    verified = verify_report(Path(world["report"]).read_bytes(), trust)
    home = world["env"]["XDG_DATA_HOME"]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_DATA_HOME", home)
        opened = session.open_session(profiles.Profile.named("default"), PASSPHRASE)
    try:
        standing = supervisor_standing(verified, opened.trade_view().source(), opened.mirror)
    finally:
        opened.close()
    assert standing.change is SupervisorChange.KEY_REMOVED
    assert standing.changed_on == REPLACED_ON.isoformat() and standing.party_id == SUPERVISOR
