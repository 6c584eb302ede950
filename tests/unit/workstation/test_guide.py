"""The user guide as shipped: every page reads, every link lands on a page or an anchor, every code has its entry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trade import explanations
from workstation import guide

_HREF = re.compile(r"""href=['"]([^'"]+)['"]""")
_ANCHOR = re.compile(r"""name=['"]([^'"]+)['"]""")


@pytest.fixture(scope="module")
def book() -> guide.Guide:
    return guide.read_guide()


def test_the_guide_opens_on_its_contents_and_has_every_page_in_order(book: guide.Guide) -> None:
    assert [p.name for p in book.pages] == [
        "index.html",
        "lookups.html",
        "reason-codes.html",
        "reports.html",
        "banner.html",
    ]
    assert [p.title for p in book.pages][:3] == ["User guide", "How each lookup works", "What each reason code means"]


def test_every_link_leads_to_a_page_of_the_guide_and_an_anchor_that_exists(book: guide.Guide) -> None:
    anchors = {p.name: set(_ANCHOR.findall(p.html)) for p in book.pages}
    links = [(p.name, href) for p in book.pages for href in _HREF.findall(p.html)]
    assert len(links) >= 8
    for source, href in links:
        target, _, anchor = href.partition("#")
        target = target or source
        assert target in anchors, f"{source} links to {href}, not a page of the guide"
        assert not anchor or anchor in anchors[target], f"{source} links to a missing anchor {href}"


def test_the_reason_code_page_has_an_entry_for_every_code_with_its_explanation(book: guide.Guide) -> None:
    page = book.page(guide.REASON_CODES)
    assert page is not None
    anchors = set(_ANCHOR.findall(page.html))
    for item in explanations.all_explanations():
        assert item.code in anchors
        assert item.next_step.replace("'", "&#x27;") in page.html
    assert "US$2,500 or less need no full certification" in page.text


def test_search_finds_the_pages_holding_the_words_in_any_case(book: guide.Guide) -> None:
    assert book.pages_containing("STALE") == ("banner.html",)
    assert book.pages_containing("serial   number") == ("lookups.html", "reason-codes.html")
    assert book.pages_containing("   ") == ()


def test_the_guide_states_facts_and_never_judges_the_goods(book: guide.Guide) -> None:
    for page in book.pages:
        assert not re.search(r"\b(counterfeit|genuine|seiz(e|ure))", page.text, re.IGNORECASE), page.name


def test_a_missing_page_is_an_os_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html><title>Only this</title></html>", encoding="utf-8")
    with pytest.raises(FileNotFoundError, match=r"lookups\.html"):
        guide.read_guide(tmp_path)


_BRITISH = re.compile(
    r"\b(licen[c]e[sd]?|colour\w*|synchronis\w*|cancell(ed|ing)|organis\w*|behaviour\w*|centre\w*|"
    r"favour\w*|labell(ed|ing)|judgement|sub-licens\w*)\b",
    re.IGNORECASE,
)


def test_the_guide_speaks_us_english_codes_aside(book: guide.Guide) -> None:
    for page in book.pages:
        assert _BRITISH.findall(page.text) == [], page.name  # codes such as NO_LICENCE are one word: not matched
