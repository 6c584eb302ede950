"""The workstation's tables and their versioned migrations (owner ``workstation.store``)."""

from __future__ import annotations

from pathlib import Path

from ledger_client import cache

OWNER = "workstation.store"

STEPS = [
    # version 1: the audit log, cases and the officer's key
    """
    CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        officer TEXT NOT NULL,
        action TEXT NOT NULL,
        input TEXT NOT NULL,
        verdict TEXT,
        checkpoint_size INTEGER,
        result TEXT
    );
    CREATE INDEX audit_log_at ON audit_log (at);
    CREATE TABLE cases (
        id INTEGER PRIMARY KEY,
        created_at INTEGER NOT NULL,
        title TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE case_checks (
        case_id INTEGER NOT NULL REFERENCES cases (id),
        audit_id INTEGER NOT NULL REFERENCES audit_log (id),
        PRIMARY KEY (case_id, audit_id)
    );
    CREATE TABLE officer_key (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        name TEXT NOT NULL,
        did TEXT NOT NULL,
        seed BLOB NOT NULL
    )
    """,
    # version 2: the lookup keys of the trade index and how far into the mirror they reach
    # (a cache of the previous format holds trade_keys already: it is kept and completed)
    """
    CREATE TABLE IF NOT EXISTS trade_keys (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        label TEXT NOT NULL,
        PRIMARY KEY (kind, key)
    );
    CREATE TABLE trade_index_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        entries INTEGER NOT NULL
    )
    """,
    # version 3: the trade index itself (workstation.store.trade_tables): each record read from a
    # mirrored entry, the keys it is found by, and what each CBP registration binds (replayed to
    # read the entries that follow). ``trade_keys`` gains the entry that first named
    # each key, so that dropping entries drops their keys; both are rebuilt from the mirror (the
    # coverage is reset), so a cache of version 2 is indexed again once, in bounded batches.
    """
    CREATE TABLE trade_records (
        log_index INTEGER NOT NULL,
        position INTEGER NOT NULL,
        record BLOB NOT NULL,
        PRIMARY KEY (log_index, position)
    ) WITHOUT ROWID;
    CREATE TABLE trade_refs (
        kind INTEGER NOT NULL,
        key TEXT NOT NULL,
        log_index INTEGER NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (kind, key, log_index, position)
    ) WITHOUT ROWID;
    CREATE INDEX trade_refs_log_index ON trade_refs (log_index);
    CREATE TABLE trade_bindings (
        log_index INTEGER PRIMARY KEY,
        binding TEXT NOT NULL
    );
    DROP TABLE trade_keys;
    CREATE TABLE trade_keys (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        label TEXT NOT NULL,
        log_index INTEGER NOT NULL,
        PRIMARY KEY (kind, key)
    );
    CREATE INDEX trade_keys_log_index ON trade_keys (log_index);
    DELETE FROM trade_index_state
    """,
]


def migrate(conn: cache.Connection, path: Path) -> None:
    cache.apply_migrations(conn, path, OWNER, STEPS)
