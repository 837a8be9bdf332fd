"""From data the schemas loaded to the domain's commands: shared by the JSON API and the pages,
so both doors into the platform file exactly the same command."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from registry.kernel.actors import Actor
from registry.kernel.codes import HomeOrdinal
from registry.kernel.commanding import Receipt
from registry.kernel.parties import Mandate
from registry.kernel.values import FamilyMember, Owner, Person
from registry.taxation.app import is_released
from registry.transfers import commands as transfers
from registry.transfers.agency import mandate_from
from registry.transfers.values import TaxClaims


def owners_from(data: list[dict]) -> list[Owner]:
    return [Owner(Person(o["name"], o["id_number"]), o["share"]) for o in data]


def families_from(members: list[dict]) -> dict[str, list[FamilyMember]]:
    """Loaded ``FamilyMemberSchema`` rows → each buyer's spouse and minor children, by the buyer's ID number."""
    families: dict[str, list[FamilyMember]] = {}
    for member in members:
        families.setdefault(member["buyer_id_number"], []).append(
            FamilyMember(member["name"], member["id_number"], member["relation"]))
    return families


def claims_from(data: dict) -> TaxClaims:
    """A loaded ``TaxClaimsSchema`` body (or ``{}``: nothing claimed) → the case's tax claims."""
    relief = data.get("deed_tax_relief")
    return TaxClaims(only_home_five_years=bool(data.get("only_home_five_years")),
                     original_cost=data.get("original_cost"), reasonable_costs=data.get("reasonable_costs"),
                     deed_tax_relief=HomeOrdinal(relief) if relief else None)


def correct_case(platform: Any, actor: Actor, case_id: UUID, data: dict) -> Receipt:
    """Correct a case with a loaded ``CorrectionSchema`` body, refused once Taxation released the taxes."""
    return platform.run_and_wait(
        transfers.correct_transfer, platform.registry, actor, case_id, price=data["price"],
        contract_date=data["contract_date"], tax_claims=claims_from(data.get("tax_claims") or {}),
        taxes_released=lambda case: is_released(platform.taxation, case))


def mandates_from(agent: Person, data: dict) -> list[Mandate]:
    """The body's mandates with the filer as agent and each principal as named among the sellers and buyers
    (a principal who is neither is refused by the domain rule, naming ``mandates``)."""
    named = {p["id_number"]: p["name"] for p in [*data["sellers"], *data["buyers"]]}
    return [mandate_from(agent, Person(named.get(m["principal_id_number"], "?"), m["principal_id_number"]),
                         m["scopes"], m["valid_from"], m["valid_until"]) for m in data.get("mandates") or []]


def file_transfer(platform: Any, actor: Actor, data: dict, agent_name: str = "") -> Receipt:
    """Submit a loaded ``TransferSubmissionSchema`` body and wait until the views show it; ``agent_name`` is
    the filer's name, recorded on the mandates they file under."""
    families = families_from(data["family"])
    mandates = mandates_from(Person(agent_name or "?", actor.id_number or ""), data) if data.get("mandates") else []
    return platform.run_and_wait(
        transfers.submit_transfer, platform.registry, actor, unit_number=data["unit_number"],
        sellers=[Person(s["name"], s["id_number"]) for s in data["sellers"]],
        buyers=owners_from(data["buyers"]), price=data["price"], contract_number=data["contract_number"],
        contract_date=data["contract_date"], families=families, certificates_wanted=data["certificates"],
        tax_claims=claims_from(data.get("tax_claims") or {}), kind=data.get("kind"), mandates=mandates,
    )
