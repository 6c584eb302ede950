"""``workstation check origin --batch`` on the demo ledger served over loopback HTTP (a real encrypted profile).

The shipped 1,000-line example is checked end to end; malformed rows are reported
with their row number and field while the others are checked.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.helpers.synced_profile import synced_cli_env
from trade import demo
from workstation import batch, demo_batch
from workstation.__main__ import main

AS_OF = "2025-06-30"
EXAMPLE = demo_batch.EXAMPLES / demo_batch.EXAMPLE_NAME
TEMPLATE = demo_batch.EXAMPLES / demo_batch.TEMPLATE_NAME


@pytest.fixture(scope="module")
def profile_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    ledger = demo.generate()
    with synced_cli_env(tmp_path_factory, ledger.entries, ledger.cbp_issuer) as env:
        return env


def check(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, env: dict[str, str], *argv: str):  # type: ignore[no-untyped-def]
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    capsys.readouterr()
    code = main(["check", "origin", *argv])
    return code, json.loads(capsys.readouterr().out)


def test_the_shipped_example_is_what_the_generator_makes() -> None:
    assert EXAMPLE.read_text(encoding="utf-8") == demo_batch.example_csv()
    assert TEMPLATE.read_text(encoding="utf-8") == demo_batch.template_csv()
    assert len(batch.read_batch(EXAMPLE.read_bytes())) == 1000


def test_the_1000_line_example_runs_and_writes_csv_and_json(capsys, monkeypatch, profile_env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out_json, out_csv = tmp_path / "results.json", tmp_path / "results.csv"
    code, out = check(
        capsys, monkeypatch, profile_env, "--batch", str(EXAMPLE), "--as-of", AS_OF, "--out", str(out_json)
    )
    assert code == 0
    assert out["checkpoint"]["size"] == 1076 and out["as_of"] == AS_OF
    results = out["results"]
    assert [r["row"] for r in results] == list(range(2, 1002))
    assert sum(out["summary"].values()) == 1000
    assert out["summary"]["PASS"] > 800 and out["summary"]["FAIL"] > 50
    first = results[0]
    assert (first["entry"], first["verdict"], first["reasons"]) == ("E-1077", "PASS", [])
    assert isinstance(first["audit_id"], int)
    assert len({r["audit_id"] for r in results if r["audit_id"] is not None}) == 1000 - out["summary"].get(
        "MALFORMED", 0
    )
    revoked = [r for r in results if r["entry"] == "E-1031" and "REVOKED_AFTER_CLAIM" in r["reasons"]]
    assert revoked and revoked[0]["verdict"] == "FAIL"
    for r in results:
        if r["verdict"] is None:  # filed lines whose HS code is of an older edition cannot be typed
            assert r["error"]["field"] == "hts" and "not a subheading" in r["error"]["message"]
    assert json.loads(out_json.read_text(encoding="utf-8")) == out
    code, again = check(
        capsys, monkeypatch, profile_env, "--batch", str(EXAMPLE), "--as-of", AS_OF, "--out", str(out_csv)
    )
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    assert len(rows) == 1000 and rows[0]["entry"] == "E-1077" and rows[0]["verdict"] == "PASS"
    assert again["summary"] == out["summary"]


def test_malformed_rows_are_reported_and_the_others_checked(capsys, monkeypatch, profile_env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    template = TEMPLATE.read_text(encoding="utf-8").splitlines()
    good = template[1]
    lines = [
        template[0],
        good,
        good.replace(",1,Harborline", ",one,Harborline"),
        good.replace("2020-03-18", "18/03/2020"),
        good.replace("Harborline", "Nobody Such"),
        "",
        good + ",extra",
        good.replace(",false,", ",maybe,"),
        good,
    ]
    path = tmp_path / "lines.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = check(capsys, monkeypatch, profile_env, "--batch", str(path), "--as-of", AS_OF)
    assert code == 0
    by_row = {r["row"]: r for r in out["results"]}
    assert sorted(by_row) == [2, 3, 4, 5, 7, 8, 9]  # row 6 is blank
    assert by_row[2]["verdict"] == by_row[9]["verdict"] == "PASS"
    assert by_row[3]["error"]["field"] == "line"
    assert by_row[4]["error"]["field"] == "claim_date" and "YYYY-MM-DD" in by_row[4]["error"]["message"]
    assert by_row[5]["error"]["field"] == "importer"
    assert by_row[7]["error"] == {"field": "row", "message": "13 cells for 12 columns"}
    assert by_row[8]["error"]["field"] == "importer_knowledge"
    assert out["summary"] == {"MALFORMED": 5, "PASS": 2}
    assert all(r["entry"] == "E-1011" for r in out["results"])


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("entry,line,importer,origin,hts,import_date,claim_date,colour", "'colour' is not an entry-line column"),
        ("entry,line,importer,origin,hts,import_date", "the column 'claim_date' is missing"),
        ("entry,entry,importer,origin,hts,import_date,claim_date", "the column 'entry' is named twice"),
    ],
)
def test_a_file_whose_header_cannot_be_used_is_a_usage_error(  # type: ignore[no-untyped-def]
    capsys, monkeypatch, profile_env, tmp_path, header, message
) -> None:
    path = tmp_path / "lines.csv"
    path.write_text(header + "\n", encoding="utf-8")
    code, out = check(capsys, monkeypatch, profile_env, "--batch", str(path))
    assert code == 2 and "row 1: " + message in out["message"]


def test_out_must_be_csv_or_json_and_goes_with_batch(capsys, monkeypatch, profile_env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    code, out = check(capsys, monkeypatch, profile_env, "--batch", str(TEMPLATE), "--out", str(tmp_path / "r.txt"))
    assert code == 2 and ".csv or .json" in out["message"]
    code, out = check(capsys, monkeypatch, profile_env, "--entry", "E-1001", "--out", str(tmp_path / "r.json"))
    assert code == 2 and "--out goes with --batch" in out["message"]
