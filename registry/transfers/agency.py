"""Agents filing for a seller or buyer (代理申请): an estate agency's staff member or a family member files the
case under a mandate (授权委托书) from a party; the party confirms the mandate online, and the registrar
registers nothing until every mandate on the case is confirmed. A mixin of ``TransferCase``.

Mandates travel as plain dicts in the events (``as_recorded``), the way a ruling does, so no stored shape
depends on the kernel's value classes; ``registry.kernel.parties.Mandate`` checks them when filed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from registry.kernel.errors import Conflict, FilerMustBeParty, InvalidValue, NotAuthorised
from registry.kernel.parties import Mandate, MandateScope, PartyRef
from registry.kernel.values import Owner, Person

MAX_MANDATES = 4


class MandateUnconfirmed(Conflict):
    code = "mandate_unconfirmed"


class MandateAlreadyConfirmed(Conflict):
    code = "mandate_already_confirmed"


class NotThePrincipal(NotAuthorised):
    code = "not_the_principal"


def as_recorded(mandate: Mandate) -> dict[str, Any]:
    return {"agent_name": mandate.agent.name, "agent_id_number": mandate.agent.id_number,
            "principal_name": mandate.principal.name, "principal_id_number": mandate.principal.identifier,
            "scopes": [s.value for s in mandate.scopes], "valid_from": mandate.valid_from.isoformat(),
            "valid_until": mandate.valid_until.isoformat(), "confirmed_at": None}


def check_filer_may_file(filer_id_number: str, sellers: list[Person], buyers: list[Owner],
                         mandates: list[Mandate], on: date) -> None:
    """A seller or buyer files for themselves; anyone else only as the agent of a party, under a mandate that
    covers filing on this day. Every mandate names a party of the case as its principal and the filer as agent."""
    parties = {p.id_number: p for p in sellers} | {o.person.id_number: o.person for o in buyers}
    if len(mandates) > MAX_MANDATES:
        raise InvalidValue(f"at most {MAX_MANDATES} mandates on one case", field="mandates")
    for mandate in mandates:
        principal = parties.get(mandate.principal.identifier)
        if principal is None or principal.name != mandate.principal.name:
            raise InvalidValue("a mandate's principal must be a seller or buyer of the case, named as on it",
                               field="mandates")
        if mandate.agent.id_number != filer_id_number:
            raise InvalidValue("a mandate names the one who files as its agent", field="mandates")
        mandate.check_covers(MandateScope.FILE, on)
    if filer_id_number not in parties and not mandates:
        raise FilerMustBeParty("only a seller or a buyer, or their agent under a mandate, may file the transfer",
                               field="sellers")


def mandate_from(agent: Person, principal: Person, scopes: list[str], valid_from: date, valid_until: date) -> Mandate:
    try:
        chosen = tuple(MandateScope(scope) for scope in scopes)
    except ValueError:
        raise InvalidValue("unknown mandate scope", field="mandates") from None
    return Mandate(agent=agent, principal=PartyRef.of_person(principal), scopes=chosen, valid_from=valid_from,
                   valid_until=valid_until)


class AgencyCommands:
    """Needs the case's ``mandates`` (a list of dicts) and the ``_mandate_confirmed`` event method."""

    mandates: list
    _mandate_confirmed: Any

    def check_mandates_confirmed(self) -> None:
        waiting = [m["principal_name"] for m in self.mandates if not m.get("confirmed_at")]
        if waiting:
            raise MandateUnconfirmed("the agent's mandate is not confirmed yet by " + "、".join(waiting))

    def confirm_mandate(self, *, principal_id_number: str, by: str, at: datetime) -> None:
        """The principal confirms, once, the mandate the agent filed under."""
        mandate = next((m for m in self.mandates if m["principal_id_number"] == principal_id_number), None)
        if mandate is None:
            raise NotThePrincipal("only the party who gave a mandate on this case can confirm it")
        if mandate.get("confirmed_at"):
            raise MandateAlreadyConfirmed("the mandate was confirmed already")
        self._mandate_confirmed(principal_id_number=principal_id_number, by=by, at=at)

    def confirmed(self, principal_id_number: str, at: datetime) -> list:
        return [{**m, "confirmed_at": at.isoformat()} if m["principal_id_number"] == principal_id_number
                else m for m in self.mandates]
