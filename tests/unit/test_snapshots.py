"""Every aggregate type survives a snapshot round trip: proves every custom type has a transcoding."""

from datetime import date
from decimal import Decimal

from registry.kernel.codes import CaseState, CertificateKind, HomeOrdinal, Use
from registry.mortgages import commands
from registry.mortgages.filing import MortgageFiling
from registry.mortgages.prenotice import PreNoticeBook
from registry.mortgages.values import FilingKind, FilingState
from registry.register_book import commands as units
from registry.register_book import objections
from registry.register_book.holdings import Holdings
from registry.register_book.numbering import CertificateSequence
from registry.register_book.unit import Unit
from registry.transfers import commands as transfers
from registry.transfers.case import TransferCase
from tests.builders import (
    CCB,
    GULOU_FLAT,
    ICBC,
    LAND_TERM,
    LI_NA,
    TAIJIANG_FLAT,
    ZHANG_WEI,
    housing_loan,
    maximum_amount_loan,
    mortgage_kwargs,
    sole,
    transfer_kwargs,
    unit_kwargs,
)


def _reload_from_snapshot(app, aggregate_id):
    app.take_snapshot(aggregate_id)
    return _latest_snapshot(app, aggregate_id)


def _latest_snapshot(app, aggregate_id):
    snapshot = next(iter(app.snapshots.get(aggregate_id, desc=True, limit=1)))
    return snapshot.mutate(None)


def _commands_start_from_snapshot(app, aggregate_id):
    """The next command works on the aggregate exactly as the snapshot restores it (lists for tuples)."""
    app.repository.cache.put(aggregate_id, _latest_snapshot(app, aggregate_id))


def test_every_aggregate_type_reloads_from_its_snapshot(app, registrar, buyer):
    units.register_unit(app, registrar, **unit_kwargs())
    receipt = transfers.submit_transfer(app, buyer, **transfer_kwargs(with_family=True))

    unit = _reload_from_snapshot(app, Unit.create_id(GULOU_FLAT))
    assert unit.use is Use.RESIDENTIAL and unit.term == LAND_TERM
    assert unit.owners == app.get_unit(GULOU_FLAT).owners

    case = _reload_from_snapshot(app, receipt.id)
    assert isinstance(case, TransferCase)
    assert case.state is CaseState.AWAITING_SETTLEMENT
    assert case.home_counts[0].ordinal is HomeOrdinal.FIRST
    assert case.buyers == app.get_case(receipt.id).buyers

    holdings = _reload_from_snapshot(app, Holdings.create_id(unit.owners[0].person.id_number))
    assert holdings.units == {GULOU_FLAT: Use.RESIDENTIAL}

    year = app.clock.today().year
    sequence = _reload_from_snapshot(app, CertificateSequence.create_id("fz-registry", year,
                                                                        CertificateKind.OWNERSHIP))
    assert sequence.last_serial == 1 and sequence.kind is CertificateKind.OWNERSHIP
    assert LI_NA.id_number in case.party_id_numbers()


def test_a_mortgage_filing_reloads_from_its_snapshot(app, gulou_flat, icbc, seller, file_and_confirm):
    filing = file_and_confirm(icbc, seller, **mortgage_kwargs(terms=maximum_amount_loan()))
    reloaded = _reload_from_snapshot(app, filing.id)
    assert isinstance(reloaded, MortgageFiling)
    assert reloaded.kind is FilingKind.FIRST and reloaded.state is FilingState.REGISTERED
    assert reloaded.terms == filing.terms and reloaded.terms.maximum_amount == Decimal("3000000.00")
    assert reloaded.terms.claim_end == date(2031, 3, 15) and reloaded.terms.debtors == (ZHANG_WEI,)
    assert reloaded.outcomes == filing.outcomes and reloaded.fee == Decimal("80")
    assert reloaded.mortgagors == [ZHANG_WEI] and reloaded.consents == filing.consents


def test_a_pre_notice_book_reloads_from_its_snapshot_and_still_converts(app, icbc, buyer, registrar,
                                                                        file_and_confirm):
    file_and_confirm(icbc, buyer, **mortgage_kwargs(
        "ICBC-PRE-0001", kind=FilingKind.PRE_NOTICE, unit_numbers=[TAIJIANG_FLAT], mortgagors=[LI_NA],
        terms=housing_loan(debtors=(LI_NA,)), registry="fz-registry", location="台江区万达广场A2栋304"))
    book = _reload_from_snapshot(app, PreNoticeBook.create_id(TAIJIANG_FLAT))
    assert isinstance(book, PreNoticeBook) and book.live == app.pre_notice_book(TAIJIANG_FLAT).live
    assert book.live[0].purchasers == (LI_NA,)
    assert book.convertible_for(sole(LI_NA)) == list(book.live)
    _commands_start_from_snapshot(app, book.id)
    units.register_unit(app, registrar, **unit_kwargs(unit_number=TAIJIANG_FLAT, owners=sole(LI_NA),
                                                      registered_on=None))
    assert app.pre_notice_book(TAIJIANG_FLAT).live == ()


def test_a_unit_with_mortgages_and_objections_reloads_from_its_snapshot_and_keeps_working(
        app, gulou_flat, icbc, ccb, seller, registrar, file_and_confirm):
    file_and_confirm(icbc, seller, **mortgage_kwargs())
    file_and_confirm(ccb, seller, **mortgage_kwargs("CCB-2026-0001", rank=2, terms=housing_loan("300000.00")))
    objections.register_objection(app, registrar, unit_number=gulou_flat, reference="YY-2026-008",
                             applicant=LI_NA.name, reason="claims a share of the flat")
    units.lock_unit(app, registrar, unit_number=gulou_flat, authority="福州市鼓楼区人民法院",
                    reference="(2026)闽0102执123号", reason="查封")
    live = app.get_unit(gulou_flat)
    unit = _reload_from_snapshot(app, live.id)
    assert unit.mortgages == live.mortgages and isinstance(unit.mortgages, tuple)
    assert unit.objections == ("YY-2026-008",) and unit.locks == live.locks
    assert unit.mortgages[0].terms.secured_amount == Decimal("1000000.00")
    assert unit.mortgages[0].terms.performance_end == date(2056, 3, 15)

    _commands_start_from_snapshot(app, live.id)
    units.unlock_unit(app, registrar, unit_number=gulou_flat, reference="(2026)闽0102执123号")
    objections.cancel_objection(app, registrar, unit_number=gulou_flat, reference="YY-2026-008")
    file_and_confirm(icbc, seller, **mortgage_kwargs("ICBC-2026-0002", rank=3))
    assert [m.bank for m in app.get_unit(gulou_flat).mortgages] == [ICBC, CCB, ICBC]
    assert app.get_unit(gulou_flat).objections == ()


def test_a_transfer_case_with_mortgage_parts_reloads_from_its_snapshot(app, gulou_flat, buyer, icbc):
    receipt = transfers.submit_transfer(app, buyer, **transfer_kwargs())
    filing = commands.file_mortgage(app, icbc, **mortgage_kwargs(mortgagors=[LI_NA], transfer_case_id=str(receipt.id)))
    case = _reload_from_snapshot(app, receipt.id)
    assert case.mortgage_parts == (str(filing.id),)
