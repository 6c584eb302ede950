"""``workstation check``: the command line builds the same typed query as the form, before opening the profile."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

import pytest

from workstation.__main__ import build_parser, main
from workstation.cli import exits
from workstation.cli.check_command import query_of
from workstation.lookups.inputs import InputError
from workstation.lookups.queries import LicenceQuery, OriginByEntry, OriginLine, ProductQuery, SupplierQuery


def parsed(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(["check", *argv])


def write(tmp_path: Path, value: object) -> str:
    path = tmp_path / "input.json"
    path.write_text(json.dumps(value), encoding="utf-8")
    return str(path)


def test_each_kind_has_its_subcommand_from_the_registry() -> None:
    assert query_of(parsed("origin", "--entry", "E-1031")) == OriginByEntry("E-1031")
    assert query_of(parsed("supplier", "--party", "Talleres", "--from", "2024-07-01")) == SupplierQuery(
        "Talleres", date(2024, 7, 1)
    )


def test_input_files_are_parsed_by_the_kinds_parser(tmp_path: Path) -> None:
    line = {"entry": "E-9", "importer": "bluegill", "origin": "MX", "hts": "7323.93.0045",
            "import_date": "2025-03-10", "claim_date": "2025-03-20"}  # fmt: skip
    assert isinstance(query_of(parsed("origin", "--entry-line", write(tmp_path, line))), OriginLine)
    shipment = {"shipper": "P-HILOS", "mark": "LARKSPUR", "hs": "6110.30", "making_country": "SV",
                "ship_date": "2025-03-01"}  # fmt: skip
    assert isinstance(query_of(parsed("licence", "--shipment", write(tmp_path, shipment))), LicenceQuery)
    observation = {"profile": "LS-STR-01", "season": "SS25", "date": "2025-05-07"}
    assert isinstance(query_of(parsed("product", "--observation", write(tmp_path, observation))), ProductQuery)


def test_a_file_that_is_not_one_json_object_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(exits.UsageError, match="must hold one JSON object"):
        query_of(parsed("licence", "--shipment", write(tmp_path, [1, 2])))
    with pytest.raises(exits.UsageError, match="cannot read"):
        query_of(parsed("licence", "--shipment", str(tmp_path / "missing.json")))


def test_a_bad_date_option_is_an_input_error_naming_the_option() -> None:
    with pytest.raises(InputError) as caught:
        query_of(parsed("supplier", "--party", "P-NOPAL", "--from", "July"))
    assert caught.value.field == "--from"


def test_bad_input_is_refused_before_any_profile_is_opened(  # type: ignore[no-untyped-def]
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "no-profile-here"))
    shipment = {"shipper": "P-HILOS", "mark": "LARKSPUR", "hs": "6110.30", "making_country": "El Salvador",
                "ship_date": "2025-03-01"}  # fmt: skip
    assert main(["check", "licence", "--shipment", write(tmp_path, shipment)]) == exits.USAGE
    answer = json.loads(capsys.readouterr().out)
    assert answer["error"] == "usage" and answer["message"].startswith("making_country: ")
    assert not (tmp_path / "no-profile-here").exists()
