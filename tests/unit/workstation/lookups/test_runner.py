"""The lookup runner on a real encrypted profile synced from a small ledger over loopback HTTP: one entry
point for every kind, an audit line per check, and audited checks read back by the kind's own parser."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from workstation import profiles, session
from workstation.__main__ import main
from workstation.lookups.inputs import InputError
from workstation.lookups.kind import LookupKind
from workstation.lookups.queries import LicenceQuery, OriginByEntry, SupplierQuery
from workstation.lookups.runner import LookupBlockedError, NotACheckError, audited_query
from workstation.store.audit import AuditRecord

PASSPHRASE = "runner test passphrase"
AS_OF = date(2025, 6, 30)


@pytest.fixture
def opened(  # type: ignore[no-untyped-def]
    url: str, trust_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> Iterator[session.Session]:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASSPHRASE)
    assert main(["sync", "--ledger", url, "--trust", str(trust_file)]) == 0
    capsys.readouterr()
    opened = session.open_session(profiles.Profile.named("default"), PASSPHRASE)
    yield opened
    opened.close()


def test_a_supplier_check_resolves_the_party_and_writes_one_audit_line(opened: session.Session) -> None:
    outcome = opened.lookups().run(SupplierQuery("p-nop"), AS_OF)
    assert outcome.kind is LookupKind.SUPPLIER
    assert outcome.query == SupplierQuery("P-NOPAL")  # answered with the resolved party id
    assert outcome.supplier is not None and outcome.supplier.party_id == "P-NOPAL"
    assert outcome.as_of == AS_OF and outcome.checkpoint.size == 15
    record = opened.audit.get(outcome.audit_id)
    assert record is not None and record.action == "check supplier"
    assert json.loads(record.input) == {"party": "P-NOPAL", "from": None, "as_of": "2025-06-30"}
    assert record.verdict == outcome.verdict.status.value


def test_an_audited_check_runs_again_with_the_same_query_and_date(opened: session.Session) -> None:
    runner = opened.lookups()
    first = runner.run(SupplierQuery("P-NOPAL", date(2025, 1, 1)), AS_OF)
    record = opened.audit.get(first.audit_id)
    assert record is not None
    assert audited_query(record) == (LookupKind.SUPPLIER, SupplierQuery("P-NOPAL", date(2025, 1, 1)), AS_OF)
    again = runner.rerun(record)
    assert again.audit_id != first.audit_id
    assert (again.query, again.as_of, again.verdict) == (first.query, first.as_of, first.verdict)


@pytest.mark.parametrize(
    ("action", "text"),
    [("sync", "{}"), ("check colour", '{"as_of": "2025-06-30"}'), ("check supplier", "not json"),
     ("check supplier", '{"party": "P-NOPAL"}')],
)  # fmt: skip
def test_an_audit_line_that_is_not_a_check_cannot_run_again(opened: session.Session, action: str, text: str) -> None:
    record = AuditRecord(9, 0, "officer", action, text, None, None, None)
    with pytest.raises(NotACheckError, match="audit line 9 is not a check"):
        opened.lookups().rerun(record)


def test_what_the_ledger_does_not_have_is_an_input_error_about_its_field(opened: session.Session) -> None:
    runner = opened.lookups()
    with pytest.raises(InputError) as no_entry:
        runner.run(OriginByEntry("E-404"), AS_OF)
    assert no_entry.value.field == "entry" and "E-404" in no_entry.value.problem
    with pytest.raises(InputError) as no_party:
        runner.run(SupplierQuery("Nobody Ltd"), AS_OF)
    assert no_party.value.field == "party"
    with pytest.raises(InputError) as window:
        runner.run(SupplierQuery("P-NOPAL", date(2025, 7, 1)), AS_OF)
    assert (window.value.field, window.value.problem) == ("from", "the window starts after its end")
    shipment = LicenceQuery("LARKSPUR", "Nobody Ltd", "6110.30", "SV", date(2025, 3, 1))
    with pytest.raises(InputError) as no_shipper:
        runner.run(shipment, AS_OF)
    assert no_shipper.value.field == "shipper"
    assert [r for r in opened.audit.recent(50) if LookupKind.from_action(r.action)] == []  # refused: no audit line


def test_a_profile_never_synced_gives_no_verdict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, trust) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    profile = profiles.Profile.named("never-synced")
    settings = profiles.ProfileSettings("http://127.0.0.1:9", trust, 0)
    opened = session.open_session(profile, PASSPHRASE, new_settings=settings)
    try:
        with pytest.raises(LookupBlockedError, match="never been synced"):
            opened.lookups().run(SupplierQuery("P-NOPAL"), AS_OF)
    finally:
        opened.close()
