"""Suite-wide fixtures: a test that logs a warning it did not ask for fails."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

pytest_plugins = ["tests.helpers.small_ledger"]


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def no_agency_defaults(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine's own agency defaults file (if any) never reaches a test; tests that want one set the variable."""
    monkeypatch.setenv("CUSTOMS_WORKSTATION_DEFAULTS", str(tmp_path_factory.getbasetemp() / "no-agency-defaults.json"))


@pytest.fixture(autouse=True)
def fail_on_unexpected_warning_logs(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail any test that logs WARNING or above, unless it takes ``caplog`` and checks the records itself."""
    collector = _Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield
    finally:
        root.removeHandler(collector)
    if "caplog" not in request.fixturenames and collector.records:
        lines = "\n".join(f"{r.levelname} {r.name}: {r.getMessage()}" for r in collector.records)
        pytest.fail(f"unexpected log records at WARNING or above:\n{lines}")
