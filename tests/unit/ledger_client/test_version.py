"""One version string: pyproject.toml's, shown by every ``--version`` and sent as the User-Agent."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ledger_client import version
from ledger_client.cli.main import main as client_main
from ledger_client.transport import HttpTransport
from ledger_node.__main__ import main as node_main
from tests.helpers.loopback_http import QuietHandler, loopback_server
from workstation.__main__ import main as workstation_main

ROOT = Path(__file__).resolve().parents[3]


def _pyproject_version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"])


def test_the_version_is_pyprojects() -> None:
    assert version.version() == _pyproject_version()
    assert version.product() == f"customs-workstation {_pyproject_version()}"


@pytest.mark.parametrize(
    ("program", "main"),
    [("workstation", workstation_main), ("ledger-client", client_main), ("ledger-node", node_main)],
)
def test_each_command_prints_the_version(
    program: str, main: Callable[[list[str]], int], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"{program} (customs-workstation) {_pyproject_version()}\n"


@pytest.fixture
def header_echo() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that records each request's User-Agent and answers 200."""
    seen: list[str] = []

    class Handler(QuietHandler):
        def on_get(self) -> None:
            seen.append(self.headers.get("User-Agent", ""))
            self.answer(b"ok")

    with loopback_server(Handler) as url:
        yield url, seen


def test_the_client_sends_the_version_as_its_user_agent(header_echo: tuple[str, list[str]]) -> None:
    url, seen = header_echo
    transport = HttpTransport(url, retries=0)
    assert transport.get("checkpoint", limit=10) == b"ok"
    transport.close()
    assert seen == [f"customs-workstation/{_pyproject_version()}"]
