"""Every origin code of docs/domain.md §1 fires in one test and stays silent in the nearest lawful case."""

from __future__ import annotations

import pytest

from tests.unit.trade.builders import (
    AS_OF,
    index,
    make_certification,
    make_failed,
    make_line,
    make_status,
    make_verification,
)
from trade import origin
from trade.verdicts import NoteKind, Reason, Status, Verdict


def judge(line=None, *records, as_of=AS_OF) -> Verdict:  # type: ignore[no-untyped-def]
    return origin.check_origin(line or make_line(), index(*records), as_of=as_of)


def test_default_certification_supports_its_line() -> None:
    verdict = judge(make_line(), make_certification())
    assert verdict.status is Status.PASS
    assert verdict.reasons == ()
    assert verdict.evidence[0].record_id == "C-U-001"


# --- agreement ------------------------------------------------------------------------------


def test_agreement_mismatch_exporter_not_a_party() -> None:
    cert = make_certification(
        "C-C-014",
        agreement="CAFTA-DR",
        certifier="P-ISTMO",
        role="exporter",
        exporter="P-ISTMO",
        producer="P-BRISA",
        hs="0901.21",
        origin="CR",
    )
    line = make_line(cid="C-C-014", exporter="P-ISTMO", origin="CR", htsus="0901.21.0020", spi="P")
    verdict = judge(line, cert)
    assert verdict.status is Status.FAIL
    assert verdict.reasons == (Reason.AGREEMENT_MISMATCH,)
    assert "PA" in verdict.facts(Reason.AGREEMENT_MISMATCH)[0]


def test_agreement_mismatch_absent_when_exporter_is_in_a_party() -> None:
    cert = make_certification(
        "C-C-1",
        agreement="CAFTA-DR",
        certifier="P-BRISA",
        exporter="P-BRISA",
        producer="P-BRISA",
        hs="0901.21",
        origin="CR",
    )
    line = make_line(cid="C-C-1", exporter="P-BRISA", origin="CR", htsus="0901.21.0020", spi="P")
    assert judge(line, cert).status is Status.PASS


def test_agreement_mismatch_when_spi_claims_another_agreement() -> None:
    verdict = judge(make_line(spi="P"), make_certification())
    assert Reason.AGREEMENT_MISMATCH in verdict.reasons


def test_agreement_not_in_force_nafta_after_2020_06_30() -> None:
    cert = make_certification(
        "C-N-009",
        agreement="NAFTA",
        role="exporter",
        certifier="P-MAPLEWICK",
        exporter="P-MAPLEWICK",
        producer="P-MAPLEWICK",
        importer="P-HARBORLINE",
        hs="7325.99",
        origin="CA",
        blanket=("2020-01-01", "2020-12-31"),
        signed="2019-12-10",
    )
    late = make_line(
        cid="C-N-009",
        importer="P-HARBORLINE",
        exporter="P-MAPLEWICK",
        origin="CA",
        htsus="7325.99.5000",
        spi="CA",
        imported="2020-07-01",
        claimed="2020-07-09",
    )
    assert judge(late, cert).reasons == (Reason.AGREEMENT_NOT_IN_FORCE,)
    last_day = make_line(
        cid="C-N-009",
        importer="P-HARBORLINE",
        exporter="P-MAPLEWICK",
        origin="CA",
        htsus="7325.99.5000",
        spi="CA",
        imported="2020-06-30",
        claimed="2020-07-09",
    )
    assert judge(last_day, cert).status is Status.PASS


@pytest.mark.parametrize(
    ("country", "first_day"),
    [("SV", "2006-03-01"), ("HN", "2006-04-01"), ("GT", "2006-07-01"), ("DO", "2007-03-01"), ("CR", "2009-01-01")],
)
def test_cafta_in_force_per_party(country: str, first_day: str) -> None:
    from datetime import date, timedelta

    start = date.fromisoformat(first_day)
    cert = make_certification(
        "C-C-2",
        agreement="CAFTA-DR",
        certifier="P-BRISA",
        exporter="P-BRISA",
        producer="P-BRISA",
        origin=country,
        blanket=((start - timedelta(days=60)).isoformat(), (start + timedelta(days=60)).isoformat()),
        signed=(start - timedelta(days=90)).isoformat(),
    )
    before = make_line(
        cid="C-C-2",
        exporter="P-BRISA",
        origin=country,
        spi="P",
        imported=(start - timedelta(days=1)).isoformat(),
        claimed=(start + timedelta(days=5)).isoformat(),
    )
    on = make_line(
        cid="C-C-2",
        exporter="P-BRISA",
        origin=country,
        spi="P",
        imported=start.isoformat(),
        claimed=(start + timedelta(days=5)).isoformat(),
    )
    assert judge(before, cert).reasons == (Reason.AGREEMENT_NOT_IN_FORCE,)
    assert judge(on, cert).status is Status.PASS


