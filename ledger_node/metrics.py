"""The node's ``GET /metrics``: Prometheus text exposition format 0.0.4.

Entries, checkpoint size and age, and a histogram of append latency (from the
request's arrival to its acknowledgement under a published checkpoint).
"""

from __future__ import annotations

import time
from bisect import bisect_left

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
#: Histogram bucket bounds, seconds.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """Counters updated by the sequencer and the HTTP layer (one event loop, so no locks)."""

    def __init__(self) -> None:
        self.entries = 0
        self.checkpoint_size = 0
        self.published_at = time.time()
        self.refused: dict[int, int] = {}
        self._counts = [0] * (len(LATENCY_BUCKETS) + 1)
        self._sum = 0.0
        self._n = 0

    def published(self, size: int, entries: int) -> None:
        self.checkpoint_size = size
        self.entries = entries
        self.published_at = time.time()

    def acknowledged(self, seconds: float) -> None:
        self._counts[bisect_left(LATENCY_BUCKETS, seconds)] += 1
        self._sum += seconds
        self._n += 1

    def refusal(self, status: int) -> None:
        self.refused[status] = self.refused.get(status, 0) + 1

    def render(self) -> str:
        lines = [
            "# HELP ledger_entries Entries sequenced in the log.",
            "# TYPE ledger_entries gauge",
            f"ledger_entries {self.entries}",
            "# HELP ledger_checkpoint_size Tree size of the published checkpoint.",
            "# TYPE ledger_checkpoint_size gauge",
            f"ledger_checkpoint_size {self.checkpoint_size}",
            "# HELP ledger_checkpoint_age_seconds Seconds since the checkpoint was last published.",
            "# TYPE ledger_checkpoint_age_seconds gauge",
            f"ledger_checkpoint_age_seconds {max(0.0, time.time() - self.published_at):.3f}",
            "# HELP ledger_add_entry_refused_total Submissions refused, by HTTP status.",
            "# TYPE ledger_add_entry_refused_total counter",
            *(f'ledger_add_entry_refused_total{{status="{s}"}} {n}' for s, n in sorted(self.refused.items())),
            "# HELP ledger_append_latency_seconds From submission to acknowledgement.",
            "# TYPE ledger_append_latency_seconds histogram",
        ]
        running = 0
        for bound, count in zip((*LATENCY_BUCKETS, None), self._counts, strict=True):
            running += count
            le = "+Inf" if bound is None else repr(bound)
            lines.append(f'ledger_append_latency_seconds_bucket{{le="{le}"}} {running}')
        lines += [
            f"ledger_append_latency_seconds_sum {self._sum:.6f}",
            f"ledger_append_latency_seconds_count {self._n}",
        ]
        return "\n".join(lines) + "\n"
