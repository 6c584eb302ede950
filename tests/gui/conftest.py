"""GUI test fixtures: offscreen Qt by default, no leaked windows, a real loopback ledger and real encrypted profiles."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import ledger_client
from tests.helpers.log_server import ServedLog, serve
from tests.helpers.small_ledger import PUBLISHED
from workstation import app, profiles, session
from workstation.services.notifier import Notifier
from workstation.services.profile_service import ProfileService
from workstation.services.worker import WorkerPool
from workstation.shell import Shell

PASSPHRASE = "officer passphrase 42"
__all__ = ["PASSPHRASE", "PUBLISHED"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The offscreen platform warns that it cannot propagate size hints (Xvfb does not): not our warning."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"))


@pytest.fixture(autouse=True)
def no_leaked_widgets(qapp: QApplication) -> Iterator[None]:
    """Fail a test that leaves a visible top-level widget behind (after closing them for the next test)."""
    yield
    QApplication.processEvents()
    leaked = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    for widget in leaked:
        widget.close()
    QApplication.processEvents()
    if leaked:
        names = ", ".join(f"{type(w).__name__} {w.windowTitle()!r}" for w in leaked)
        pytest.fail(f"visible top-level widgets left behind: {names}")


@dataclass
class Node:
    """The loopback node; ``stop()`` takes it away (the workstation goes offline)."""

    url: str
    _stack: ExitStack

    def stop(self) -> None:
        self._stack.close()


@pytest.fixture
def node(served: ServedLog) -> Iterator[Node]:
    with ExitStack() as stack:
        yield Node(stack.enter_context(serve(served)), stack)


@pytest.fixture(autouse=True)
def profile_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


@pytest.fixture
def profile(profile_home: Path) -> profiles.Profile:
    return profiles.Profile.named("officer")


@pytest.fixture
def pool() -> Iterator[WorkerPool]:
    qpool = QThreadPool()
    qpool.setMaxThreadCount(1)
    workers = WorkerPool(qpool)
    yield workers
    workers.shutdown()


@pytest.fixture
def notifier() -> Notifier:
    return Notifier()


@pytest.fixture
def existing_profile(profile: profiles.Profile, node: Node, trust: dict[str, object]) -> profiles.Profile:
    """A profile created (not synced) before the test, as a previous run would have left it."""
    session.open_session(profile, PASSPHRASE, new_settings=profiles.ProfileSettings(node.url, trust, 0)).close()
    return profile


ShellMaker = Callable[..., Shell]


@pytest.fixture
def make_shell(
    qtbot: QtBot, existing_profile: profiles.Profile, pool: WorkerPool, notifier: Notifier
) -> Iterator[ShellMaker]:
    """Open the existing profile and build its main window (not started); closed at teardown."""
    shells: list[Shell] = []

    def make(**options: object) -> Shell:
        opened = session.open_session(existing_profile, PASSPHRASE)
        factory = options.pop("client_factory", None)
        if callable(factory):
            options["client_factory"] = lambda: factory(opened)
        shell = app.build_shell(
            opened,
            pool=pool,
            notifier=notifier,
            profile_service=ProfileService(pool),
            **options,  # type: ignore[arg-type]
        )
        qtbot.add_widget(shell.window)
        shells.append(shell)
        return shell

    yield make
    for shell in shells:
        shell.close()


@pytest.fixture
def synced_shell(qtbot: QtBot, make_shell: ShellMaker) -> Shell:
    """The main window, shown, after its first sync."""
    shell = make_shell(client_factory=offline_fast_client)
    with qtbot.assert_not_emitted(shell.sync.failed), qtbot.wait_signal(shell.sync.finished, timeout=20_000):
        shell.start()
    qtbot.wait_until(lambda: shell.state.status.facts is not None and shell.state.status.facts.entries == PUBLISHED)
    return shell


def offline_fast_client(opened: session.Session) -> ledger_client.LedgerClient:
    """The session's client over a transport that does not retry (a stopped node fails at once)."""
    return opened.client(ledger_client.HttpTransport(opened.settings.ledger_url, retries=0))
