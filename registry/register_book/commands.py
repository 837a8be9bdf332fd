"""Commands on the register book itself: first registration and locks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from registry.application import Registry
from registry.kernel.actors import Actor, Role
from registry.kernel.codes import CertificateKind, Use
from registry.kernel.commanding import Receipt
from registry.kernel.errors import NotAuthorised, UnitAlreadyRegistered
from registry.kernel.values import Owner, Term, check_unit_number
from registry.mortgages.conversion import convert_pre_notices
from registry.register_book.unit import Unit


def check_may_register_for(actor: Actor, registry: str) -> None:
    if actor.role is Role.ADMIN or actor.is_registrar_of(registry):
        return
    raise NotAuthorised("only a registrar of this registry or an admin may register units")


def register_unit(
    app: Registry, actor: Actor, *, unit_number: str, registry: str, location: str, area: Decimal,
    use: Use, right_nature: str, term: Term, owners: list[Owner], registered_on: date | None = None,
) -> Receipt:
    """First registration (djlx 100): opens the page and issues the ownership certificate number; a
    bank's off-plan pre-notice for exactly these owners becomes their mortgage in the same save."""
    check_may_register_for(actor, registry)
    check_unit_number(unit_number)
    scheme = app.numbering(registry)

    def command() -> Receipt:
        if app.exists(Unit.create_id(unit_number)):
            raise UnitAlreadyRegistered(f"unit {unit_number} is already in the register", field="unit_number")
        sequence = app.sequence(registry, CertificateKind.OWNERSHIP)
        unit = Unit.register(
            unit_number=unit_number, registry=registry, location=location, area=area, use=use,
            right_nature=right_nature, term=term, owners=owners,
            certificate_number=sequence.allocate(scheme), at=app.clock.now(), registered_on=registered_on,
        )
        holdings = [app.holdings_of(o.person.id_number) for o in owners]
        for h in holdings:
            h.acquire(unit_number, use)
        return app.commit(unit, sequence, *holdings, *convert_pre_notices(app, unit))

    return app.retrying(command)


def lock_unit(app: Registry, actor: Actor, *, unit_number: str, authority: str, reference: str,
              reason: str, until: date | None = None) -> Receipt:
    """A restriction on disposal. Court seizures will arrive through this rule later."""
    def command() -> Receipt:
        unit = app.get_unit(unit_number)
        check_may_register_for(actor, unit.registry)
        unit.lock(authority=authority, reference=reference, reason=reason, until=until, at=app.clock.now())
        return app.commit(unit)

    return app.retrying(command)


def unlock_unit(app: Registry, actor: Actor, *, unit_number: str, reference: str) -> Receipt:
    def command() -> Receipt:
        unit = app.get_unit(unit_number)
        check_may_register_for(actor, unit.registry)
        unit.unlock(reference=reference, at=app.clock.now())
        return app.commit(unit)

    return app.retrying(command)
