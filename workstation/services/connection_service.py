"""Settings' network part: which proxy and CAs a ledger URL would use, and ``Test connection`` off the UI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from ledger_client.connection_check import ConnectionReport, check_connection, route_for
from ledger_client.network import NetworkSettings, NetworkSettingsError
from workstation.services import worker


class ConnectionService(QObject):
    """Describes and tests a ledger connection.

    Signals:
        tested(ConnectionReport): a test finished (failures are reports too, naming the stage).
        test_refused(str): the settings cannot be tested as typed (bad URL, proxy or CA bundle).
    """

    tested = Signal(ConnectionReport)
    test_refused = Signal(str)

    def __init__(self, pool: worker.WorkerPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool

    @staticmethod
    def describe(url: str, network: NetworkSettings) -> tuple[str, str]:
        """(proxy in use, CAs in use), in words, for ``url`` (reads only the environment and OS settings)."""
        if not url.startswith(("http://", "https://")):
            return "no ledger URL yet", network.describe_ca()
        return route_for(url, network).describe(), network.describe_ca()

    def test(self, url: str, proxy: str, ca_bundle: str, expected_origin: str | None) -> worker.Job | None:
        """Check the settings as typed, then GET the checkpoint on the worker pool."""
        if not url.startswith(("http://", "https://")):
            self.test_refused.emit("The ledger URL must start with http:// or https://.")
            return None
        try:
            network = NetworkSettings.parse(proxy, ca_bundle or None)
        except NetworkSettingsError as exc:
            self.test_refused.emit(str(exc))
            return None
        job = self._pool.submit(
            "test connection", lambda _p: check_connection(url, network, expected_origin=expected_origin)
        )
        job.finished.connect(self._on_test_job_finished)
        job.failed.connect(self._on_test_job_failed)
        return job

    @Slot(object)
    def _on_test_job_finished(self, report: object) -> None:
        assert isinstance(report, ConnectionReport)
        self.tested.emit(report)

    @Slot(Exception)
    def _on_test_job_failed(self, exc: Exception) -> None:
        self.test_refused.emit(f"The test could not run: {type(exc).__name__}")