# --- elements and certifier -------------------------------------------------------------------


def test_missing_element_names_what_is_missing() -> None:
    verdict = judge(make_line(), make_certification(details=frozenset({"name", "title", "address", "phone"})))
    assert verdict.reasons == (Reason.MISSING_ELEMENT,)
    assert "email" in verdict.facts(Reason.MISSING_ELEMENT)[0]


def test_missing_signature_statement() -> None:
    assert judge(make_line(), make_certification(statement=False)).reasons == (Reason.MISSING_ELEMENT,)


def test_one_shipment_needs_an_invoice_number() -> None:
    assert judge(make_line(), make_certification(blanket=None)).reasons == (Reason.MISSING_ELEMENT,)
    assert judge(make_line(), make_certification(blanket=None, invoice="INV-7")).status is Status.PASS


def test_usmca_producer_certifier_may_omit_the_exporter() -> None:
    assert judge(make_line(exporter=None), make_certification(exporter=None)).status is Status.PASS
    cert = make_certification(role="importer", certifier="P-BLUEGILL", exporter=None)
    assert Reason.MISSING_ELEMENT in judge(make_line(exporter=None), cert).reasons


def test_certifier_not_permitted_importer_under_nafta() -> None:
    cert = make_certification(
        "C-N-008",
        agreement="NAFTA",
        role="importer",
        certifier="P-BLUEGILL",
        exporter="P-MAPLEWICK",
        producer="P-MAPLEWICK",
        hs="7325.99",
        origin="CA",
        blanket=("2019-09-01", "2020-08-31"),
        signed="2019-09-02",
    )
    line = make_line(
        cid="C-N-008",
        exporter="P-MAPLEWICK",
        origin="CA",
        htsus="7325.99.5000",
        spi="CA",
        imported="2019-10-15",
        claimed="2019-10-25",
    )
    assert judge(line, cert).reasons == (Reason.CERTIFIER_NOT_PERMITTED,)
    by_exporter = make_certification(
        "C-N-008",
        agreement="NAFTA",
        role="exporter",
        certifier="P-MAPLEWICK",
        exporter="P-MAPLEWICK",
        producer="P-MAPLEWICK",
        hs="7325.99",
        origin="CA",
        blanket=("2019-09-01", "2020-08-31"),
        signed="2019-09-02",
    )
    assert judge(line, by_exporter).status is Status.PASS


def test_importer_may_certify_under_usmca() -> None:
    cert = make_certification(role="importer", certifier="P-BLUEGILL")
    assert judge(make_line(), cert).status is Status.PASS


def test_certifier_mismatch_role_exporter_but_exporter_is_another() -> None:
    cert = make_certification("C-U-004", role="exporter", certifier="P-CENZONTLE")
    verdict = judge(make_line(cid="C-U-004"), cert)
    assert verdict.reasons == (Reason.CERTIFIER_MISMATCH,)
    trader = make_certification(
        "C-U-005", role="exporter", certifier="P-CENZONTLE", exporter="P-CENZONTLE", producer="AVAILABLE_UPON_REQUEST"
    )
    assert judge(make_line(cid="C-U-005", exporter="P-CENZONTLE"), trader).status is Status.PASS


def test_party_mismatch_importer_and_exporter() -> None:
    verdict = judge(make_line(importer="P-HARBORLINE", exporter="P-CENZONTLE"), make_certification())
    assert verdict.reasons == (Reason.PARTY_MISMATCH,)
    assert len(verdict.facts(Reason.PARTY_MISMATCH)) == 2
    assert judge(make_line(), make_certification(importer="VARIOUS")).status is Status.PASS


