"""The stateless admission steps in worker processes, so the serving process only does HTTP and sequencing.

Parsing, the Data Integrity proof check and JCS canonicalisation
(:func:`ledger_node.admission.examine`) take most of an append's CPU after the
HTTP stack; they need no state but CBP's pinned key. Bodies that arrive in the
same turn of the event loop are sent to a worker as one task (at most
``max_batch``), which keeps the cost of crossing processes per batch, not per
entry. The registry lookup (:func:`ledger_node.admission.admit_signer`) stays in
the serving process, which owns the registry.

With ``workers=0`` everything runs in the serving process, as before.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from ledger_client import worker_processes
from ledger_node import admission
from ledger_node.errors import AdmissionError, NodeError

_Waiting = list[tuple[bytes, asyncio.Future[admission.ExaminedEntry]]]


class AdmissionPool:
    """Examines submitted bodies in ``workers`` processes (``spawn``: never forks a running server).

    Args:
        cbp_did: CBP's pinned did:key (the only key that may register parties).
        workers: worker processes; 0 examines in the calling process.
        max_batch: most bodies in one task.
    """

    def __init__(self, cbp_did: str, workers: int, *, max_batch: int = 64) -> None:
        if workers < 0 or max_batch < 1:
            raise ValueError("workers >= 0 and max_batch >= 1")
        self._cbp = cbp_did
        self._max_batch = max_batch
        self.workers = workers
        self._waiting: _Waiting = []
        self._executor = worker_processes.process_pool(workers) if workers else None

    async def examine(self, body: bytes) -> admission.ExaminedEntry:
        """The stateless admission of one body.

        Raises:
            AdmissionError: a subclass naming the refusal.
        """
        if self._executor is None:
            return admission.examine(body, self._cbp, at=datetime.now(UTC))
        loop = asyncio.get_running_loop()
        future: asyncio.Future[admission.ExaminedEntry] = loop.create_future()
        self._waiting.append((body, future))
        if len(self._waiting) >= self._max_batch:
            self._send()
        elif len(self._waiting) == 1:
            loop.call_soon(self._send)  # after the other requests of this turn of the loop
        return await future

    def _send(self) -> None:
        batch, self._waiting = self._waiting, []
        if not batch or self._executor is None:
            return
        bodies = [body for body, _ in batch]
        task = self._executor.submit(admission.examine_many, bodies, self._cbp, datetime.now(UTC))
        asyncio.wrap_future(task).add_done_callback(lambda done: _deliver(done, batch))

    def close(self) -> None:
        """Stop the workers (bodies still waiting get an error)."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)


def _deliver(done: asyncio.Future[list[admission.ExaminedEntry | AdmissionError]], batch: _Waiting) -> None:
    if done.cancelled():
        failure: BaseException | None = asyncio.CancelledError()
    else:
        failure = done.exception()
    if failure is not None:  # a worker died, or the pool was shut down: the request fails, the server lives
        error = NodeError(f"admission could not run: {type(failure).__name__}")
        for _, future in batch:
            if not future.done():
                future.set_exception(error)
        return
    for (_, future), result in zip(batch, done.result(), strict=True):
        if future.done():
            continue
        if isinstance(result, AdmissionError):
            future.set_exception(result)
        else:
            future.set_result(result)
