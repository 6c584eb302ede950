"""The embedded demo end to end: ``ledger-node serve --demo`` as a real process, the headless workstation on it.

This is the path ``workstation --demo`` takes (``workstation.demo_ledger``), with the
DEMO log, witness and CBP keys and trust file of ``resources/demo``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

from workstation import profiles, session
from workstation.__main__ import main
from workstation.demo_ledger import DemoLedger

DEMO = Path(str(resources.files("resources"))) / "demo"


@pytest.fixture(scope="module")
def demo_node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoLedger]:
    node = DemoLedger(tmp_path_factory.mktemp("demo-ledger"))
    node.start()
    try:
        yield node
    finally:
        node.stop()


@pytest.fixture
def profile_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    env = {"XDG_DATA_HOME": str(tmp_path / "xdg"), "WORKSTATION_PASSPHRASE": "demo officer passphrase"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, object]]:
    capsys.readouterr()
    code = main(list(argv))
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.slow
def test_demo_node_serves_the_demo_ledger_the_workstation_verifies(capsys, demo_node, profile_env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert demo_node.url is not None
    code, out = run(
        capsys,
        "sync",
        "--ledger",
        demo_node.url,
        "--trust",
        str(DEMO / "trust.json"),
        "--officer-key",
        str(DEMO / "officer.key"),
    )
    assert code == 0, out
    assert out["checkpoint"]["size"] >= 1076  # type: ignore[index]
    assert out["checkpoint"]["witnesses"] == ["demo-witness.customs-ledger.example"]  # type: ignore[index]
    assert out["not_believed"] == 1  # C-U-015, altered after signing on purpose

    code, out = run(capsys, "check", "origin", "--entry", "E-1031", "--as-of", "2025-06-30")
    assert (code, out["verdict"], out["reasons"]) == (0, "FAIL", ["REVOKED_AFTER_CLAIM"])
    code, out = run(capsys, "check", "origin", "--entry", "E-1021", "--as-of", "2025-06-30")
    assert (code, out["verdict"], out["reasons"]) == (0, "UNVERIFIABLE", ["BAD_SIGNATURE"])

    observation = tmp_path / "obs.json"
    observation.write_text(
        json.dumps(
            {
                "entry": "E-2201",
                "date": "2025-05-07",
                "importer": "Harborline",
                "profile": "LS-STR-01",
                "season": "SS25",
                "colourway": "SLV",
                "serial": "LS25S700123",
                "factory": "F-MX-017",
                "features": {"quarter_panel_spi": 9, "upper_material": "recycled polyester knit"},
            }
        )
    )
    code, out = run(
        capsys, "check", "product", "--observation", str(observation), "--record-sighting", "--port", "Laredo"
    )
    assert (code, out["verdict"]) == (0, "PASS"), out
    opened = session.open_session(profiles.Profile.named("default"), profile_env["WORKSTATION_PASSPHRASE"])
    try:
        size = opened.mirror.entry_count()
        sightings = [e for e in opened.mirror.entries(record_type="SerialSighting") if b"LS25S700123" in e.entry]
    finally:
        opened.close()
    assert len(sightings) == 1
    assert sightings[0].believed  # signed by the DEMO officer, whom CBP registered

    code, out = run(capsys, "check", "product", "--observation", str(observation), "--record-sighting")
    assert (code, out["verdict"]) == (0, "PASS"), out
    opened = session.open_session(profiles.Profile.named("default"), profile_env["WORKSTATION_PASSPHRASE"])
    try:
        assert opened.mirror.entry_count() == size  # the same entry's item is not a second sighting
    finally:
        opened.close()
