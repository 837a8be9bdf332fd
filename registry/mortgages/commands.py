"""Bank staff file; mortgagors and counterpart banks confirm or decline (the joint application).

The last confirmation runs the rules in the same command, so an auto-approvable filing is registered
in the same atomic save as that confirmation (see ``decisions``).
"""

from __future__ import annotations

from uuid import UUID

from registry.application import Registry
from registry.kernel.actors import Actor, Role
from registry.kernel.attachments import check_upload, document_id
from registry.kernel.codes import Supplement
from registry.kernel.commanding import Receipt
from registry.kernel.errors import FilingAlreadyExists, InvalidValue, NotAuthorised, UnknownCase, UnknownFiling
from registry.kernel.ports import DocumentShelf
from registry.kernel.values import Person, check_unit_number
from registry.mortgages.decisions import decide
from registry.mortgages.filing import (
    MortgageFiling,
    bank_party,
    check_filing_shape,
    filing_fee,
    person_party,
)
from registry.mortgages.values import FilingKind, MortgageTerms
from registry.transfers.case import TransferCase


def file_mortgage(
    app: Registry, actor: Actor, *, kind: FilingKind, bank_reference: str, unit_numbers: list[str],
    mortgagors: list[Person], terms: MortgageTerms | None, rank: int = 0, proof_numbers: list[str] = (),
    assignee: str = "", registry: str = "", location: str = "", transfer_case_id: str = "",
) -> Receipt:
    """The 合同信息申报表: one form for the whole filing, several units allowed."""
    actor.check_role(Role.BANK_STAFF)
    bank_name = app.banks.bank_name(actor.org or "")
    if not bank_name:
        raise NotAuthorised("only staff of a bank may file mortgages")
    for number in unit_numbers:
        check_unit_number(number)
    if not bank_reference.strip():
        raise InvalidValue("the bank's reference for this filing is required", field="bank_reference")
    check_filing_shape(kind, unit_numbers=unit_numbers, mortgagors=mortgagors, terms=terms, rank=rank,
                       proof_numbers=list(proof_numbers), assignee=assignee)
    assignee_name = ""
    if kind is FilingKind.TRANSFER:
        assignee_name = app.banks.bank_name(assignee) or ""
        if not assignee_name or assignee == actor.org:
            raise InvalidValue("the debt must be assigned to another bank", field="assignee")

    def command() -> Receipt:
        filing_id = MortgageFiling.create_id(actor.org, bank_reference)
        if app.exists(filing_id):
            raise FilingAlreadyExists("this bank already filed under that reference", field="bank_reference")
        units = {n: app.unit_or_none(n) for n in unit_numbers}
        office = _office(app, kind, units, registry)
        if kind is FilingKind.FIRST and not transfer_case_id:  # a transfer's new mortgage names its buyers
            for unit in (u for u in units.values() if u is not None):
                unit.check_mortgagors_on_register(mortgagors)
        mortgage_ids, people = _targets(kind, actor.org, units, list(proof_numbers), mortgagors)
        case = _case_for_part(app, kind, transfer_case_id, unit_numbers, office, mortgagors) \
            if transfer_case_id else None
        consents = [person_party(p.id_number) for p in people]
        consents += _banks_to_consent(kind, actor.org, assignee, rank, terms, units, mortgage_ids)
        filing = MortgageFiling(
            kind=kind, bank=actor.org, bank_name=bank_name, filed_by=actor.user_id, bank_reference=bank_reference,
            registry=office, unit_numbers=list(unit_numbers), mortgage_ids=mortgage_ids, mortgagors=people,
            terms=terms, rank=rank, assignee=assignee, assignee_name=assignee_name, location=location,
            transfer_case_id=transfer_case_id, consents_needed=consents,
            fee=filing_fee(kind, [u.use for u in units.values() if u is not None]), at=app.clock.now())
        touched = []
        if case is not None:
            case.attach_mortgage_part(filing_id=str(filing.id), kind=kind.value, bank=actor.org, at=app.clock.now())
            touched.append(case)
        if not filing.awaiting():
            return app.commit(filing, *touched, *decide(app, filing))
        return app.commit(filing, *touched)

    return app.retrying(command)


def consent_to_filing(app: Registry, actor: Actor, filing_id: UUID) -> Receipt:
    """A mortgagor (from their own account) or a counterpart bank confirms the filing."""
    def command() -> Receipt:
        filing = app.get_filing(filing_id)
        if filing.consent(party=_party_of(actor), by=actor.user_id, at=app.clock.now()):
            return app.commit(filing, *decide(app, filing))
        return app.commit(filing)

    return app.retrying(command)


def decline_filing(app: Registry, actor: Actor, filing_id: UUID, reason: str = "") -> Receipt:
    def command() -> Receipt:
        filing = app.get_filing(filing_id)
        filing.decline(party=_party_of(actor), by=actor.user_id, reason=reason, at=app.clock.now())
        return app.commit(filing)

    return app.retrying(command)


def resubmit_filing(app: Registry, actor: Actor, filing_id: UUID, note: str = "") -> Receipt:
    """The filing bank supplied what the registrar asked for; the filing is back in the queue."""
    def command() -> Receipt:
        filing = _own_filing(app, actor, filing_id)
        filing.resubmit(by=actor.user_id, note=note, at=app.clock.now())
        return app.commit(filing)

    return app.retrying(command)


