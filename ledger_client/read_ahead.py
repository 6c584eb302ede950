"""An iterator run on a thread of its own, a bounded number of items ahead of its reader.

The sync reads bundles from the node and starts their proof checks on one
thread while the caller checks and stores the bundles before them, so the
network, the proof-checking processes and the cache work at the same time
(docs/architecture.md §5). At most ``depth`` items wait between the two, so
memory stays flat however long the log is.

An exception raised by the iterator is raised again in the reader, in order,
after the items produced before it. While the next item is not there, the
reader can do other work (``idle``). When the reader stops early (an error of
its own, or it left the ``with`` block), the producer stops at its next item.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar, cast

_T = TypeVar("_T")

#: How often a producer blocked on a full queue looks whether its reader has gone, and a reader
#: waiting for a late item looks for other work.
_POLL_SECONDS = 0.05


@dataclass(frozen=True, slots=True)
class _Slot(Generic[_T]):
    """One hand-off: an item, the producer's failure, or the end."""

    item: _T | None = None
    failure: BaseException | None = None
    end: bool = False


@contextlib.contextmanager
def read_ahead(
    items: Iterable[_T], depth: int, *, name: str = "read-ahead", idle: Callable[[], bool] | None = None
) -> Iterator[Iterator[_T]]:
    """Iterate ``items`` on another thread, at most ``depth`` items ahead of the returned iterator.

    ``idle`` is called (on the reader's thread) whenever the next item is not there
    yet, and again every ``_POLL_SECONDS`` while it is late; it returns whether it did
    some work (it must not wait for long: the next item may arrive meanwhile).

    Raises:
        ValueError: ``depth`` is below 1.
    """
    if depth < 1:
        raise ValueError(f"read-ahead depth must be at least 1, not {depth}")
    waiting: queue.Queue[_Slot[_T]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(slot: _Slot[_T]) -> bool:
        while not stop.is_set():
            try:
                waiting.put(slot, timeout=_POLL_SECONDS)
            except queue.Full:
                continue
            return True
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put(_Slot(item)):
                    return
        except BaseException as exc:  # noqa: BLE001 - handed to the reader, which raises it
            put(_Slot(failure=exc))
            return
        put(_Slot(end=True))

    def read() -> Iterator[_T]:
        while True:
            try:
                slot = waiting.get_nowait()
            except queue.Empty:
                if idle is None:
                    slot = waiting.get()
                elif idle():
                    continue
                else:
                    try:
                        slot = waiting.get(timeout=_POLL_SECONDS)
                    except queue.Empty:
                        continue
            if slot.failure is not None:
                raise slot.failure
            if slot.end:
                return
            yield cast(_T, slot.item)

    thread = threading.Thread(target=produce, name=name, daemon=True)
    thread.start()
    try:
        yield read()
    finally:
        stop.set()
        thread.join()
