"""Every product code of docs/domain.md §3 fires in one test and stays silent in the nearest lawful case."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.unit.trade.builders import AS_OF, index, make_failed, make_profile, make_sighting
from trade import products
from trade.products import ItemInHand
from trade.record_types import Feature
from trade.verdicts import Reason, Status, Verdict

SS25 = make_profile()
FW24 = make_profile(season="FW24", colourways=("BKE", "MOS"), serial_format="LS24F######")
GOOD: dict[str, Any] = {
    "profile_id": "LS-STR-01",
    "season": "SS25",
    "colourway": "SLV",
    "serial": "LS25S004211",
    "factory": "F-MX-017",
    "observations": {"quarter_panel_spi": 9, "upper_material": "Recycled  Polyester knit"},
}


def check(*records: Any, as_of: date = AS_OF, **item: Any) -> Verdict:
    return products.check_product(ItemInHand(**(GOOD | item)), index(*records, parties=False), as_of=as_of)


def test_matching_item_is_consistent_with_profile() -> None:
    verdict = check(SS25, FW24)
    assert verdict.status is Status.PASS
    assert verdict.summary == "consistent with profile LS-STR-01 SS25"


def test_profile_not_found_for_the_labelled_season() -> None:
    verdict = check(FW24)
    assert verdict.status is Status.NOT_FOUND
    assert verdict.reasons == (Reason.PROFILE_NOT_FOUND,)
    assert "FW24" in verdict.facts(Reason.PROFILE_NOT_FOUND)[0]


def test_colourway_of_another_season_was_not_produced() -> None:
    assert check(SS25, FW24, colourway="BKE").reasons == (Reason.COLORWAY_NOT_PRODUCED,)
    assert check(SS25, FW24, season="FW24", colourway="BKE", serial="LS24F004211").status is Status.PASS


def test_feature_mismatch_outside_tolerance_inclusive_bounds() -> None:
    low = {"quarter_panel_spi": 7.9, "upper_material": "recycled polyester knit"}
    edge = {"quarter_panel_spi": 8, "upper_material": "recycled polyester knit"}
    verdict = check(SS25, observations=low)
    assert verdict.reasons == (Reason.FEATURE_MISMATCH,)
    assert "stitches per inch" in verdict.facts(Reason.FEATURE_MISMATCH)[0]
    assert check(SS25, observations=edge).status is Status.PASS


def test_feature_mismatch_text() -> None:
    observed = {"quarter_panel_spi": 9, "upper_material": "mesh"}
    assert check(SS25, observations=observed).reasons == (Reason.FEATURE_MISMATCH,)


def test_feature_not_observed_is_review() -> None:
    verdict = check(SS25, observations={"quarter_panel_spi": 9})
    assert verdict.status is Status.REVIEW
    assert verdict.reasons == (Reason.FEATURE_NOT_OBSERVED,)


def test_serial_format_must_match_the_label_season() -> None:
    assert check(SS25, serial="LS24F004211").reasons == (Reason.SERIAL_FORMAT,)
    assert check(SS25, serial="LS25S04211").reasons == (Reason.SERIAL_FORMAT,)
    assert check(SS25, serial="ls25s004211").status is Status.PASS


def test_factory_not_authorized() -> None:
    assert check(SS25, factory="F-MX-099").reasons == (Reason.FACTORY_NOT_AUTHORIZED,)


def test_serial_duplicate_as_of_the_check_date() -> None:
    first = make_sighting("LS25S004211", "2025-04-02", entry="H2L-3310451-0")
    second = make_sighting("LS25S004211", "2025-05-19", entry="A0Z-1120877-0")
    assert check(SS25, first, entry_number="H2L-3310451-0", as_of=date(2025, 5, 1)).status is Status.PASS
    verdict = check(SS25, first, second, entry_number="H2L-3310451-0")
    assert verdict.status is Status.REVIEW
    assert verdict.reasons == (Reason.SERIAL_DUPLICATE,)
    assert check(SS25, first, entry_number=None).reasons == (Reason.SERIAL_DUPLICATE,)


def test_failing_and_review_codes_combine_with_fail_first() -> None:
    verdict = check(SS25, colourway="BKE", observations={"quarter_panel_spi": 12})
    assert verdict.status is Status.FAIL
    assert set(verdict.reasons) == {Reason.COLORWAY_NOT_PRODUCED, Reason.FEATURE_MISMATCH, Reason.FEATURE_NOT_OBSERVED}


def test_latest_version_of_the_season_is_used() -> None:
    newer = make_profile(version=2, colourways=("SLV", "BNV", "RED"))
    assert check(SS25, newer, colourway="RED").status is Status.PASS
    assert check(SS25, colourway="RED").reasons == (Reason.COLORWAY_NOT_PRODUCED,)


def test_failed_profile_is_unverifiable() -> None:
    verdict = check(SS25, make_failed("LS-STR-01", claimed_type="ProductProfile"))
    assert verdict.status is Status.UNVERIFIABLE
    assert verdict.reasons == (Reason.BAD_SIGNATURE,)


def test_text_features_and_wording() -> None:
    profile = make_profile(features=(Feature("upper_material", None, None, None, "knit"),))
    verdict = check(profile, observations={"upper_material": "KNIT"})
    assert verdict.status is Status.PASS
    assert "genuine" not in verdict.summary
