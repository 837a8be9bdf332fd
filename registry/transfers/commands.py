"""Commands of the 4-in-1 transfer: submit (with the family-housing check), settle, decide, withdraw."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from uuid import UUID

from registry.application import Registry
from registry.courts.ruling_registration import refuse_ruling, register_by_ruling
from registry.kernel.actors import Actor, Role
from registry.kernel.attachments import check_upload, document_id
from registry.kernel.codes import CertificateKind, HomeOrdinal, Supplement
from registry.kernel.commanding import Receipt
from registry.kernel.errors import CaseAlreadyExists, CaseNotCorrectable, InvalidValue, UnknownCase
from registry.kernel.parties import Mandate
from registry.kernel.ports import DocumentShelf
from registry.kernel.values import FamilyMember, HomeCount, Owner, Person
from registry.mortgages.combined import combined_registration, parts_rejected_with
from registry.transfers.agency import check_filer_may_file
from registry.transfers.case import TransferCase
from registry.transfers.instant import decide_settled, moved_holdings
from registry.transfers.kinds import check_offered_online, resale_kind_for, spec_of
from registry.transfers.values import NO_CLAIMS, TaxClaims


def family_housing_check(app: Registry, buyers: list[Owner],
                         families: dict[str, list[FamilyMember]]) -> list[HomeCount]:
    """Count the homes each buyer's family (buyer, spouse, minor children) already owns in the register."""
    return [home_count(app, buyer.person.id_number, families.get(buyer.person.id_number, [])) for buyer in buyers]


def home_count(app: Registry, buyer_id_number: str, family: list[FamilyMember]) -> HomeCount:
    """Which home this is for one buyer's family: the homes the buyer, spouse and minor children hold."""
    homes = homes_of(app, [buyer_id_number, *(m.id_number for m in family)])
    return HomeCount(buyer_id_number=buyer_id_number, ordinal=HomeOrdinal.after_owning(len(homes)),
                     units_counted=tuple(sorted(homes)))


def homes_of(app: Registry, id_numbers: list[str]) -> set[str]:
    """The residential units the register shows held by any of these people."""
    homes: set[str] = set()
    for id_number in id_numbers:
        homes |= app.holdings_of(id_number).homes()
    return homes


def sellers_homes(app: Registry, sellers: list[Person]) -> int:
    """Homes the selling family owns now (this one included): 1 means it is their only home."""
    return len(homes_of(app, [seller.id_number for seller in sellers]))


def submit_transfer(
    app: Registry, actor: Actor, *, unit_number: str, sellers: list[Person], buyers: list[Owner],
    price: Decimal, contract_number: str, contract_date: date,
    families: dict[str, list[FamilyMember]], certificates_wanted: int, tax_claims: TaxClaims = NO_CLAIMS,
    kind: str | None = None, mandates: Sequence[Mandate] = (),
) -> Receipt:
    """``kind`` names a ``TransferKind``; without it the case is the resale that fits the unit's use. An agent
    who is no party files under ``mandates`` from the parties (each confirmed by its principal later)."""
    actor.check_role(Role.APPLICANT)
    chosen = spec_of(kind) if kind else None
    if chosen is not None:
        check_offered_online(chosen)
    buyer_ids = {b.person.id_number for b in buyers}
    if not set(families) <= buyer_ids:
        raise InvalidValue("family members must belong to a buyer", field="families")

    check_filer_may_file(actor.id_number or "", sellers, buyers, list(mandates), app.clock.now().date())

    def command() -> Receipt:
        unit = app.get_unit(unit_number)
        # Owners first: only someone who names the owners exactly learns about a lock and who placed it.
        unit.check_sellers_are_owners(sellers)
        unit.check_not_locked()
        if app.exists(TransferCase.create_id(unit_number, contract_number)):
            raise CaseAlreadyExists("a case for this unit and contract number was already filed",
                                    field="contract_number")
        case = TransferCase.submit(
            registry=unit.registry, unit_number=unit_number, unit_location=unit.location,
            unit_area=unit.area, unit_use=unit.use, filed_by=actor.user_id,
            filer_id_number=actor.id_number or "", sellers=sellers, buyers=buyers, price=price,
            contract_number=contract_number, contract_date=contract_date, families=families,
            certificates_wanted=certificates_wanted,
            home_counts=family_housing_check(app, buyers, families), at=app.clock.now(),
            seller_acquired_on=getattr(unit, "acquired_on", unit.registered_at.date()),
            seller_homes=sellers_homes(app, sellers),
            seller_original_cost=getattr(unit, "acquired_price", None), tax_claims=tax_claims,
            kind=chosen or spec_of(resale_kind_for(unit.use)), mandates=mandates,
        )
        return app.commit(case)

    return app.retrying(command)


def correct_transfer(app: Registry, actor: Actor, case_id: UUID, *, price: Decimal, contract_date: date,
                     tax_claims: TaxClaims, taxes_released: Callable[[str], bool]) -> Receipt:
    """A party corrects the case before payment; the taxes are then assessed afresh. ``taxes_released(case_id)``
    says whether Taxation has confirmed the taxes for payment: after that the order is placed, and a change
    goes through withdrawing the case and filing it again."""
    def command() -> Receipt:
        actor.check_role(Role.APPLICANT)
        case = app.case_for(actor, case_id)
        case.check_correctable()
        if taxes_released(str(case.id)):
            raise CaseNotCorrectable("the taxes are confirmed and the order is placed: withdraw the case and "
                                     "file it again to change it")
        case.correct(by=actor.user_id, price=price, contract_date=contract_date, tax_claims=tax_claims,
                     at=app.clock.now())
        return app.commit(case)

    return app.retrying(command)


