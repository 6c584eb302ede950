"""Every fixed sentence the workstation shows an officer about a failure, in one place.

Texts here are ours: they never contain untrusted text (node answers, document
fields). Evidence is shown beside them, as plain text.
"""

from __future__ import annotations

WRONG_PASSPHRASE = "The passphrase is not correct for this profile. Check it and try again."  # noqa: S105 - a message
CACHE_DAMAGED = "The local cache was damaged. It was set aside (not deleted) and will be rebuilt from the ledger."
CACHE_DAMAGED_AT = "The damaged file was moved to:"
CACHE_FOREIGN = "This profile's cache belongs to a different ledger than its trust file names."
CACHE_UNWRITABLE = "The local cache cannot be written (the disk is full or read-only). Nothing was lost."
CACHE_NEWER = "This profile was last used by a newer version of the workstation."
SETTINGS_UNUSABLE = "The profile's settings or trust file cannot be used:"
TRUST_UNREADABLE = "The trust file cannot be read."
OFFLINE = "Offline: the ledger node cannot be reached. Showing the last verified checkpoint."
SYNC_CANCELLED = "Synchronization canceled. The last verified checkpoint is unchanged."
SYNC_PAUSED = "Synchronization is paused until the security alert is acknowledged."
FORK_ALERT = (
    "SECURITY ALERT: the ledger presented a history that contradicts what it signed before. "
    "No new verdicts until the evidence is acknowledged."
)
CRASH = (
    "Something went wrong inside the workstation. Your data is safe: the cache and the audit log are unchanged. "
    "The details were written to the crash log below; please send it to your support desk."
)
DEMO_STARTING = "Starting the demo ledger (DEMO keys, invented records) and verifying it…"
DEMO_FAILED = "The demo ledger could not be started."

# ---------------------------------------------------------------- signed reports (the GUI flow)
REPORT_FILE_UNREADABLE = "The report file cannot be read."
REPORT_FILE_NOT_WRITTEN = "The report could not be written to that file. Choose another folder or file name."
REPORT_STEP_FAILED = "The report step could not be completed."
REPORT_VALID = "Valid report"
REPORT_VALID_DETAIL = "The signature, the supervisor's registration and every ledger proof check out."
REPORT_NOT_VALID = "Not valid:"
REPORT_DROP_HINT = "Drop a report PDF here, or choose one. It is checked offline against this profile's trust file."
REPORT_CHECKING = "Checking the report…"
REPORT_APPROVED_READ_ONLY = "An approved report cannot be edited. To change it, draft a report that supersedes it."
REPORT_DEMO_KEY = "DEMO key: published with the source code. A report signed with it is a demonstration only."
REPORT_KEY_CHECKING = "Unlocking the key and signing the report…"
REPORT_NO_RESULT = "Run a lookup first: a report is drafted from the last result."
REPORT_QR_HINT = "the text of the QR code on the report's last page (CWR2;…)"
REPORT_QR_VALID = "The QR code was signed by a supervisor registered on the ledger."
REPORT_QR_COMPARE = "Compare the report id with the paper: the QR code vouches for the id, the hash and the signer."
