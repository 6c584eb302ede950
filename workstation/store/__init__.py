"""What only the workstation holds, in the same encrypted database as the mirror (Qt-free).

The trade indexes over the mirror, the audit log of every check, saved cases,
the officer's registered key, and report drafts and issued reports. The
mirror's own tables belong to ``ledger_client.mirror``.
"""
