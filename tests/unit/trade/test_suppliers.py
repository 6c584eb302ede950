"""The supplier rating of docs/domain.md §4: every trigger at its threshold and just below it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.unit.trade.builders import AS_OF, index, make_certification, make_line, make_status, make_verification
from trade import suppliers
from trade.suppliers import Rating, Trigger


def certs(count: int, *, party: str = "P-NOPAL", start: date = date(2023, 8, 1)) -> list[Any]:
    return [
        make_certification(
            f"C-{party}-{k}",
            certifier=party,
            exporter=party,
            producer=party,
            signed=(start + timedelta(days=20 * k)).isoformat(),
        )
        for k in range(count)
    ]


def history(*records: Any, party: str = "P-NOPAL") -> suppliers.SupplierHistory:
    return suppliers.supplier_history(party, index(*records), as_of=AS_OF)


def fired(result: suppliers.SupplierHistory) -> dict[Trigger, Rating]:
    return {t.trigger: t.level for t in result.triggers}


def test_clean_supplier_is_low() -> None:
    result = history(*certs(6))
    assert result.rating is Rating.LOW
    assert result.triggers == ()
    assert result.issued == 6
    assert result.window.start == date(2023, 7, 1)


def test_new_supplier_few_issued_or_recent() -> None:
    assert fired(history(*certs(2))) == {Trigger.NEW_SUPPLIER: Rating.NEW}
    recent = certs(4, start=AS_OF - timedelta(days=179))
    assert history(*recent).rating is Rating.NEW
    settled = certs(4, start=AS_OF - timedelta(days=180))
    assert history(*settled).rating is Rating.LOW


def test_revocation_rate_levels() -> None:
    ten = certs(10)
    one = [make_status(ten[0].certification_id, "revoked", "2024-06-01")]
    two = [*one, make_status(ten[1].certification_id, "revoked", "2024-06-01")]
    assert fired(history(*ten, *one))[Trigger.REVOCATION_RATE] is Rating.ELEVATED
    assert fired(history(*ten, *two))[Trigger.REVOCATION_RATE] is Rating.HIGH
    eleven = certs(11)
    assert Trigger.REVOCATION_RATE not in fired(
        history(*eleven, make_status(eleven[0].certification_id, "revoked", "2024-06-01"))
    )
    four = certs(4)
    assert Trigger.REVOCATION_RATE not in fired(
        history(*four, make_status(four[0].certification_id, "revoked", "2024-06-01"))
    )


def test_revocations_after_claim() -> None:
    batch = certs(6)
    cid = batch[0].certification_id
    revoked = make_status(cid, "revoked", "2024-06-01")
    claimed = make_line(cid=cid, imported="2024-05-01", claimed="2024-05-09")
    late_claim = make_line(cid=cid, imported="2024-05-01", claimed="2024-06-02")
    result = history(*batch, revoked, index_line(claimed))
    assert fired(result)[Trigger.REVOCATIONS_AFTER_CLAIM] is Rating.ELEVATED
    assert result.revocations_after_claim == 1
    assert Trigger.REVOCATIONS_AFTER_CLAIM not in fired(history(*batch, revoked, index_line(late_claim)))


def index_line(line: Any) -> Any:
    from tests.unit.trade.builders import provenance
    from trade.record_types import CBP_PARTY, EntrySummaryLine, RecordType

    return EntrySummaryLine(provenance(RecordType.ENTRY_SUMMARY_LINE, line.line_id, CBP_PARTY), line)


@pytest.mark.parametrize(
    ("outcomes", "level"),
    [
        (("denied_no_reply",), Rating.ELEVATED),
        (("denied_visit_refused", "denied_not_originating"), Rating.HIGH),
    ],
)
def test_negative_verifications(outcomes: tuple[str, ...], level: Rating) -> None:
    checks = [make_verification(f"V-{k}", outcome=o, decided="2024-03-01") for k, o in enumerate(outcomes)]
    assert fired(history(*certs(6), *checks))[Trigger.NEGATIVE_VERIFICATIONS] is level


def test_negative_verification_outside_the_window_or_affirmed_does_not_count() -> None:
    old = make_verification(outcome="denied_no_reply", decided="2023-06-30")
    good = make_verification("V-2", outcome="affirmed", decided="2024-03-01")
    assert history(*certs(6), old, good).rating is Rating.LOW


def test_active_withholding_is_high() -> None:
    held = make_verification(outcome="pattern", certifications=(), withholding=(("392410",), "2024-11-01", None))
    result = history(*certs(6), held)
    assert result.rating is Rating.HIGH
    assert fired(result) == {Trigger.WITHHOLDING: Rating.HIGH}
    ended = make_verification(
        outcome="pattern", certifications=(), withholding=(("392410",), "2024-11-01", "2025-06-29")
    )
    assert history(*certs(6), ended).rating is Rating.LOW


def test_certifier_anomalies() -> None:
    odd = [
        make_certification(
            f"C-X-{k}", certifier="P-NOPAL", role="exporter", exporter="P-CENZONTLE", signed="2024-03-01"
        )
        for k in range(2)
    ]
    assert fired(history(*certs(6), *odd))[Trigger.CERTIFIER_ANOMALIES] is Rating.ELEVATED
    assert Trigger.CERTIFIER_ANOMALIES not in fired(history(*certs(6), odd[0]))


def test_every_trigger_is_listed_and_the_highest_wins() -> None:
    batch = certs(5)
    revoked = make_status(batch[0].certification_id, "revoked", "2024-06-01")
    claimed = index_line(make_line(cid=batch[0].certification_id, imported="2024-05-01", claimed="2024-05-09"))
    result = history(*batch, revoked, claimed)
    assert fired(result) == {Trigger.REVOCATION_RATE: Rating.HIGH, Trigger.REVOCATIONS_AFTER_CLAIM: Rating.ELEVATED}
    assert result.rating is Rating.HIGH
    numbers = dict(result.triggers[0].numbers)
    assert numbers == {"revoked": 1, "issued": 5, "rate": 0.2}
    assert len(result.months) == 24


def test_the_records_behind_the_revocations_and_the_claims_are_cited() -> None:
    # The rating counts revocations and the claims made before them; the answer cites those records too.
    batch = certs(6)
    cid = batch[0].certification_id
    revoked = make_status(cid, "revoked", "2024-06-01")
    claimed = index_line(make_line(cid=cid, imported="2024-05-01", claimed="2024-05-09"))
    result = history(*batch, revoked, claimed)
    cited = set(result.evidence)
    assert revoked.provenance.evidence in cited
    assert claimed.provenance.evidence in cited
    assert {c.provenance.evidence for c in batch} <= cited
    assert len(result.evidence) == len(cited)  # each record once