# --- goods --------------------------------------------------------------------------------------


def test_hs_mismatch_compares_digits_one_to_six() -> None:
    cert = make_certification(hs="8481.80")
    assert judge(make_line(htsus="8481.90.1000"), cert).reasons == (Reason.HS_MISMATCH,)
    assert judge(make_line(htsus="8481801090"), cert).status is Status.PASS


def _phone_cert():  # type: ignore[no-untyped-def]
    return make_certification("C-U-007", hs="8517.12", signed="2021-11-20", blanket=("2021-12-01", "2022-11-30"))


def test_hs_edition_change_8517_12_split_is_review() -> None:
    line = make_line(cid="C-U-007", htsus="8517.13.0000", imported="2022-03-15", claimed="2022-03-22")
    verdict = judge(line, _phone_cert())
    assert verdict.status is Status.REVIEW
    assert verdict.reasons == (Reason.HS_EDITION_CHANGE,)


def test_hs_edition_change_absent_before_the_new_edition() -> None:
    line = make_line(cid="C-U-007", htsus="8517.12.0050", imported="2021-12-15", claimed="2021-12-22")
    assert judge(line, _phone_cert()).status is Status.PASS
    wrong = make_line(cid="C-U-007", htsus="8517.62.0090", imported="2022-03-15", claimed="2022-03-22")
    assert judge(wrong, _phone_cert()).reasons == (Reason.HS_MISMATCH,)


def test_criterion_invalid_letter_and_d_on_apparel() -> None:
    assert judge(make_line(), make_certification(criterion="E")).reasons == (Reason.CRITERION_INVALID,)
    apparel = make_certification(hs="6110.30", criterion="D")
    assert judge(make_line(htsus="6110.30.3059"), apparel).reasons == (Reason.CRITERION_INVALID,)
    assert judge(make_line(htsus="6110.30.3059"), make_certification(hs="6110.30", criterion="B")).status is Status.PASS
    nafta_e = make_certification(
        agreement="NAFTA",
        role="exporter",
        origin="MX",
        criterion="E",
        blanket=("2019-01-01", "2019-12-31"),
        signed="2018-12-20",
    )
    line = make_line(spi="MX", imported="2019-05-01", claimed="2019-05-08")
    assert judge(line, nafta_e).status is Status.PASS


# --- dates --------------------------------------------------------------------------------------


def test_blanket_too_long_by_one_day() -> None:
    assert judge(make_line(), make_certification(blanket=("2025-01-01", "2026-01-01"))).reasons == (
        Reason.BLANKET_TOO_LONG,
    )
    assert judge(make_line(), make_certification(blanket=("2025-01-01", "2025-12-31"))).status is Status.PASS


def test_blanket_not_covering_inclusive_bounds() -> None:
    cert = make_certification(blanket=("2024-01-01", "2024-12-31"), signed="2023-12-10")
    after = make_line(imported="2025-01-01", claimed="2025-01-08")
    assert judge(after, cert).reasons == (Reason.BLANKET_NOT_COVERING,)
    last_day = make_line(imported="2024-12-31", claimed="2025-01-08")
    assert judge(last_day, cert).status is Status.PASS


def test_signed_after_claim_but_from_may_precede_signature() -> None:
    cert = make_certification("C-U-010", signed="2025-04-20", blanket=("2025-04-01", "2026-03-31"))
    early = make_line(cid="C-U-010", imported="2025-04-08", claimed="2025-04-16")
    assert judge(early, cert).reasons == (Reason.SIGNED_AFTER_CLAIM,)
    later = make_line(cid="C-U-010", imported="2025-04-08", claimed="2025-04-20")
    assert judge(later, cert).status is Status.PASS


def test_expired_after_four_years() -> None:
    cert = make_certification(blanket=None, invoice="INV-1", signed="2021-03-01")
    assert judge(make_line(imported="2021-03-05", claimed="2025-03-02"), cert).reasons == (Reason.EXPIRED,)
    assert judge(make_line(imported="2021-03-05", claimed="2025-03-01"), cert).status is Status.PASS


