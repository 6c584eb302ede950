"""The data elements each agreement requires of a certification (docs/domain.md §1), and which are missing.

NAFTA follows the fields of CBP Form 434, USMCA the 9 minimum data elements of
Annex 5-A, CAFTA-DR 19 CFR 10.584. An element given as a placeholder the form
allows (``UNKNOWN``, ``VARIOUS``, "Available upon request") is present.
"""

from __future__ import annotations

from trade.record_types import Agreement, CertificationOfOrigin, CertifierRole

_NAFTA_DECLARATIONS = frozenset({"YES", "NO (1)", "NO (2)", "NO (3)"})
_NAFTA_NET_COST = frozenset({"NC", "NO"})
_USMCA_DETAILS = frozenset({"name", "title", "address", "phone", "email"})


def missing_elements(cert: CertificationOfOrigin) -> tuple[str, ...]:
    """The names of required elements that are absent, in form order."""
    missing: list[str] = []

    def need(condition: bool, name: str) -> None:
        if not condition:
            missing.append(name)

    one_shipment = cert.blanket is None
    signature = cert.signature
    if cert.agreement is Agreement.NAFTA:
        need(cert.exporter is not None, "1 exporter")
        need(cert.producer is not None, "3 producer")
        need(cert.importer is not None, "4 importer")
        need(cert.description is not None, "5 description of goods")
        need(not one_shipment or cert.invoice_number is not None, "5 invoice number (one shipment)")
        need(cert.hs is not None, "6 HS tariff classification")
        need(cert.criterion is not None, "7 preference criterion")
        need(cert.producer_declaration in _NAFTA_DECLARATIONS, "8 producer (YES / NO (1)-(3))")
        need(cert.net_cost in _NAFTA_NET_COST, "9 net cost (NC / NO)")
        need(cert.origin_country is not None, "10 country of origin")
        need(
            signature.signed_on is not None
            and all((signature.name, signature.title, signature.company, signature.phone)),
            "11 signature, name, title, company, telephone and date",
        )
        return tuple(missing)
    if cert.agreement is Agreement.USMCA:
        need(cert.certifier.role is not None, "1 certifier role")
        need(cert.certifier.details >= _USMCA_DETAILS, "2 certifier name, title, address, telephone and email")
        producer_certifier = cert.certifier.role is CertifierRole.PRODUCER
        need(cert.exporter is not None or producer_certifier, "3 exporter")
        need(cert.producer is not None, "4 producer")
        need(cert.description is not None and cert.hs is not None, "6 description and 6-digit HS")
        need(not one_shipment or cert.invoice_number is not None, "6 invoice number (one shipment)")
        need(cert.criterion is not None, "7 origin criterion")
        need(signature.signed_on is not None and signature.statement, "9 signature, date and certification statement")
        return tuple(missing)
    need(cert.importer is not None, "importer")
    need(cert.exporter is not None, "exporter")
    need(cert.producer is not None, "producer")
    need(cert.certifier.role is not None and bool(cert.certifier.details), "signer details")
    need(cert.description is not None, "description of goods")
    need(cert.hs is not None, "HTSUS (6 digits or more)")
    need(cert.criterion is not None, "rule of origin met (Art. 4.1)")
    need(signature.signed_on is not None and signature.statement, "signed statement and date")
    return tuple(missing)
