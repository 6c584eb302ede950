"""The user guide's pages: the HTML shipped in ``resources/help`` plus the reason-code page built from the explanations.

Qt-free, so the guide can be read on the worker pool and checked by headless tests. The
reason-code page is generated from :mod:`trade.explanations`, the same texts the command line
(``workstation explain``) and the PDF reports use, so the three never disagree.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import resources
from trade import explanations

#: The page every guide opens on.
HOME = "index.html"
#: The generated page: one anchor per code (``reason-codes.html#BLANKET_NOT_COVERING``).
REASON_CODES = "reason-codes.html"
#: The shipped pages, in reading order, and the generated one after the lookups.
_ORDER = (HOME, "lookups.html", REASON_CODES, "reports.html", "banner.html")
_TITLE = re.compile(r"<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def default_directory() -> Path:
    return Path(resources.__file__).parent / "help"


@dataclass(frozen=True, slots=True)
class GuidePage:
    """One page: its file name (what links point at), its title, its HTML, and its words for search."""

    name: str
    title: str
    html: str
    text: str


@dataclass(frozen=True, slots=True)
class Guide:
    """The whole guide, in reading order."""

    pages: tuple[GuidePage, ...]

    def page(self, name: str) -> GuidePage | None:
        return next((p for p in self.pages if p.name == name), None)

    def pages_containing(self, words: str) -> tuple[str, ...]:
        """The names of the pages whose text contains ``words`` (any letter case), in reading order."""
        needle = " ".join(words.split()).casefold()
        return tuple(p.name for p in self.pages if needle and needle in p.text.casefold())


def read_guide(directory: Path | None = None) -> Guide:
    """Read the shipped pages and build the reason-code page. Raises OSError when a page is missing."""
    folder = directory or default_directory()
    pages = []
    for name in _ORDER:
        source = reason_codes_html() if name == REASON_CODES else (folder / name).read_text(encoding="utf-8")
        pages.append(_page(name, source))
    return Guide(tuple(pages))


def _page(name: str, source: str) -> GuidePage:
    found = _TITLE.search(source)
    title = html.unescape(found.group(1).strip()) if found else name
    body = _TITLE.sub("", source)
    text = " ".join(html.unescape(_TAG.sub(" ", body)).split())
    return GuidePage(name, title, source, text)


def reason_codes_html() -> str:
    """The reason-code page: per topic, every code with its outcome, meaning and what to look at next."""
    items = explanations.all_explanations()
    topics = list(dict.fromkeys(item.topic for item in items))
    out = [
        "<html><head><title>What each reason code means</title></head><body>",
        "<h1>What each reason code means</h1>",
        "<p>Each code names one fact the rules found. The same words appear in the PDF reports and in "
        "<code>workstation explain CODE</code>. Back to the <a href='index.html'>contents</a>.</p>",
        "<p>" + " · ".join(f"<a href='#topic-{t.value}'>{html.escape(t.heading)}</a>" for t in topics) + "</p>",
    ]
    for topic in topics:
        out.append(f"<h2><a name='topic-{topic.value}'></a>{html.escape(topic.heading)}</h2>")
        for item in (i for i in items if i.topic is topic):
            out.append(f"<h3><a name='{item.code}'></a>{item.code}</h3>")
            out.append(
                f"<p><b>Gives:</b> {html.escape(item.outcome)}<br/>"
                f"<b>Means:</b> {html.escape(item.meaning)}<br/>"
                f"<b>Look next:</b> {html.escape(item.next_step)}</p>"
            )
    out.append("</body></html>")
    return "\n".join(out)
