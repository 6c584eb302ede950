"""The lookup kinds: the one place a kind is named (its value, its audit action, its titles).

Everything else about a kind (its typed query, parser, rule, context, report
sections) is in its :class:`~workstation.lookups.registry.LookupSpec`; the GUI
finds the kind's page by the page's own ``kind`` (``workstation.views.lookup_pages``).

>>> LookupKind.from_action(LookupKind.LICENCE.action) is LookupKind.LICENCE
True
>>> LookupKind.from_action("sync") is None
True
"""

from __future__ import annotations

import enum

_ACTION_PREFIX = "check "


class LookupKind(enum.StrEnum):
    """The four lookups, in shortcut order (Ctrl+1 to Ctrl+4). The value is the kind's name in JSON and on the CLI."""

    ORIGIN = "origin"
    LICENCE = "licence"
    PRODUCT = "product"
    SUPPLIER = "supplier"

    @property
    def action(self) -> str:
        """The audit-log action of a check of this kind (``check origin``)."""
        return _ACTION_PREFIX + self.value

    @classmethod
    def from_action(cls, action: str) -> LookupKind | None:
        """The kind an audit-log action records, or None when the action is not a check."""
        if not action.startswith(_ACTION_PREFIX):
            return None
        try:
            return cls(action.removeprefix(_ACTION_PREFIX))
        except ValueError:
            return None

    @classmethod
    def from_name(cls, name: str) -> LookupKind | None:
        """The kind named ``name`` (a report's ``kind``), or None when no lookup has that name."""
        try:
            return cls(name)
        except ValueError:
            return None
