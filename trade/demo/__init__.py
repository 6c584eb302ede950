"""The synthetic demo ledger of docs/domain.md §6, generated deterministically from a seed and signed with DEMO keys.

>>> from trade.demo import DEFAULT_SEED, AS_OF
>>> AS_OF.isoformat()
'2025-06-30'

``generate(seed)`` returns a ``DemoLedger`` (entries in log order, registrations
first); ``python -m trade.demo write-resources`` rewrites ``resources/demo/``.
"""

from __future__ import annotations

from trade.demo.anchors import AS_OF
from trade.demo.generator import DEFAULT_SEED, DemoLedger, generate, plan
from trade.demo.keys import LOG_ORIGIN, WITNESS_NAME, DemoKeys
from trade.demo.resources import trust_document, write_resources

__all__ = [
    "AS_OF",
    "DEFAULT_SEED",
    "LOG_ORIGIN",
    "WITNESS_NAME",
    "DemoKeys",
    "DemoLedger",
    "generate",
    "plan",
    "trust_document",
    "write_resources",
]
