"""One report on a batch of entry lines, headless: ``check origin --batch --draft-report``, ``report --draft``,
``verify-report``, on the demo ledger served over loopback HTTP (a real encrypted profile, real PDFs).

The shipped 1,000-line example is drafted into one report: a summary of every line and one
section per line that is not PASS; approved with the DEMO supervisor key; verified; and
each change to a line's result after signing is caught with its own reason.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from pypdf import PdfReader

import ledger_client
from ledger_client.credentials import canonicalize
from tests.helpers.synced_profile import synced_cli_env, trust_for
from trade import demo
from trade.explanations import meaning_of
from workstation import demo_batch
from workstation.__main__ import main
from workstation.demo_ledger import demo_trust
from workstation.reports import demonstration, keystore, pdf, signing
from workstation.reports.content import ReportContent
from workstation.reports.errors import MalformedReportError, ReportVerificationError
from workstation.reports.seal import seal
from workstation.reports.verify import verify_report

AS_OF = "2025-06-30"
EXAMPLE = demo_batch.EXAMPLES / demo_batch.EXAMPLE_NAME


@dataclass(frozen=True)
class Issued:
    """The batch's JSON answer (with ``draft_report``), the approved PDF and the trust it verifies under."""

    batch: dict[str, object]
    data: bytes
    path: Path
    trust: ledger_client.TrustConfig
    env: dict[str, str]


