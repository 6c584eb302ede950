"""The one safe small-file reader and the one strict JSON reader, on real files and parsed JSON."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from ledger_client.credentials import JsonReader, SmallFileError, parse_json_object, read_small_file


def test_a_small_regular_file_is_read_with_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "key.json"
    path.write_bytes(b"{}")
    path.chmod(0o600)
    read = read_small_file(path, limit=16)
    assert read.data == b"{}" and read.private
    path.chmod(0o640)
    assert not read_small_file(path, limit=16).private


@pytest.mark.skipif(os.name != "posix", reason="symlinks and FIFOs as POSIX makes them")
def test_a_symlink_a_fifo_a_directory_and_a_large_file_are_refused(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_bytes(b"{}")
    (tmp_path / "link.json").symlink_to(target)
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "big.json").write_bytes(b" " * 17)
    problems = {}
    for name in ("link.json", "fifo", "big.json", "missing.json"):
        with pytest.raises(SmallFileError) as caught:
            read_small_file(tmp_path / name, limit=16)
        problems[name] = caught.value.problem
    assert problems == {"link.json": "unreadable", "fifo": "malformed", "big.json": "malformed",
                        "missing.json": "unreadable"}  # fmt: skip


def test_the_reader_raises_the_callers_error_naming_the_member() -> None:
    obj = parse_json_object('{"n": true, "when": "2025-1-2", "period": {"start": 3}, "ids": ["a", 1]}')
    reader = JsonReader(obj, lambda member, problem: KeyError(f"{member} {problem}"))
    with pytest.raises(KeyError, match="n is not an integer"):
        reader.integer("n")
    with pytest.raises(KeyError, match="when is not a YYYY-MM-DD date"):
        reader.date("when")
    period = reader.required_child("period")
    with pytest.raises(KeyError, match="period.start is not a string"):
        period.text("start")
    with pytest.raises(KeyError, match="ids is not a list of strings"):
        reader.texts("ids")
    with pytest.raises(KeyError, match="absent is missing"):
        reader.required_text("absent")
    assert reader.flag("n") is True and reader.text("absent") is None and reader.texts("absent") == ()


def test_nested_readers_keep_their_kind_and_path() -> None:
    obj = parse_json_object('{"rows": [{"d": "2025-01-02"}, {"d": "x"}]}')
    reader = JsonReader(obj, lambda member, problem: ValueError(member))
    first, second = reader.children("rows")
    assert type(first) is JsonReader and first.date("d") == date(2025, 1, 2)
    with pytest.raises(ValueError, match=r"rows\[1\]\.d"):
        second.date("d")
    reader.only(["rows"])
    with pytest.raises(ValueError, match="x is not a member here"):
        JsonReader({"x": 1, "rows": []}, lambda member, problem: ValueError(f"{member} {problem}")).only(["rows"])
