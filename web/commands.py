"""From data the schemas loaded to the domain's commands: shared by the JSON API and the pages,
so both doors into the platform file exactly the same command."""

from __future__ import annotations

from typing import Any

from registry import transfers
from registry.actors import Actor
from registry.commanding import Receipt
from registry.values import FamilyMember, Owner, Person


def owners_from(data: list[dict]) -> list[Owner]:
    return [Owner(Person(o["name"], o["id_number"]), o["share"]) for o in data]


def families_from(members: list[dict]) -> dict[str, list[FamilyMember]]:
    """Loaded ``FamilyMemberSchema`` rows → each buyer's spouse and minor children, by the buyer's ID number."""
    families: dict[str, list[FamilyMember]] = {}
    for member in members:
        families.setdefault(member["buyer_id_number"], []).append(
            FamilyMember(member["name"], member["id_number"], member["relation"]))
    return families


def file_transfer(platform: Any, actor: Actor, data: dict) -> Receipt:
    """Submit a loaded ``TransferSubmissionSchema`` body and wait until the views show it."""
    families = families_from(data["family"])
    receipt = transfers.submit_transfer(
        platform.registry, actor, unit_number=data["unit_number"],
        sellers=[Person(s["name"], s["id_number"]) for s in data["sellers"]],
        buyers=owners_from(data["buyers"]), price=data["price"], contract_number=data["contract_number"],
        contract_date=data["contract_date"], families=families, certificates_wanted=data["certificates"],
    )
    platform.wait_for(receipt.position)
    return receipt