def _run(*argv: str) -> tuple[int, dict[str, object]]:
    """``workstation ARGV``: its exit code and the JSON object it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(argv))
    return code, json.loads(out.getvalue())


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> Issued:
    ledger = demo.generate()
    out = tmp_path_factory.mktemp("report") / "batch.pdf"
    with synced_cli_env(tmp_path_factory, ledger.entries, ledger.cbp_issuer) as env:
        code, answer = _run("check", "origin", "--batch", str(EXAMPLE), "--as-of", AS_OF, "--draft-report")
        assert code == 0
        draft = answer["draft_report"]
        assert isinstance(draft, dict)
        code, approved = _run("report", "--draft", str(draft["report_id"]), "--supervisor-key",
                              str(keystore.demo_key_path()), "--out", str(out))  # fmt: skip
        assert code == 0 and approved["report_id"] == draft["report_id"] and approved["demo_key"] is True
    trust = ledger_client.parse_trust_file(json.dumps(trust_for(ledger.cbp_issuer)).encode())
    return Issued(answer, out.read_bytes(), out, trust, env)


def _files(data: bytes) -> dict[str, bytes]:
    return {name: versions[0] for name, versions in PdfReader(io.BytesIO(data)).attachments.items()}


def _content(data: bytes) -> ReportContent:
    return ReportContent.from_canonical(_files(data)[pdf.CONTENT_NAME])


def _reason(data: bytes, trust: ledger_client.TrustConfig) -> ReportVerificationError:
    with pytest.raises(ReportVerificationError) as caught:
        verify_report(data, trust)
    return caught.value


def _results(issued: Issued) -> list[dict[str, object]]:
    results = issued.batch["results"]
    assert isinstance(results, list)
    return results


# ---------------------------------------------------------------------------- what the report holds


def test_the_report_holds_every_line_and_one_section_per_line_not_pass(issued: Issued) -> None:
    verified = verify_report(issued.data, issued.trust)
    content = verified.content
    b = content.batch
    assert b is not None and b.file_name == EXAMPLE.name and content.as_of == AS_OF
    results = _results(issued)
    assert [(x.row, x.verdict, list(x.reasons), x.audit_id) for x in b.lines] == [
        (r["row"], r["verdict"], r["reasons"], r["audit_id"]) for r in results
    ]
    flagged = [r for r in results if r["verdict"] not in {None, "PASS"}]
    assert [s.row for s in b.sections] == [r["row"] for r in flagged]
    assert [s.audit_id for s in b.sections] == [r["audit_id"] for r in flagged]  # each line's audit line
    assert len(b.sections) == 96 and b.counts == issued.batch["summary"]
    assert b.checkpoint_size == 1076 and b.checkpoint_root == content.evidence.checkpoint_note.splitlines()[2]
    malformed = [x for x in b.lines if x.verdict is None]
    assert len(malformed) == 22 and all(x.error_field == "hts" and x.error for x in malformed)
    proven = {r.log_index for r in content.evidence.records}
    assert all(set(s.records) <= proven for s in b.sections)
    assert sum(1 for s in b.sections if s.records) == 94  # a NOT_FOUND line and a claim on knowledge cite none
    # the report's own verdict is the most severe of its lines'; its codes are every code that fired
    assert content.verdict == "UNVERIFIABLE"
    assert set(content.reasons) == {code for s in b.sections for code in s.reasons}
    draft = issued.batch["draft_report"]
    assert isinstance(draft, dict) and draft["sections"] == 96 and draft["state"] == "draft"


def test_the_pdf_states_the_summary_and_each_section(issued: Issued) -> None:
    text = subprocess.run(["pdftotext", "-layout", str(issued.path), "-"], capture_output=True, check=True,
                          text=True).stdout  # fmt: skip
    content = _content(issued.data)
    b = content.batch
    assert b is not None
    for words in ("Batch file", EXAMPLE.name, "Judged as of", AS_OF, b.checkpoint_root, "Lines per verdict",
                  "Rows with malformed input", "Every line", "Audit line", "Records this line rests on"):  # fmt: skip
        assert words in text
    flat = " ".join(text.split())
    for s in b.sections:
        assert f"Row {s.row} verdict: {s.verdict}" in flat
        assert f"Row {s.row}: entry {s.input['entry']}, line {s.input['line']}" in flat
    revoked = meaning_of("REVOKED_AFTER_CLAIM")
    assert revoked is not None and " ".join(revoked.split()) in flat  # the code's explanation, as single reports
    for word in ("genuine", "counterfeit", "seize"):
        assert word not in text.lower()
    pages = len(PdfReader(io.BytesIO(issued.data)).pages)
    assert pages > len(b.sections)  # a page per section after the summary
    assert "DEMONSTRATION ONLY" not in text  # the test log is not the DEMO ledger (see the next test)


def test_a_batch_report_from_the_demo_ledger_is_marked_on_every_page(issued: Issued) -> None:
    content = _content(issued.data)
    origin = str(demo_trust()["expected_origin"])
    marked = replace(content, evidence=replace(content.evidence, origin=origin))
    assert demonstration.is_demonstration(marked)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf.render_pages(marked, None))).pages]
    assert len(pages) > 96 and all("DEMONSTRATION ONLY" in page for page in pages)


def test_cli_verify_report_says_valid(monkeypatch: pytest.MonkeyPatch, issued: Issued) -> None:
    for k, v in issued.env.items():
        monkeypatch.setenv(k, v)
    code, answer = _run("verify-report", str(issued.path))
    assert code == 0 and answer["valid"] is True and answer["verdict"] == "UNVERIFIABLE"
    assert answer["batch"] == {
        "file_name": EXAMPLE.name,
        "lines": 1000,
        "counts": issued.batch["summary"],
        "section_rows": [r["row"] for r in _results(issued) if r["verdict"] not in {None, "PASS"}],
    }


# ---------------------------------------------------------------------------- tampering


def _resealed(issued: Issued, edit: dict[str, object]) -> bytes:
    """The report with ``content.json`` replaced by ``edit`` (canonical), the pages and the seal made again."""
    files = _files(issued.data)
    del files["seal.json"]
    files[pdf.CONTENT_NAME] = canonicalize(edit)  # type: ignore[arg-type]
    original = _content(issued.data)
    signature = signing.ReportSignature.from_bytes(files[pdf.SIGNATURE_NAME])
    key = keystore.load_supervisor_key(keystore.demo_key_path())
    return seal(pdf.embed(pdf.render_pages(original, signature), files), key.key)


@pytest.mark.parametrize("row", [0, 500, 999], ids=["first", "middle", "last"])
def test_a_line_verdict_edited_in_the_signed_content_breaks_the_signature(issued: Issued, row: int) -> None:
    edit = json.loads(_files(issued.data)[pdf.CONTENT_NAME])
    line = edit["batch"]["lines"][row]
    line["verdict"] = "FAIL" if line["verdict"] == "PASS" else "PASS"
    error = _reason(_resealed(issued, edit), issued.trust)
    assert error.reason == "SIGNATURE_INVALID"


def test_a_section_verdict_edited_in_the_signed_content_breaks_the_signature(issued: Issued) -> None:
    edit = json.loads(_files(issued.data)[pdf.CONTENT_NAME])
    edit["batch"]["sections"][10]["verdict"] = "PASS"
    assert _reason(_resealed(issued, edit), issued.trust).reason == "SIGNATURE_INVALID"


def test_a_flipped_byte_is_document_altered(issued: Issued) -> None:
    data = bytearray(issued.data)
    data[data.index(b"ReportLab PDF Library")] ^= 0x01
    assert _reason(bytes(data), issued.trust).reason == "DOCUMENT_ALTERED"


def test_pages_re_rendered_with_a_section_verdict_changed_are_caught(issued: Issued) -> None:
    files = _files(issued.data)
    signature = signing.ReportSignature.from_bytes(files[pdf.SIGNATURE_NAME])
    content = _content(issued.data)
    assert content.batch is not None
    target = next(s for s in content.batch.sections if s.verdict == "FAIL")
    shown = replace(target, verdict="REVIEW")
    edited = replace(content, batch=replace(content.batch, sections=tuple(
        shown if s is target else s for s in content.batch.sections)))  # fmt: skip
    del files["seal.json"]
    key = keystore.load_supervisor_key(keystore.demo_key_path())
    forged = seal(pdf.embed(pdf.render_pages(edited, signature), files), key.key)
    error = _reason(forged, issued.trust)
    assert error.reason == "VISIBLE_TEXT_MISMATCH"
    assert f"Row {target.row} verdict: FAIL" in error.details()["missing"]  # type: ignore[operator]


def test_sections_that_disagree_with_the_lines_are_refused(issued: Issued) -> None:
    edit = json.loads(_files(issued.data)[pdf.CONTENT_NAME])
    del edit["batch"]["sections"][3]
    with pytest.raises(MalformedReportError, match="sections are not its lines that are not PASS"):
        ReportContent.from_json(edit)


def test_a_section_citing_a_record_the_evidence_lacks_is_refused(issued: Issued) -> None:
    edit = json.loads(_files(issued.data)[pdf.CONTENT_NAME])
    edit["batch"]["sections"][0]["records"].append(10**6)
    with pytest.raises(MalformedReportError, match="cites a record the evidence lacks"):
        ReportContent.from_json(edit)


def test_the_content_reads_back_to_the_same_canonical_bytes(issued: Issued) -> None:
    canonical = _files(issued.data)[pdf.CONTENT_NAME]
    assert ReportContent.from_canonical(canonical).canonical() == canonical


# ---------------------------------------------------------------------------- usage


def test_report_draft_refuses_remarks_and_an_unknown_id(
    monkeypatch: pytest.MonkeyPatch, issued: Issued, tmp_path: Path
) -> None:
    for k, v in issued.env.items():
        monkeypatch.setenv(k, v)
    key, out = str(keystore.demo_key_path()), tmp_path / "r.pdf"
    code, answer = _run("report", "--draft", "R-1", "--remarks", "x", "--supervisor-key", key, "--out", str(out))
    assert code == 2 and "not with --draft" in str(answer["message"])
    code, answer = _run("report", "--draft", "R-20990101-00000000", "--supervisor-key", key, "--out", str(out))
    assert code == 2 and "(NOT_FOUND)" in str(answer["message"])
    assert not out.exists()


def test_a_batch_without_a_checked_line_is_not_drafted(
    monkeypatch: pytest.MonkeyPatch, issued: Issued, tmp_path: Path
) -> None:
    for k, v in issued.env.items():
        monkeypatch.setenv(k, v)
    header, first = EXAMPLE.read_text(encoding="utf-8").splitlines()[:2]
    lines = tmp_path / "unreadable.csv"
    lines.write_text(f"{header}\n{first.replace(',CA,', ',XX,', 1)}\n", encoding="utf-8")
    code, answer = _run("check", "origin", "--batch", str(lines), "--as-of", AS_OF, "--draft-report")
    assert code == 2 and answer["message"] == (
        "the report cannot be drafted: A report cannot be built from this check. (CANNOT_BUILD)"
    )


@pytest.mark.parametrize("entry", ["<b>E-1</b> &amp;", "E-" + "9" * 60 + " <i>long</i>"], ids=["markup", "long"])
def test_untrusted_cells_of_the_lines_table_are_printed_as_typed(issued: Issued, entry: str, tmp_path: Path) -> None:
    content = _content(issued.data)
    assert content.batch is not None
    lines = (replace(content.batch.lines[0], entry=entry, line=entry), *content.batch.lines[1:])
    target = tmp_path / "page.pdf"
    target.write_bytes(pdf.render_pages(replace(content, batch=replace(content.batch, lines=lines)), None))
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, check=True, text=True).stdout
    shown = "<b>E-1</b> &amp;" if entry.startswith("<b>") else "<i>long</i>"  # a long one wraps, as typed
    assert shown in " ".join(text.split())
