"""Which page shows which lookup: each page class says its own ``kind``; this finds it.

>>> [page.kind.value for page in PAGES]
['origin', 'licence', 'product', 'supplier']
"""

from __future__ import annotations

from workstation.lookups.kind import LookupKind
from workstation.views.form_page import FormPage
from workstation.views.licence_page import LicencePage
from workstation.views.origin_page import OriginPage
from workstation.views.product_page import ProductPage
from workstation.views.supplier_page import SupplierPage

#: The page classes, one per kind, in :class:`LookupKind` order.
PAGES: tuple[type[FormPage], ...] = tuple(
    sorted((OriginPage, LicencePage, ProductPage, SupplierPage), key=lambda page: list(LookupKind).index(page.kind))
)
if [page.kind for page in PAGES] != list(LookupKind):  # pragma: no cover - a kind without a page is a programming error
    raise RuntimeError("every LookupKind needs exactly one page")


def page_class(kind: LookupKind) -> type[FormPage]:
    """The page class of ``kind``."""
    return next(page for page in PAGES if page.kind is kind)
