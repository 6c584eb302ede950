"""The composition root: builds the pool, services, dialogs and windows, and passes each its dependencies.

``run_gui`` is what ``workstation`` (no subcommand) runs. Nothing here is global:
the :class:`Launcher` opens the profile (first run, unlock, or a demo launcher),
then :func:`build_shell` wires the session to the main window.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QApplication, QDialog

import ledger_client
from ledger_client import version
from workstation import agency, crash, messages, profiles
from workstation.demo_ledger import DEMO_PASSPHRASE, DemoLedger, default_data_dir
from workstation.lookups.kind import LookupKind
from workstation.models.history_model import HistoryTableModel
from workstation.quit_signals import QuitOnSignals
from workstation.services import worker
from workstation.services.auto_sync import AutoSync
from workstation.services.history_service import HistoryService
from workstation.services.ledger_state import LedgerStateService
from workstation.services.lookup_service import LookupService
from workstation.services.notifier import Notice, Notifier
from workstation.services.profile_service import ProfileService
from workstation.services.report_service import ReportService
from workstation.services.sync_service import SyncService
from workstation.session import Session
from workstation.shell import Shell
from workstation.views import theme
from workstation.views.crash_dialog import CrashDialog
from workstation.views.demo_progress_dialog import DemoProgressDialog
from workstation.views.first_run_dialog import FirstRunDialog
from workstation.views.form_page import FormPage
from workstation.views.history_view import HistoryView
from workstation.views.lookup_page import LookupPageFactory
from workstation.views.lookup_pages import page_class
from workstation.views.main_window import MainWindow
from workstation.views.status_banner import StatusBanner
from workstation.views.sync_progress import SyncProgressWidget
from workstation.views.unlock_dialog import UnlockDialog

Clock = Callable[[], int]
#: Builds the lookup pages for an open session (see :func:`lookup_pages`).
LookupPagesBuilder = Callable[[Session, worker.WorkerPool, Notifier, LedgerStateService], LookupPageFactory]
#: A demo launcher: given the demo profile, start the demo ledger and return the profile's settings
#: (runs on the worker pool; may take seconds). The profile is then opened with ``DEMO_PASSPHRASE``.
DemoLauncher = Callable[[profiles.Profile], profiles.ProfileSettings]


def _now() -> int:
    return int(time.time())


def lookup_pages(
    opened: Session, pool: worker.WorkerPool, notifier: Notifier, state: LedgerStateService
) -> LookupPageFactory:
    """The lookup pages for ``opened``: each with its own :class:`LookupService` on the session pool."""

    def page(kind: LookupKind) -> FormPage:
        service = LookupService(opened, pool)
        built = page_class(kind)(service)
        service.setParent(built)
        service.finished.connect(
            lambda answer: notifier.info.emit(Notice(f"Check recorded in the audit log as #{answer.outcome.audit_id}."))
        )
        built.set_verdicts_blocked(state.status.verdicts_blocked)
        return built

    return page


def build_shell(
    opened: Session,
    *,
    pool: worker.WorkerPool,
    notifier: Notifier,
    profile_service: ProfileService,
    pages_builder: LookupPagesBuilder = lookup_pages,
    clock: Clock = _now,
    client_factory: Callable[[], ledger_client.LedgerClient] | None = None,
) -> Shell:
    """Wire one open session's services to a new main window (not shown yet: call ``Shell.start``).

    Args:
        client_factory: builds the client of each sync (default: ``opened.client``; tests wrap its transport).
    """
    sync = SyncService(client_factory or opened.client, pool, notifier)
    state = LedgerStateService(opened, sync, pool, notifier, clock=clock)
    auto_sync = AutoSync(sync, opened.settings.auto_sync_minutes)
    history_service = HistoryService(opened.audit, pool, opened.lookups)
    banner = StatusBanner()
    progress = SyncProgressWidget()
    history = HistoryView(
        history_service, HistoryTableModel(), today=lambda: datetime.fromtimestamp(clock(), tz=UTC).date()
    )
    factory = pages_builder(opened, pool, notifier, state)
    pages = [factory(kind) for kind in LookupKind]
    window = MainWindow(banner, pages, history, progress, profile_name=opened.profile.name)

    state.changed.connect(banner.show_status)
    state.verdicts_blocked_changed.connect(window.set_verdicts_blocked)
    state.verdicts_blocked_changed.connect(sync.set_paused)
    sync.running_changed.connect(progress.set_running)
    sync.progress.connect(progress.show_progress)
    progress.cancel_requested.connect(sync.cancel)
    notifier.info.connect(window.show_notice)
    notifier.warning.connect(window.show_notice)
    notifier.error.connect(window.show_error)
    notifier.security_alert.connect(window.show_security_alert)
    banner.show_status(state.status)
    return Shell(
        opened,
        window,
        pool=pool,
        notifier=notifier,
        profile_service=profile_service,
        sync=sync,
        state=state,
        history=history_service,
        auto_sync=auto_sync,
        clock=clock,
        reports=ReportService(opened, pool),  # signed reports
    )


class Launcher(QObject):
    """Opens a profile, asking what it must, then builds the shell.

    First run (no cache): the first-run dialog, or the demo launcher when one is given.
    Later runs: the unlock dialog.

    Signals:
        shell_ready(Shell): the profile is open and its window built (not shown yet).
        cancelled(): the officer quit from the dialog.
    """

    shell_ready = Signal(Shell)
    cancelled = Signal()

    def __init__(
        self,
        profile: profiles.Profile,
        pool: worker.WorkerPool,
        notifier: Notifier,
        *,
        pages_builder: LookupPagesBuilder = lookup_pages,
        demo: DemoLauncher | None = None,
        clock: Clock = _now,
    ) -> None:
        super().__init__()
        self.profile = profile
        self.pool = pool
        self.notifier = notifier
        # The demo's loopback DEMO ledger is not the agency's: its defaults (proxy, trust file) do not apply.
        self.profile_service = ProfileService(
            pool, clock, self, defaults=agency.AgencyDefaults() if demo is not None else None
        )
        self._pages_builder = pages_builder
        self._demo = demo
        self._clock = clock
        self.dialog: QDialog | None = None
        self.profile_service.opened.connect(self._on_profile_service_opened)

    def start(self) -> None:
        if self._demo is not None:
            demo, profile = self._demo, self.profile
            self.dialog = DemoProgressDialog()
            self.dialog.show()
            job = self.pool.submit("start demo", lambda _p: demo(profile), expected=(OSError,))
            job.finished.connect(self._on_demo_job_finished)
            job.failed.connect(self._on_demo_job_failed)
            return
        if self.profile.exists():
            self.dialog = UnlockDialog(self.profile_service, self.profile)
        else:
            try:
                defaults, problem = agency.load(), ""
            except agency.AgencyDefaultsError as exc:  # creating the profile will refuse too; say why now
                defaults, problem = None, str(exc)
            self.dialog = FirstRunDialog(self.profile_service, self.profile, defaults=defaults)
            self.dialog.error.setText(problem)
        self.dialog.rejected.connect(self.cancelled)
        self.dialog.show()

    @Slot(object)
    def _on_demo_job_finished(self, settings: object) -> None:
        assert isinstance(settings, profiles.ProfileSettings)
        if self.profile.exists():  # the demo node has a new URL each run; the launcher saved it
            self.profile_service.unlock(self.profile, DEMO_PASSPHRASE)
        else:
            self.profile_service.create(self.profile, DEMO_PASSPHRASE, settings)

    @Slot(Exception)
    def _on_demo_job_failed(self, error: Exception) -> None:
        self.notifier.error.emit(Notice(messages.DEMO_FAILED, str(error)))
        self.cancelled.emit()

    @Slot(Session)
    def _on_profile_service_opened(self, opened: Session) -> None:
        shell = build_shell(
            opened,
            pool=self.pool,
            notifier=self.notifier,
            profile_service=self.profile_service,
            pages_builder=self._pages_builder,
            clock=self._clock,
        )
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
        self.shell_ready.emit(shell)


_COLOR_SCHEMES = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark, "system": Qt.ColorScheme.Unknown}


def apply_agency_theme(app: QApplication, defaults: agency.AgencyDefaults) -> None:
    """The agency's default theme (``system`` follows the desktop); a broken defaults file is reported at open."""
    if defaults.theme is not None:
        app.styleHints().setColorScheme(_COLOR_SCHEMES[defaults.theme])


