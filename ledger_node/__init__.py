"""The reference ledger node and its witness (docs/architecture.md §4; c2sp.org/tlog-tiles, tlog-witness).

Public pieces:

* :class:`ledger_node.storage.Storage` — the storage contract; :class:`ledger_node.sqlite_storage.SqliteStorage`
  is the default (SQLite, WAL).
* :class:`ledger_node.sequencer.Sequencer` — batches, integrates, signs, gets cosignatures, publishes.
* :class:`ledger_node.node.Node` / :class:`ledger_node.node.NodeConfig` and
  :func:`ledger_node.http.serve` — the node's HTTP face, on :mod:`ledger_node.http_server`.
* :class:`ledger_node.witness.Witness` and :func:`ledger_node.witness.create_witness_app` — the witness.
* ``ledger-node`` (:mod:`ledger_node.__main__`) — ``keygen``, ``serve`` and ``witness``.
"""
