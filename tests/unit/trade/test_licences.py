"""Every licence code of docs/domain.md §2 fires in one test and stays silent in the nearest lawful case."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.unit.trade.builders import AS_OF, index, make_event, make_failed, make_licence, make_recordation
from trade import identifiers, licences
from trade.licences import LicenceQuestion
from trade.verdicts import NoteKind, Reason, Status, Verdict

L100 = make_licence()
L101 = make_licence(
    "L-101",
    licensor="P-TIDEWATER",
    licensee="P-GUACAMAYA",
    parent="L-100",
    depth=0,
    hs=("6110",),
    making=("HN", "SV"),
    facilities=("F-HN-008",),
    period=("2024-01-01", "2026-12-31"),
)
L102 = make_licence(
    "L-102",
    licensor="P-GUACAMAYA",
    licensee="P-HILOS",
    parent="L-101",
    depth=0,
    hs=("6110",),
    making=("SV",),
    markets=("US",),
    facilities=("F-SV-013",),
    period=("2025-01-01", "2025-12-31"),
)
L200 = make_licence(
    "L-200",
    licensee="P-SIERRAAZUL",
    hs=("6404",),
    making=("MX", "GT"),
    facilities=(),
    period=("2022-01-01", "2026-12-31"),
)
L201 = make_licence(
    "L-201",
    licensor="P-SIERRAAZUL",
    licensee="P-PASOSFINOS",
    parent="L-200",
    depth=0,
    hs=("6404",),
    making=("GT",),
    facilities=("F-GT-044",),
    period=("2023-06-01", "2026-05-31"),
)
L400 = make_licence(
    "L-400",
    licensee="P-NORTHGATE",
    depth=0,
    making=("CA",),
    markets=("CA",),
    facilities=("F-CA-005",),
    period=("2024-01-01", "2026-12-31"),
)
L200_TERMINATED = make_event("L-200", "terminated", "2025-01-31", signer="P-LARKSPUR")


def ask(*records: Any, as_of: date = AS_OF, **question: Any) -> Verdict:
    defaults: dict[str, Any] = {
        "mark": "LARKSPUR",
        "shipper": "P-TIDEWATER",
        "ship_date": date(2025, 3, 1),
        "hs": "6110.30",
        "making_country": "MX",
        "facility": "F-MX-021",
    }
    query = LicenceQuestion(**(defaults | question))
    return licences.check_licence(query, index(make_recordation(), *records, parties=False), as_of=as_of)


def test_direct_licensee_is_a_licensed_source() -> None:
    verdict = ask(L100)
    assert verdict.status is Status.PASS
    assert "L-100" in verdict.summary


def test_sub_licensee_chain_passes() -> None:
    verdict = ask(L100, L101, shipper="P-GUACAMAYA", making_country="HN", facility="F-HN-008")
    assert verdict.status is Status.PASS
    assert {e.record_id for e in verdict.evidence} >= {"L-100", "L-101", "TMK 21-90017"}


def test_no_licence_fails_when_the_owner_publishes_a_roster() -> None:
    verdict = ask(L100, shipper="P-STRANGER")
    assert verdict.status is Status.FAIL
    assert verdict.reasons == (Reason.NO_LICENCE,)


def test_no_licence_is_review_without_a_roster() -> None:
    query = LicenceQuestion("LARKSPUR", "P-STRANGER", date(2025, 3, 1), "6110.30", "MX")
    records = index(make_recordation(roster=False), L100, parties=False)
    verdict = licences.check_licence(query, records, as_of=AS_OF)
    assert verdict.status is Status.REVIEW
    assert verdict.reasons == (Reason.NO_LICENCE,)


def test_not_yet_valid_and_expired_on_the_ship_date() -> None:
    assert ask(L100, ship_date=date(2022, 12, 31)).reasons == (Reason.LICENCE_NOT_YET_VALID,)
    assert ask(L100, ship_date=date(2023, 1, 1)).status is Status.PASS
    assert ask(L100, ship_date=date(2028, 1, 1), as_of=date(2028, 2, 1)).reasons == (Reason.LICENCE_EXPIRED,)
    assert ask(L100, ship_date=date(2027, 12, 31), as_of=date(2028, 2, 1)).status is Status.PASS


def test_licence_terminated_from_its_effective_date() -> None:
    question = {"shipper": "P-SIERRAAZUL", "hs": "6404.11", "facility": None}
    assert ask(L200, L200_TERMINATED, ship_date=date(2025, 1, 31), **question).reasons == (Reason.LICENCE_TERMINATED,)
    assert ask(L200, L200_TERMINATED, ship_date=date(2025, 1, 30), **question).status is Status.PASS


def test_termination_signed_by_someone_else_is_ignored() -> None:
    forged = make_event("L-200", "terminated", "2025-01-31", signer="P-TIDEWATER")
    verdict = ask(L200, forged, shipper="P-SIERRAAZUL", hs="6404.11", facility=None)
    assert verdict.status is Status.PASS
    assert NoteKind.STATUS_IGNORED in verdict.note_kinds


def test_licence_suspended_until_reinstated() -> None:
    suspended = make_event("L-100", "suspended", "2025-02-01", signer="P-LARKSPUR")
    reinstated = make_event("L-100", "reinstated", "2025-04-01", signer="P-LARKSPUR")
    assert ask(L100, suspended, reinstated).reasons == (Reason.LICENCE_SUSPENDED,)
    assert ask(L100, suspended, reinstated, ship_date=date(2025, 4, 1)).status is Status.PASS


def test_parent_terminated_ends_the_child_unless_a_survival_is_signed() -> None:
    question = {"shipper": "P-PASOSFINOS", "hs": "6404.11", "making_country": "GT", "facility": "F-GT-044"}
    verdict = ask(L200, L201, L200_TERMINATED, ship_date=date(2025, 3, 1), **question)
    assert verdict.reasons == (Reason.PARENT_TERMINATED,)
    assert ask(L200, L201, L200_TERMINATED, ship_date=date(2025, 1, 15), **question).status is Status.PASS
    survival = make_event("L-200", "survival", "2025-01-31", signer="P-LARKSPUR", child="L-201")
    kept = ask(L200, L201, L200_TERMINATED, survival, ship_date=date(2025, 3, 1), **question)
    assert kept.status is Status.PASS
    assert NoteKind.SURVIVAL in kept.note_kinds


def test_sublicensing_not_allowed_below_depth() -> None:
    question = {"shipper": "P-HILOS", "making_country": "SV", "facility": "F-SV-013"}
    verdict = ask(L100, L101, L102, **question)
    assert verdict.reasons == (Reason.SUBLICENSING_NOT_ALLOWED,)
    assert len(verdict.facts(Reason.SUBLICENSING_NOT_ALLOWED)) == 2  # L-101 allows 0, L-100 allows 1 level
    deeper = make_licence("L-100", depth=2)
    open_101 = make_licence(
        "L-101",
        licensor="P-TIDEWATER",
        licensee="P-GUACAMAYA",
        parent="L-100",
        depth=1,
        hs=("6110",),
        making=("HN", "SV"),
        facilities=("F-HN-008",),
        period=("2024-01-01", "2026-12-31"),
    )
    assert ask(deeper, open_101, L102, **question).status is Status.PASS


def test_chain_broken_missing_parent_wrong_grantor_and_not_the_owner() -> None:
    question = {"shipper": "P-GUACAMAYA", "making_country": "HN", "facility": "F-HN-008"}
    assert ask(L101, **question).reasons == (Reason.CHAIN_BROKEN,)
    wrong = make_licence(
        "L-101",
        licensor="P-STRANGER",
        licensee="P-GUACAMAYA",
        parent="L-100",
        depth=0,
        hs=("6110",),
        making=("HN", "SV"),
        facilities=("F-HN-008",),
        period=("2024-01-01", "2026-12-31"),
    )
    assert ask(L100, wrong, **question).reasons == (Reason.CHAIN_BROKEN,)
    not_owner = make_licence(licensor="P-STRANGER")
    assert ask(not_owner).reasons == (Reason.CHAIN_BROKEN,)


def test_scope_mark() -> None:
    other = make_licence(marks=("LARKSPUR TRAIL",))
    assert ask(other).reasons == (Reason.SCOPE_MARK,)


@pytest.mark.parametrize(
    ("change", "question"),
    [
        ({}, {"hs": "6404.11"}),
        ({"classes": (18,)}, {"goods_class": 25}),
        ({"styles": ("ST-1",)}, {"style": "ST-2"}),
        ({"gtins": ("20012345000052",)}, {"gtin": identifiers.Gtin.parse("20012345000069")}),
    ],
)
def test_scope_goods(change: dict[str, Any], question: dict[str, Any]) -> None:
    assert ask(make_licence(**change), **question).reasons == (Reason.SCOPE_GOODS,)


def test_scope_goods_lawful_gtin_in_another_length() -> None:
    licence = make_licence(gtins=("20012345000052",))
    assert ask(licence, gtin=identifiers.Gtin.parse("020012345000052"[1:])).status is Status.PASS


def test_scope_territory_making_country() -> None:
    assert ask(L100, making_country="GT").reasons == (Reason.SCOPE_TERRITORY,)


def test_scope_territory_us_not_a_market_reads_as_possible_gray_market() -> None:
    verdict = ask(L400, shipper="P-NORTHGATE", making_country="CA", facility="F-CA-005")
    assert verdict.reasons == (Reason.SCOPE_TERRITORY,)
    assert "gray market" in verdict.facts(Reason.SCOPE_TERRITORY)[0]
    assert ask(L400, shipper="P-NORTHGATE", making_country="CA", facility="F-CA-005", market="CA").status is Status.PASS


def test_facility_not_authorized() -> None:
    assert ask(L100, facility="F-MX-099").reasons == (Reason.FACILITY_NOT_AUTHORIZED,)
    assert ask(L100, facility=None).status is Status.PASS


def test_quantity_exceeded_is_review() -> None:
    capped = make_licence(cap=12_000)
    verdict = ask(capped, quantity_to_date=12_001)
    assert verdict.status is Status.REVIEW
    assert verdict.reasons == (Reason.QUANTITY_EXCEEDED,)
    assert ask(capped, quantity_to_date=12_000).status is Status.PASS


def test_recordation_expired_and_not_recorded_are_review() -> None:
    query = LicenceQuestion("LARKSPUR", "P-TIDEWATER", date(2025, 3, 1), "6110.30", "MX", facility="F-MX-021")
    expired = index(make_recordation(expires="2025-03-01"), L100, parties=False)
    verdict = licences.check_licence(query, expired, as_of=AS_OF)
    assert (verdict.status, verdict.reasons) == (Status.REVIEW, (Reason.RECORDATION_EXPIRED,))
    current = index(make_recordation(expires="2025-06-30"), L100, parties=False)
    assert licences.check_licence(query, current, as_of=AS_OF).status is Status.PASS
    missing = licences.check_licence(query, index(L100, parties=False), as_of=AS_OF)
    assert (missing.status, missing.reasons) == (Status.REVIEW, (Reason.NOT_RECORDED,))


def test_failed_licence_record_is_unverifiable() -> None:
    failed = make_failed("L-100", Reason.UNREGISTERED_SIGNER, claimed_type="TrademarkLicence")
    verdict = ask(L100, L101, failed, shipper="P-GUACAMAYA", making_country="HN", facility="F-HN-008")
    assert verdict.status is Status.UNVERIFIABLE
    assert verdict.reasons == (Reason.UNREGISTERED_SIGNER,)


def test_the_most_favourable_candidate_wins() -> None:
    old = make_licence("L-099", period=("2019-01-01", "2020-12-31"))
    verdict = ask(old, L100)
    assert verdict.status is Status.PASS
    assert NoteKind.INFORMATION in verdict.note_kinds
