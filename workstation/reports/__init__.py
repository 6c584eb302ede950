"""Signed reports: data to PDF to signature, with no Qt (docs/architecture.md §8)."""
