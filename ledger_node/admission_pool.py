"""The stateless admission steps in worker processes, so the serving process only does HTTP and sequencing.

Parsing, the Data Integrity proof check and JCS canonicalisation
(:func:`ledger_node.admission.examine`) take most of an append's CPU after the
HTTP stack; they need no state but CBP's pinned key. The registry lookup
(:func:`ledger_node.admission.admit_signer`) stays in the serving process, which
owns the registry.

Each worker is a spawned process joined to the serving process by one pipe, read
by the event loop itself (no helper threads, no executor): a worker gets a batch
of raw bodies only when it is idle, so bodies that arrive while every worker is
busy wait and leave together in the next batch (batches grow with the load, up to
``max_batch``), and the answer is a list of plain tuples. A worker that dies
fails its batch (each request gets an error) and is replaced.

With ``workers=0`` everything runs in the serving process.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import pickle
import socket
import struct
from datetime import UTC, datetime
from multiprocessing.connection import Connection

from ledger_client import worker_processes
from ledger_node import admission
from ledger_node.errors import AdmissionError, NodeError

log = logging.getLogger(__name__)
_FRAME = struct.Struct("!i")
_Waiting = list[tuple[bytes, asyncio.Future[admission.ExaminedEntry]]]
#: One answer on the wire: an examined entry as (data, leaf_hash, signer, method), or the refusal.
_Answer = tuple[bytes, bytes, str, str] | AdmissionError


def _serve(conn: Connection, cbp_did: str, parent: int) -> None:
    """A worker's life: examine each batch of bodies it is sent, until the pipe closes."""
    worker_processes.die_with_parent(parent)
    while True:
        try:
            message = conn.recv_bytes()
        except (EOFError, OSError):
            return
        timestamp, bodies = pickle.loads(message)  # noqa: S301 - from our own serving process
        at = datetime.fromtimestamp(timestamp, UTC)
        answers: list[_Answer] = []
        for body in bodies:
            try:
                e = admission.examine(body, cbp_did, at=at)
            except AdmissionError as exc:
                answers.append(exc)
            else:
                answers.append((e.data, e.leaf_hash, e.signer, e.method))
        conn.send_bytes(pickle.dumps(answers, pickle.HIGHEST_PROTOCOL))


class _Worker:
    """One worker process, the serving process's end of its socket, and the batch it examines (None: idle).

    Messages both ways are framed as :class:`multiprocessing.connection.Connection` frames them
    (a 4-byte big-endian length, then the bytes), so the worker reads them with ``recv_bytes``;
    this end reads and writes without blocking, from the event loop's reader and writer callbacks.
    """

    def __init__(self, pool: AdmissionPool) -> None:
        self._pool = pool
        self._socket, theirs = socket.socketpair()
        context = multiprocessing.get_context("spawn")  # never fork a running server
        channel = Connection(theirs.detach())
        self.process = context.Process(target=_serve, args=(channel, pool.cbp_did, os.getpid()), daemon=True)
        self.process.start()
        channel.close()
        self.batch: _Waiting | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._in = bytearray()
        self._out = bytearray()
        self._writing = False

    @property
    def idle(self) -> bool:
        return self.batch is None and self._loop is not None

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        self._socket.setblocking(False)
        self._loop = loop
        loop.add_reader(self._socket.fileno(), self._readable)

    def send(self, batch: _Waiting, timestamp: float) -> None:
        self.batch = batch
        message = pickle.dumps((timestamp, [body for body, _ in batch]), pickle.HIGHEST_PROTOCOL)
        self._out += _FRAME.pack(len(message))
        self._out += message
        self._flush()

    def _flush(self) -> None:
        assert self._loop is not None
        try:
            del self._out[: self._socket.send(self._out)]
        except BlockingIOError:
            pass
        except OSError:
            self._pool.lost(self)
            return
        if self._out and not self._writing:
            self._writing = True
            self._loop.add_writer(self._socket.fileno(), self._flush)
        elif not self._out and self._writing:
            self._writing = False
            self._loop.remove_writer(self._socket.fileno())

    def _readable(self) -> None:
        try:
            data = self._socket.recv(1 << 18)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:  # the worker is gone
            self._pool.lost(self)
            return
        self._in += data
        while len(self._in) >= _FRAME.size:
            (size,) = _FRAME.unpack_from(self._in)
            if len(self._in) < _FRAME.size + size:
                return
            answers: list[_Answer] = pickle.loads(self._in[_FRAME.size : _FRAME.size + size])  # noqa: S301 - our worker
            del self._in[: _FRAME.size + size]
            batch, self.batch = self.batch or [], None
            _deliver(batch, answers)
            self._pool.dispatch()

    def stop(self) -> None:
        if self._loop is not None and not self._loop.is_closed():
            self._loop.remove_reader(self._socket.fileno())
            self._loop.remove_writer(self._socket.fileno())
        self._socket.close()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()