def test_revoked_on_or_before_claim_fails() -> None:
    cert = make_certification()
    line = make_line(claimed="2025-03-12")
    verdict = judge(line, cert, make_status("C-U-001", "revoked", "2025-03-12"))
    assert verdict.status is Status.FAIL
    assert verdict.reasons == (Reason.REVOKED,)


def test_revoked_after_claim_fails_and_says_the_claim_was_sound_when_made() -> None:
    verdict = judge(
        make_line(claimed="2025-03-12"), make_certification(), make_status("C-U-001", "revoked", "2025-03-13")
    )
    assert verdict.status is Status.FAIL
    assert verdict.reasons == (Reason.REVOKED_AFTER_CLAIM,)
    (finding,) = verdict.findings
    assert "sound when claimed" in finding.fact
    assert "pay the duty" in finding.fact


def test_revocation_after_as_of_is_not_seen() -> None:
    verdict = judge(make_line(), make_certification(), make_status("C-U-001", "revoked", "2025-07-01"))
    assert verdict.status is Status.PASS


def test_revocation_by_someone_without_authority_is_ignored() -> None:
    status = make_status("C-U-001", "revoked", "2025-01-05", signer="P-CENZONTLE")
    verdict = judge(make_line(), make_certification(), status)
    assert verdict.status is Status.PASS
    assert NoteKind.STATUS_IGNORED in verdict.note_kinds


def test_superseded_judges_the_successor_and_notes_it() -> None:
    old = make_certification("C-U-011")
    new = make_certification("C-U-011A", signed="2025-02-01")
    verdict = judge(
        make_line(cid="C-U-011"), old, new, make_status("C-U-011", "superseded", "2025-02-01", successor="C-U-011A")
    )
    assert verdict.status is Status.PASS
    assert NoteKind.SUPERSEDED_BY in verdict.note_kinds
    assert [e.record_id for e in verdict.evidence if e.record_type == "CertificationOfOrigin"] == [
        "C-U-011",
        "C-U-011A",
    ]


def test_superseded_successor_faults_are_reported() -> None:
    old = make_certification("C-U-011")
    new = make_certification("C-U-011A", signed="2025-02-01", hs="7323.99")
    verdict = judge(
        make_line(cid="C-U-011"), old, new, make_status("C-U-011", "superseded", "2025-02-01", successor="C-U-011A")
    )
    assert verdict.reasons == (Reason.HS_MISMATCH,)


def test_superseded_successor_missing_is_not_found() -> None:
    status = make_status("C-U-011", "superseded", "2025-02-01", successor="C-U-011A")
    verdict = judge(make_line(cid="C-U-011"), make_certification("C-U-011"), status)
    assert verdict.status is Status.NOT_FOUND


# --- conduct ------------------------------------------------------------------------------------


def test_preference_withheld_from_its_start_date() -> None:
    cert = make_certification(
        "C-U-012",
        certifier="P-LOONRIDGE",
        exporter="P-LOONRIDGE",
        producer="P-LOONRIDGE",
        hs="3924.10",
        origin="CA",
        blanket=("2024-09-01", "2025-08-31"),
        signed="2024-08-20",
    )
    held = make_verification(
        "V-11",
        party="P-LOONRIDGE",
        certifications=(),
        goods=("392410",),
        outcome="pattern",
        decided="2024-10-15",
        withholding=(("392410",), "2024-11-01", None),
    )
    after = make_line(
        cid="C-U-012",
        exporter="P-LOONRIDGE",
        origin="CA",
        htsus="3924.10.4000",
        imported="2024-11-01",
        claimed="2024-11-08",
    )
    before = make_line(
        cid="C-U-012",
        exporter="P-LOONRIDGE",
        origin="CA",
        htsus="3924.10.4000",
        imported="2024-10-31",
        claimed="2024-11-08",
    )
    assert judge(after, cert, held).reasons == (Reason.PREFERENCE_WITHHELD,)
    assert judge(before, cert, held).status is Status.PASS
    other_goods = make_line(
        cid="C-U-012",
        exporter="P-LOONRIDGE",
        origin="CA",
        htsus="3924.10.4000",
        imported="2024-12-01",
        claimed="2024-12-08",
    )
    held_elsewhere = make_verification(
        "V-12",
        party="P-LOONRIDGE",
        certifications=(),
        goods=("392490",),
        outcome="pattern",
        withholding=(("392490",), "2024-11-01", None),
    )
    assert judge(other_goods, cert, held_elsewhere).status is Status.PASS


