"""Every code the rules can emit is explained once, in plain facts, and an unknown code is refused by name."""

from __future__ import annotations

import re

import pytest

from trade import explanations
from trade.explanations import Topic, UnknownCodeError
from trade.suppliers import Trigger
from trade.verdicts import NoteKind, Reason, Status


@pytest.mark.parametrize("reason", list(Reason), ids=str)
def test_every_reason_code_is_explained_with_its_verdict(reason: Reason) -> None:
    item = explanations.explain(reason.value)
    assert item.code == reason.value
    assert item.meaning.strip() and item.next_step.strip()
    if reason is not Reason.NO_LICENCE:  # the one code whose status depends on the owner's roster
        assert item.outcome == reason.default_status.value
    assert (item.topic is Topic.INTEGRITY) == reason.is_integrity


@pytest.mark.parametrize("code", [*Status, *Trigger, *NoteKind], ids=str)
def test_every_verdict_trigger_and_note_is_explained(code: str) -> None:
    item = explanations.explain(code)
    assert item.code == code
    assert item.meaning.strip() and item.next_step.strip()


def test_the_list_holds_each_code_once_grouped_in_topic_order() -> None:
    listed = explanations.all_explanations()
    codes = [item.code for item in listed]
    assert len(codes) == len(set(codes)) == len(Status) + len(Reason) + len(Trigger) + len(NoteKind)
    topics = [item.topic for item in listed]
    assert topics == sorted(topics, key=list(Topic).index)


def test_lookup_ignores_case_and_surrounding_space() -> None:
    assert explanations.explain("  revoked_after_claim ").code == "REVOKED_AFTER_CLAIM"


def test_an_unknown_code_is_refused_naming_it() -> None:
    with pytest.raises(UnknownCodeError, match="'COUNTERFEIT_MAYBE' is not a code the rules emit") as caught:
        explanations.explain("COUNTERFEIT_MAYBE")
    assert caught.value.code == "COUNTERFEIT_MAYBE"


@pytest.mark.parametrize("item", explanations.all_explanations(), ids=lambda e: e.code)
def test_the_texts_state_facts_and_never_judge_the_goods(item: explanations.Explanation) -> None:
    text = f"{item.meaning} {item.next_step}".lower()
    assert not re.search(r"\b(counterfeit|genuine|seiz(e|ure))", text), text
    assert item.meaning.endswith(".") and item.next_step.endswith(".")


def test_a_report_reads_a_meaning_by_the_exact_spelling_and_skips_codes_it_does_not_know() -> None:
    assert explanations.meaning_of("BLANKET_NOT_COVERING") == (
        "The import date falls outside the certification's blanket period."
    )
    assert explanations.meaning_of("blanket_not_covering") is None
    assert explanations.meaning_of("A_CODE_FROM_ANOTHER_VERSION") is None


def test_each_topic_names_the_section_of_the_docs_it_comes_from() -> None:
    assert explanations.explain("SERIAL_DUPLICATE").section == "docs/domain.md §3"
    documents = {topic.section.split(" ")[0] for topic in Topic}
    assert documents <= {"docs/domain.md", "docs/architecture.md", "docs/credentials.md"}
