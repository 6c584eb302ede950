"""Signed reports: data to PDF to signature, with no Qt (ARCHITECTURE §8; built with issue 8's reports work)."""
