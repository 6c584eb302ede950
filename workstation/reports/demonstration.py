"""Whether a report is a demonstration: drafted on the DEMO ledger (published keys, invented records).

Such a report is marked on every page and by the Verify report dialog, so a printed or
forwarded demonstration is never taken for an agency's report.
"""

from __future__ import annotations

from workstation.demo_ledger import demo_trust
from workstation.reports.content import ReportContent

#: The words printed on each page of a demonstration report and shown when one is verified.
MARK = "DEMONSTRATION ONLY: DEMO ledger and published DEMO keys, invented records. Not an agency report."


def is_demonstration(content: ReportContent) -> bool:
    """True when the report's evidence comes from the DEMO ledger."""
    return content.evidence.origin == str(demo_trust().get("expected_origin"))
