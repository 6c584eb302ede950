"""The sync's read-ahead thread: order kept, bounded, failures handed over, stopped with its reader."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from ledger_client.read_ahead import read_ahead


def test_items_arrive_in_order_and_all_of_them() -> None:
    with read_ahead(range(1000), 4) as ahead:
        assert list(ahead) == list(range(1000))


def test_the_producer_stays_at_most_depth_items_ahead() -> None:
    produced: list[int] = []

    def items() -> Iterator[int]:
        for i in range(100):
            produced.append(i)
            yield i

    with read_ahead(items(), 3) as ahead:
        first = next(ahead)
        # one taken, three waiting, one more made and blocked on the full queue
        while len(produced) < 5:
            threading.Event().wait(0.01)
        assert first == 0 and len(produced) == 5
        assert list(ahead) == list(range(1, 100))


def test_a_failure_comes_after_the_items_made_before_it() -> None:
    class Broken(Exception):
        pass

    def items() -> Iterator[int]:
        yield 1
        yield 2
        raise Broken("bundle 3 did not hash to its leaf")

    got: list[int] = []
    with pytest.raises(Broken, match="bundle 3"), read_ahead(items(), 8) as ahead:
        got.extend(ahead)
    assert got == [1, 2]


def test_a_reader_that_leaves_early_stops_the_producer() -> None:
    def endless() -> Iterator[int]:
        n = 0
        while True:
            yield n
            n += 1

    with read_ahead(endless(), 2, name="endless") as ahead:
        assert next(ahead) == 0
    assert not any(t.name == "endless" for t in threading.enumerate())


def test_the_reader_works_while_the_next_item_is_late() -> None:
    release = threading.Event()
    done: list[str] = []

    def items() -> Iterator[str]:
        yield "a"
        release.wait()
        yield "b"

    def idle() -> bool:
        if len(done) < 3:
            done.append("work")
            return True
        release.set()  # no more work: called again while "b" is late, and answers it has none
        return False

    with read_ahead(items(), 2, idle=idle) as ahead:
        assert list(ahead) == ["a", "b"]
    assert done == ["work", "work", "work"]


def test_a_depth_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"), read_ahead([], 0):
        pass
