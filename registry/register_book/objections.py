"""异议登记 (djlx 600, qllx 97): a registrar records someone's objection to what the page says, and
cancels it (withdrawn, or lapsed without a lawsuit). An objection does not block a mortgage; the
``no_objection`` rule sends such a filing to the registrar with a warning."""

from __future__ import annotations

from registry.application import Registry
from registry.kernel.actors import Actor, Role
from registry.kernel.commanding import Receipt
from registry.kernel.errors import InvalidValue, UnknownUnit
from registry.register_book.unit import Unit


def _unit_for_registrar(app: Registry, actor: Actor, unit_number: str) -> Unit:
    """Only a registrar of the unit's registry; anyone else is told the same as for a missing unit."""
    actor.check_role(Role.REGISTRAR)
    unit = app.get_unit(unit_number)
    if not actor.is_registrar_of(unit.registry):
        raise UnknownUnit(f"no unit {unit_number} in the register")
    return unit


def register_objection(app: Registry, actor: Actor, *, unit_number: str, reference: str, applicant: str,
                       reason: str) -> Receipt:
    """Registering the same reference again changes nothing (a retried request is harmless)."""
    if not reference.strip():
        raise InvalidValue("the objection's reference is required", field="reference")
    if not applicant.strip():
        raise InvalidValue("name who objects", field="applicant")

    def command() -> Receipt:
        unit = _unit_for_registrar(app, actor, unit_number)
        unit.register_objection(reference=reference.strip(), applicant=applicant.strip(), reason=reason,
                                at=app.clock.now())
        return app.commit(unit)

    return app.retrying(command)


def cancel_objection(app: Registry, actor: Actor, *, unit_number: str, reference: str) -> Receipt:
    def command() -> Receipt:
        unit = _unit_for_registrar(app, actor, unit_number)
        unit.cancel_objection(reference=reference, at=app.clock.now())
        return app.commit(unit)

    return app.retrying(command)
