"""When an off-plan flat is first registered to its purchasers, their bank's pre-notice becomes a
mortgage on the new page, in the same save as the first registration."""

from __future__ import annotations

from typing import Any

from registry.application import Registry
from registry.kernel.codes import CertificateKind
from registry.mortgages.values import Mortgage
from registry.register_book.unit import Unit


def convert_pre_notices(app: Registry, unit: Unit) -> list[Any]:
    """Returns the pre-notice book and the proof sequence when something converted, else nothing."""
    book = app.pre_notice_book(unit.unit_number)
    convertible = book.convertible_for(unit.owners) if book is not None else []
    if not convertible:
        return []
    sequence = app.sequence(unit.registry, CertificateKind.PROOF)
    for pre_notice in convertible:
        mortgage_id = book.convert(filing_id=pre_notice.filing_id, at=app.clock.now())
        unit.register_mortgage(
            filing_id=pre_notice.filing_id, rank=len(unit.mortgages) + 1, at=app.clock.now(),
            converted_pre_notice=pre_notice.filing_id, mortgage=Mortgage(
                mortgage_id=mortgage_id, filing_id=pre_notice.filing_id, bank=pre_notice.bank,
                bank_name=pre_notice.bank_name, mortgagors=pre_notice.purchasers, terms=pre_notice.terms,
                proof_number=sequence.allocate(app.numbering(unit.registry))))
    return [book, sequence]