def attach_document(app: Registry, shelf: DocumentShelf, actor: Actor, filing_id: UUID, *, kind: Supplement,
                    filename: str, declared_type: str, content: bytes) -> Receipt:
    """The filing bank attaches a document (the loan or mortgage contract) to its open filing."""
    content_type, sha256 = check_upload(content, declared_type, filename)
    _own_filing(app, actor, filing_id).check_takes_document(sha256)
    shelf.put(document_id(sha256), content)

    def command() -> Receipt:
        filing = _own_filing(app, actor, filing_id)
        if not filing.attach_document(kind=kind, filename=filename, content_type=content_type, sha256=sha256,
                                      size=len(content), by=actor.user_id, at=app.clock.now()):
            return Receipt(id=filing.id, position=None)
        return app.commit(filing)

    return app.retrying(command)


def _own_filing(app: Registry, actor: Actor, filing_id: UUID) -> MortgageFiling:
    actor.check_role(Role.BANK_STAFF)
    filing = app.get_filing(filing_id)
    if filing.bank != actor.org:
        raise UnknownFiling("no such mortgage filing")
    return filing


def _party_of(actor: Actor) -> str:
    if actor.role is Role.APPLICANT and actor.id_number:
        return person_party(actor.id_number)
    if actor.role is Role.BANK_STAFF and actor.org:
        return bank_party(actor.org)
    raise UnknownFiling("no such mortgage filing")


def _office(app: Registry, kind: FilingKind, units: dict, registry: str) -> str:
    """The office whose registrars decide the filing: the units' own, or the one named for a flat not yet in
    the register. Checked now, so no filing waits in a queue no registrar sees."""
    offices = {u.registry for u in units.values() if u is not None}
    if len(offices) > 1:
        raise InvalidValue("one filing covers units of one registry office", field="units")
    office = registry if kind is FilingKind.PRE_NOTICE or not offices else offices.pop()
    if not office:
        raise InvalidValue("the unit is not in the register: name the registry office of the flat",
                           field="registry")
    app.numbering(office)  # an unknown office is refused here, not at the last consent
    return office


def _targets(kind: FilingKind, bank: str, units: dict, proof_numbers: list[str],
             mortgagors: list[Person]) -> tuple[list[str], list[Person]]:
    """The bank's own mortgage on each unit (found by its proof number) and who must consent. A proof number
    that names no live mortgage of this bank is refused at once: no registrar could approve that filing."""
    if kind in (FilingKind.FIRST, FilingKind.PRE_NOTICE):
        return [], list(mortgagors)
    mortgage_ids = []
    for (number, unit), proof in zip(units.items(), proof_numbers, strict=True):
        found = next((m for m in (unit.mortgages if unit else ()) if m.proof_number == proof and m.bank == bank),
                     None)
        if found is None:
            raise InvalidValue(f"your bank holds no live mortgage with proof {proof} on unit {number}",
                               field="proof_numbers")
        mortgage_ids.append(found.mortgage_id)
    if kind is FilingKind.CHANGE:
        owners = {o.person for u in units.values() if u is not None for o in u.owners}
        return mortgage_ids, sorted(owners, key=lambda p: p.id_number)
    return mortgage_ids, []


def _banks_to_consent(kind: FilingKind, bank: str, assignee: str, rank: int, terms: MortgageTerms | None,
                      units: dict, mortgage_ids: list[str]) -> list[str]:
    """Transfer: the bank taking the debt. Change (Civil Code art. 409): every other mortgagee the change
    puts at a disadvantage: those a higher rank pushes back, and all ranked after a raised amount."""
    if kind is FilingKind.TRANSFER:
        return [bank_party(assignee)]
    if kind is not FilingKind.CHANGE:
        return []
    affected: list[str] = []
    for unit, mortgage_id in zip(units.values(), mortgage_ids, strict=True):
        current = unit.mortgage(mortgage_id)
        place = unit.rank_of(mortgage_id)
        others = [m for m in unit.mortgages if m.mortgage_id != mortgage_id]
        new_place = rank or place
        raised = terms is not None and terms.amount is not None and terms.amount > current.terms.amount
        behind = others[new_place - 1:] if raised else others[new_place - 1:place - 1]
        affected += [bank_party(m.bank) for m in behind if m.bank != bank and bank_party(m.bank) not in affected]
    return affected


def _case_for_part(app: Registry, kind: FilingKind, case_id: str, unit_numbers: list[str], registry: str,
                   mortgagors: list[Person]) -> TransferCase:
    """带押过户: the seller's bank's discharge or the buyer's bank's mortgage joins an undecided transfer. A new
    mortgage is the buyers' own: naming anyone else could only hold the transfer up, so it is refused now."""
    if kind not in (FilingKind.FIRST, FilingKind.DISCHARGE):
        raise InvalidValue("only a discharge or a new mortgage joins a transfer", field="transfer_case_id")
    try:
        case = app.get_case(UUID(case_id))
    except (ValueError, UnknownCase):
        raise InvalidValue("no such transfer case for this unit", field="transfer_case_id") from None
    if unit_numbers != [case.unit_number] or case.registry != registry:
        raise InvalidValue("no such transfer case for this unit", field="transfer_case_id")
    buyers = {(o.person.id_number, o.person.name) for o in case.buyers}
    if kind is FilingKind.FIRST and {(p.id_number, p.name) for p in mortgagors} != buyers:
        raise InvalidValue("the new mortgage of a transfer names exactly its buyers as mortgagors",
                           field="mortgagors")
    return case
