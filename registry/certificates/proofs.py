"""Registration proofs (不动产登记证明) for mortgages: issued to the mortgagee bank once a mortgage or an
off-plan pre-notice is entered, superseded by the mortgage's next proof (change, transfer, a pre-notice's
conversion) and cancelled by its discharge.

Each mortgage has its own roll of current proofs (``mortgage_roll_key``): the unit's roll lists ownership
certificates only, so issuing either kind never touches the other. As with ownership certificates, the
PDF is drawn and sealed before the save, and the save records the proof, the roll and the supersession
at once; the roll remembers the registration it acted on, so a re-delivered event does nothing twice.
The proof number is the one the registration allocated (``Mortgage.proof_number``): issuing allocates none.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_DOWN, Decimal
from uuid import UUID

from registry.application import Registry
from registry.certificates.certificate import Certificate
from registry.certificates.content import CertificateContent, Holder, SecuredClaim, certificate_identifier
from registry.certificates.issuance import (
    USE_LABELS,
    DocumentStore,
    Press,
    certificates_of,
    code_digest,
    new_code,
    roll_of,
    serial_of,
    verify_url,
)
from registry.certificates.roll import CertificateRoll, mortgage_roll_key
from registry.certificates.values import DerivedFrom
from registry.kernel.codes import CertificateKind, CertificateStatus
from registry.kernel.commanding import Receipt
from registry.kernel.values import Owner, Person
from registry.mortgages.values import MortgageTerms, PreNotice
from registry.register_book.unit import Unit

MORTGAGE, PRE_NOTICE = "抵押权", "抵押权预告登记"  # 证明权利或事项
DISCHARGED = "注销"  # the reason a discharged mortgage's proof is cancelled


@dataclass(frozen=True)
class ProofSubject:
    """What a proof states, read from the register as the registration it evidences left it."""

    registry: str
    unit_number: str
    location: str
    use: str  # printed label; "" for a flat not yet registered
    area: Decimal | None  # unknown before the flat's first registration
    filing_id: str
    bank: str
    bank_name: str
    mortgagors: tuple[Owner, ...]
    terms: MortgageTerms
    rank: int | None  # none for a pre-notice
    number: str
    matter: str
    registered_on: date
    action: str  # 附记: what kind of registration replaced an earlier proof ("" for a first one)


def issue_mortgage_proof(app: Registry, press: Press, documents: DocumentStore, *, unit_id: UUID, mortgage_id: str,
                         filing_id: str, at: datetime, action: str, derived_from: DerivedFrom,
                         public_url: str) -> Receipt | None:
    """The proof of a mortgage as the unit's page reads right after ``derived_from`` (registered, changed,
    transferred or moved to another rank), superseding the mortgage's previous proof. Without ``filing_id``
    (a rank moved by someone else's registration) the new proof stays with the filing of the one it replaces."""
    roll = roll_of(app, mortgage_roll_key(mortgage_id))
    if roll.has_issued_for(derived_from):
        return None
    unit: Unit = app.repository.get(unit_id, version=derived_from.version)
    mortgage = unit.mortgage(mortgage_id)
    filing_id = filing_id or next((c.case_id for c in certificates_of(app, roll.current)), mortgage.filing_id)
    subject = ProofSubject(
        registry=unit.registry, unit_number=unit.unit_number, location=unit.location, use=USE_LABELS[unit.use],
        area=unit.area, filing_id=filing_id, bank=mortgage.bank,
        bank_name=mortgage.bank_name, mortgagors=as_holders(mortgage.mortgagors, unit.owners),
        terms=mortgage.terms, rank=unit.rank_of(mortgage_id), number=mortgage.proof_number, matter=MORTGAGE,
        registered_on=at.date(), action=action)
    return _issue(app, press, documents, roll, subject, derived_from, public_url)


def issue_pre_notice_proof(app: Registry, press: Press, documents: DocumentStore, *, registry: str,
                           unit_number: str, pre_notice: PreNotice, mortgage_id: str, at: datetime,
                           derived_from: DerivedFrom, public_url: str) -> Receipt | None:
    """The proof of an off-plan pre-notice: the flat has no page yet, so the purchase contract's location
    is printed and the area is left to the first registration."""
    roll = roll_of(app, mortgage_roll_key(mortgage_id))
    if roll.has_issued_for(derived_from):
        return None
    subject = ProofSubject(
        registry=registry, unit_number=unit_number, location=pre_notice.location, use="", area=None,
        filing_id=pre_notice.filing_id, bank=pre_notice.bank,
        bank_name=pre_notice.bank_name, mortgagors=as_holders(pre_notice.purchasers, []), terms=pre_notice.terms,
        rank=None, number=pre_notice.proof_number, matter=PRE_NOTICE, registered_on=at.date(), action="")
    return _issue(app, press, documents, roll, subject, derived_from, public_url)


def cancel_mortgage_proof(app: Registry, *, mortgage_id: str, derived_from: DerivedFrom) -> Receipt | None:
    """A discharge (注销) cancels the mortgage's current proof and empties its roll, in one save."""
    roll = roll_of(app, mortgage_roll_key(mortgage_id))
    if roll.has_issued_for(derived_from) or not roll.current:
        return None
    current = [c for c in certificates_of(app, roll.current) if c.status is CertificateStatus.CURRENT]
    for proof in current:  # a proof the registrar revoked stays revoked
        proof.cancel(reason=DISCHARGED, by_event=derived_from, at=app.clock.now())
    roll.change([], derived_from)
    return app.commit(roll, *current)


def as_holders(mortgagors: tuple[Person, ...] | list[Person], owners: list[Owner]) -> list[Owner]:
    """The mortgagors as the certificate's holders: each with their share of the unit when they own it,
    otherwise (purchasers off-plan) an equal share, cut to the six places a share is kept to."""
    shares = {o.person.id_number: o.share for o in owners}
    equal = (Decimal(1) / max(len(mortgagors), 1)).quantize(Decimal("0.000001"), rounding=ROUND_DOWN)
    return [Owner(p, shares.get(p.id_number, equal)) for p in mortgagors]


def proof_content(app: Registry, subject: ProofSubject, derived_from: DerivedFrom, public_url: str, code: str,
                  remarks: str) -> CertificateContent:
    scheme = app.numbering(subject.registry)
    terms = subject.terms
    return CertificateContent(
        kind=CertificateKind.PROOF, number=subject.number,
        identifier=certificate_identifier(CertificateKind.PROOF, scheme.issuer_code or "0" * 18,
                                          serial_of(subject.number)),
        unit_number=subject.unit_number, location=subject.location,
        holders=(Holder(subject.bank_name, "", Decimal(1)),), co_ownership="", right_type=subject.matter,
        right_nature="", use=subject.use, area=subject.area, term_start=None, term_end=None, encumbrances=(),
        authority=scheme.authority or subject.registry, registered_on=subject.registered_on,
        issued_on=app.clock.today(),
        verify_url=verify_url(public_url, str(Certificate.create_id(subject.number)), code),
        derived_from=derived_from, matter=subject.matter, obligors=tuple(o.person.name for o in subject.mortgagors),
        secured_claim=SecuredClaim(
            method=terms.method.value, amount=terms.amount, currency=terms.currency,
            performance_start=terms.performance_start, performance_end=terms.performance_end,
            claim_start=terms.claim_start, claim_end=terms.claim_end, rank=subject.rank,
            transfer_restricted=terms.transfer_restricted, guarantee_scope=terms.guarantee_scope,
            debtors=tuple(d.name for d in terms.debtors)),
        remarks=remarks)


def _issue(app: Registry, press: Press, documents: DocumentStore, roll: CertificateRoll, subject: ProofSubject,
           derived_from: DerivedFrom, public_url: str) -> Receipt:
    previous = [c for c in certificates_of(app, roll.current) if c.number != subject.number]
    remarks = "\n".join(part for part in (subject.action, *(f"原不动产登记证明{c.number}作废" for c in previous))
                        if part)
    code = new_code()
    content = proof_content(app, subject, derived_from, public_url, code, remarks)
    pdf, seal_key_id = press.press(content)
    proof = Certificate(
        kind=CertificateKind.PROOF, number=subject.number, identifier=content.identifier, registry=subject.registry,
        unit_number=subject.unit_number, holders=list(subject.mortgagors), holder_org=subject.bank,
        case_id=subject.filing_id, derived_from=derived_from, code_digest=code_digest(code),
        document_sha256=hashlib.sha256(pdf).hexdigest(), seal_key_id=seal_key_id, replaces="", at=app.clock.now())
    documents.put(str(proof.id), pdf)
    for old in previous:
        old.supersede(by_certificate=str(proof.id), by_event=derived_from, at=app.clock.now())
    roll.change([str(proof.id)], derived_from)
    return app.commit(proof, roll, *previous)