def record_settlement(app: Registry, case_id: UUID, reference: str) -> Receipt:
    """The hand-off from settlement (taxes and fees paid, or none due): registered by rule, or to the registrar."""
    def command() -> Receipt:
        case = app.get_case(case_id)
        if not case.record_settlement(reference, at=app.clock.now()):
            return Receipt(id=case.id, position=None)
        return app.commit(case, *decide_settled(app, case))

    return app.retrying(command)


def _case_for_registrar(app: Registry, actor: Actor, case_id: UUID) -> TransferCase:
    actor.check_role(Role.REGISTRAR)
    case = app.get_case(case_id)
    if not actor.is_registrar_of(case.registry):
        raise UnknownCase("no such transfer case")
    return case


def approve_transfer(app: Registry, actor: Actor, case_id: UUID) -> Receipt:
    """Registers the transfer: case, unit page, number sequence and holdings in one atomic save, together
    with any banks' parts (带押过户): all of it is registered, or none."""
    def command() -> Receipt:
        unit = app.get_unit(_case_for_registrar(app, actor, case_id).unit_number)
        # Read the case again after the unit: a rival approval that committed in between then shows as
        # "not pending" (409) rather than as a unit whose owners no longer match the sellers.
        case = app.get_case(case_id)
        case.check_pending_review()
        sequence = app.sequence(case.registry, CertificateKind.OWNERSHIP)
        number = sequence.allocate(app.numbering(case.registry))
        now = app.clock.now()
        if case.judicial:
            parts = register_by_ruling(app, case, unit, number, now)
        else:
            parts = combined_registration(app, actor, case, unit, transfer=lambda: unit.transfer(
                case_id=str(case.id), sellers=case.sellers, buyers=case.buyers, price=case.price,
                certificate_number=number, at=now))
        case.approve(registrar=actor.user_id, certificate_number=number, at=now)
        return app.commit(case, unit, sequence, *moved_holdings(app, case, unit), *parts)

    return app.retrying(command)


def reject_transfer(app: Registry, actor: Actor, case_id: UUID, reason: str) -> Receipt:
    """Rejects the case and, in the same save, the banks' parts still open (带押过户)."""
    def command() -> Receipt:
        case = _case_for_registrar(app, actor, case_id)
        case.reject(registrar=actor.user_id, reason=reason, at=app.clock.now())
        parts = parts_rejected_with(app, case, registrar=actor.user_id, reason=reason, at=app.clock.now())
        return app.commit(case, *parts, *refuse_ruling(app, case, reason.strip(), app.clock.now()))

    return app.retrying(command)


def withdraw_transfer(app: Registry, actor: Actor, case_id: UUID, reason: str = "") -> Receipt:
    def command() -> Receipt:
        actor.check_role(Role.APPLICANT)
        case = app.case_for(actor, case_id)
        case.withdraw(by=actor.user_id, reason=reason, at=app.clock.now())
        return app.commit(case)

    return app.retrying(command)


def return_for_supplement(app: Registry, actor: Actor, case_id: UUID, *, missing: list[Supplement],
                          note: str = "") -> Receipt:
    """补正: the registrar returns the paid case to its parties with everything that is missing, once."""
    def command() -> Receipt:
        case = _case_for_registrar(app, actor, case_id)
        case.return_for_supplement(registrar=actor.user_id, missing=missing, note=note, at=app.clock.now())
        return app.commit(case)

    return app.retrying(command)


def confirm_mandate(app: Registry, actor: Actor, case_id: UUID) -> Receipt:
    """The seller or buyer who gave the agent's mandate confirms it; the registrar may then register."""
    def command() -> Receipt:
        actor.check_role(Role.APPLICANT)
        case = app.case_for(actor, case_id)
        case.confirm_mandate(principal_id_number=actor.id_number or "", by=actor.user_id, at=app.clock.now())
        return app.commit(case)

    return app.retrying(command)


def resubmit_transfer(app: Registry, actor: Actor, case_id: UUID, note: str = "") -> Receipt:
    """A seller or buyer supplied what was missing; the case goes back to the registrar, already paid."""
    def command() -> Receipt:
        actor.check_role(Role.APPLICANT)
        case = app.case_for(actor, case_id)
        case.resubmit(by=actor.user_id, note=note, at=app.clock.now())
        return app.commit(case)

    return app.retrying(command)


def attach_document(app: Registry, shelf: DocumentShelf, actor: Actor, case_id: UUID, *, kind: Supplement,
                    filename: str, declared_type: str, content: bytes) -> Receipt:
    """A seller or buyer attaches a document (PDF, JPEG or PNG, sniffed) to their open case; the bytes are
    shelved first under their digest, so a lost race leaves nothing but a harmless, reusable copy."""
    content_type, sha256 = check_upload(content, declared_type, filename)
    actor.check_role(Role.APPLICANT)
    app.case_for(actor, case_id).check_takes_document(sha256)
    shelf.put(document_id(sha256), content)

    def command() -> Receipt:
        case = app.case_for(actor, case_id)
        if not case.attach_document(kind=kind, filename=filename, content_type=content_type, sha256=sha256,
                                    size=len(content), by=actor.user_id, at=app.clock.now()):
            return Receipt(id=case.id, position=None)
        return app.commit(case)

    return app.retrying(command)