def _deliver(batch: _Waiting, answers: list[_Answer]) -> None:
    for (_, future), answer in zip(batch, answers, strict=True):
        if future.done():
            continue
        if isinstance(answer, AdmissionError):
            future.set_exception(answer)
        else:
            future.set_result(admission.ExaminedEntry(*answer))


class AdmissionPool:
    """Examines submitted bodies in ``workers`` processes.

    Args:
        cbp_did: CBP's pinned did:key (the only key that may register parties).
        workers: worker processes; 0 examines in the calling process.
        max_batch: most bodies sent to one worker at once.
    """

    def __init__(self, cbp_did: str, workers: int, *, max_batch: int = 64) -> None:
        if workers < 0 or max_batch < 1:
            raise ValueError("workers >= 0 and max_batch >= 1")
        self.cbp_did = cbp_did
        self._max_batch = max_batch
        self.workers = workers
        self.closing = False
        self._waiting: _Waiting = []
        self._pool = [_Worker(self) for _ in range(workers)]
        self._loop: asyncio.AbstractEventLoop | None = None
        self._scheduled = False

    async def examine(self, body: bytes) -> admission.ExaminedEntry:
        """The stateless admission of one body.

        Raises:
            AdmissionError: a subclass naming the refusal.
            NodeError: no worker could examine it (one died).
        """
        if not self._pool:
            return admission.examine(body, self.cbp_did, at=datetime.now(UTC))
        loop = asyncio.get_running_loop()
        if self._loop is None:
            self._loop = loop
            for worker in self._pool:
                worker.attach(loop)
        future: asyncio.Future[admission.ExaminedEntry] = loop.create_future()
        self._waiting.append((body, future))
        if not self._scheduled:
            self._scheduled = True
            loop.call_soon(self.dispatch)  # after the other requests of this turn of the loop
        return await future

    def dispatch(self) -> None:
        """Share the waiting bodies among the idle workers (at most ``max_batch`` each)."""
        self._scheduled = False
        idle = [w for w in self._pool if w.idle]
        if not idle or not self._waiting:
            return
        share = min(self._max_batch, -(-len(self._waiting) // len(idle)))
        timestamp = datetime.now(UTC).timestamp()
        for worker in idle:
            batch, self._waiting = self._waiting[:share], self._waiting[share:]
            if not batch:
                break
            worker.send(batch, timestamp)

    def lost(self, worker: _Worker) -> None:
        """A worker died (or its socket broke): its batch fails, a new worker takes its place."""
        if self.closing:
            return
        log.error("an admission worker stopped (exit status %s); starting another", worker.process.exitcode)
        error = NodeError("admission could not run: a worker stopped")
        for _, future in worker.batch or []:
            if not future.done():
                future.set_exception(error)
        worker.batch = None
        worker.stop()
        replacement = _Worker(self)
        self._pool[self._pool.index(worker)] = replacement
        if self._loop is not None and not self._loop.is_closed():
            replacement.attach(self._loop)
            self._loop.call_soon(self.dispatch)

    def close(self) -> None:
        """Stop the workers; bodies still waiting get an error."""
        self.closing = True
        error = NodeError("admission could not run: the node is stopping")
        pending = list(self._waiting)
        for worker in self._pool:
            pending += worker.batch or []
        for _, future in pending:
            if not future.done() and not future.get_loop().is_closed():
                future.set_exception(error)
        for worker in self._pool:
            worker.stop()
        self._pool = []
