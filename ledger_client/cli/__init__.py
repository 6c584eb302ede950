"""The ``ledger-client`` command: JSON in, JSON out, for officers' scripts and auditors."""
