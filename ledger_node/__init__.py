"""ledger_node: filled in by later work."""
