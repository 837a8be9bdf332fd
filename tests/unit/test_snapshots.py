"""Every aggregate type survives a snapshot round trip: proves every custom type has a transcoding."""

from registry import transfers, units
from registry.codes import CaseState, CertificateKind, HomeOrdinal, Use
from registry.holdings import Holdings
from registry.numbering import CertificateSequence
from registry.transfer import TransferCase
from registry.unit import Unit
from tests.builders import GULOU_FLAT, LAND_TERM, LI_NA, transfer_kwargs, unit_kwargs


def _reload_from_snapshot(app, aggregate_id):
    app.take_snapshot(aggregate_id)
    snapshot = next(iter(app.snapshots.get(aggregate_id, desc=True, limit=1)))
    return snapshot.mutate(None)


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