@pytest.mark.parametrize("outcome", ["denied_not_originating", "denied_no_reply", "denied_visit_refused"])
def test_verification_negative(outcome: str) -> None:
    verdict = judge(make_line(), make_certification(), make_verification(outcome=outcome))
    assert verdict.reasons == (Reason.VERIFICATION_NEGATIVE,)


@pytest.mark.parametrize(
    ("outcome", "decided", "note"),
    [
        ("affirmed", "2025-04-01", NoteKind.VERIFICATION_AFFIRMED),
        ("pending", None, NoteKind.VERIFICATION_PENDING),
        ("denied_no_reply", "2025-07-15", NoteKind.VERIFICATION_PENDING),
    ],
)
def test_verification_not_negative(outcome: str, decided: str | None, note: NoteKind) -> None:
    verdict = judge(make_line(), make_certification(), make_verification(outcome=outcome, decided=decided))
    assert verdict.status is Status.PASS
    assert note in verdict.note_kinds


def test_importer_knowledge_claim_is_review_under_cafta_only() -> None:
    cafta = make_line(cid=None, exporter="P-BRISA", origin="CR", htsus="0901.21.0020", spi="P", knowledge=True)
    verdict = judge(cafta)
    assert verdict.status is Status.REVIEW
    assert verdict.reasons == (Reason.IMPORTER_KNOWLEDGE_CLAIM,)
    usmca = make_line(cid=None, knowledge=True)
    assert judge(usmca).reasons == (Reason.NO_CERTIFICATION,)


def test_no_certification_is_not_found() -> None:
    verdict = judge(make_line(cid="C-U-404"))
    assert verdict.status is Status.NOT_FOUND
    assert verdict.reasons == (Reason.NO_CERTIFICATION,)
    low = judge(make_line(cid=None, value=2_500.0))
    assert NoteKind.LOW_VALUE in low.note_kinds
    assert NoteKind.LOW_VALUE not in judge(make_line(cid=None, value=2_500.01)).note_kinds


# --- integrity and precedence -------------------------------------------------------------------


@pytest.mark.parametrize(
    "reason",
    [
        Reason.BAD_SIGNATURE,
        Reason.UNREGISTERED_SIGNER,
        Reason.BAD_PROOF,
        Reason.CHECKPOINT_INCONSISTENT,
        Reason.MALFORMED_RECORD,
    ],
)
def test_failed_certification_is_unverifiable_with_no_domain_codes(reason: Reason) -> None:
    verdict = judge(make_line(cid="C-U-015"), make_failed("C-U-015", reason))
    assert verdict.status is Status.UNVERIFIABLE
    assert verdict.reasons == (reason,)


def test_failed_status_about_the_certification_makes_it_unverifiable() -> None:
    failed = make_failed("S-C-U-001", refs=("C-U-001",), claimed_type="CertificationStatus")
    bad_line = make_line(importer="P-HARBORLINE")
    verdict = judge(bad_line, make_certification(), failed)
    assert verdict.status is Status.UNVERIFIABLE
    assert verdict.reasons == (Reason.BAD_SIGNATURE,)


def test_every_code_that_fires_is_reported_and_fail_beats_review() -> None:
    cert = make_certification(hs="8517.12", criterion="E", signed="2021-11-20", blanket=("2021-12-01", "2022-11-30"))
    line = make_line(importer="P-HARBORLINE", htsus="8517.13.0000", imported="2022-03-15", claimed="2022-03-22")
    verdict = judge(line, cert)
    assert verdict.status is Status.FAIL
    assert set(verdict.reasons) == {Reason.PARTY_MISMATCH, Reason.HS_EDITION_CHANGE, Reason.CRITERION_INVALID}


def test_wording_leaves_the_decision_to_officers() -> None:
    verdict = judge(make_line(importer="P-HARBORLINE"), make_certification())
    text = " ".join([verdict.summary, *(f.fact for f in verdict.findings)]).lower()
    for word in ("counterfeit", "genuine", "seize"):
        assert word not in text