def run_gui(argv: Sequence[str] | None = None, *, clock: Clock = _now) -> int:
    """Run the desktop application; returns the process exit code.

    Args:
        clock: POSIX seconds now, for every part of the application (a test runs a shift on a faster clock).
    """
    args_in = list(sys.argv if argv is None else argv)
    parser = argparse.ArgumentParser(prog="workstation", add_help=False)
    parser.add_argument("--profile", default="default")
    parser.add_argument("--demo", action="store_true")
    known, qt_args = parser.parse_known_args(args_in[1:])
    profile = profiles.Profile.named("demo" if known.demo else known.profile)
    demo_ledger = DemoLedger(default_data_dir()) if known.demo else None
    app = QApplication.instance() or QApplication([args_in[0] if args_in else "workstation", *qt_args])
    assert isinstance(app, QApplication)
    app.setApplicationName("Customs verification workstation")
    app.setApplicationVersion(version.version())
    with contextlib.suppress(agency.AgencyDefaultsError):  # opening the profile reports it, in the dialog
        apply_agency_theme(app, agency.load())
    app.setQuitOnLastWindowClosed(False)
    theme.apply(app, theme.load_choice(theme.choice_path()))
    qpool = QThreadPool()
    qpool.setMaxThreadCount(1)  # one SQLCipher connection: its readers and writers take turns
    pool = worker.WorkerPool(qpool)
    notifier = Notifier()
    shells: list[Shell] = []

    def show_crash(path: str) -> None:
        parent = shells[0].window if shells else None
        CrashDialog(path, parent).open()

    crash.install(profiles.data_root() / "crash.log", show_crash)
    launcher = Launcher(profile, pool, notifier, demo=demo_ledger.settings_for if demo_ledger else None, clock=clock)

    def on_ready(shell: Shell) -> None:
        shells.append(shell)
        shell.window.closed.connect(app.quit)
        shell.start()

    launcher.shell_ready.connect(on_ready)
    launcher.cancelled.connect(app.quit)
    quit_signals = QuitOnSignals(app.quit)  # SIGTERM, SIGINT, SIGHUP: the same clean end as File > Quit
    try:
        launcher.start()
        code = app.exec()
        for shell in shells:
            shell.close()
        if demo_ledger is not None:  # before waiting: a demo start still running then ends at once
            demo_ledger.stop()
        pool.wait_for_done()
    finally:
        quit_signals.uninstall()
        if demo_ledger is not None:
            demo_ledger.stop()
    return quit_signals.exit_code(int(code))
