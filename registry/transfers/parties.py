"""Who may be on a transfer case together: nobody buys from themselves, each family named belongs to a buyer
(and counts each member once), and the certificates wanted are one for all or one each."""

from __future__ import annotations

from registry.kernel.codes import Relation
from registry.kernel.errors import InvalidValue
from registry.kernel.values import FamilyMember, Owner, Person

MAX_CERTIFICATES_PER_OWNER = 1


def check_no_one_buys_from_themselves(sellers: list[Person], buyers: list[Owner]) -> None:
    if {p.id_number for p in sellers} == {o.person.id_number for o in buyers}:
        raise InvalidValue("the buyers are the same people as the sellers", field="buyers")


def check_families_are_the_buyers(families: dict[str, list[FamilyMember]], buyers: list[Owner]) -> None:
    """Each family belongs to a buyer, and nobody is counted twice in one family or as their own relative."""
    buyer_ids = {o.person.id_number for o in buyers}
    if not set(families) <= buyer_ids:
        raise InvalidValue("family members must belong to a buyer", field="family")
    for buyer_id, members in families.items():
        ids = [m.id_number for m in members]
        if buyer_id in ids or len(set(ids)) < len(ids):
            raise InvalidValue("a family member is named twice, or is the buyer", field="family")
        if sum(m.relation is Relation.SPOUSE for m in members) > 1:
            raise InvalidValue("a buyer has at most one spouse", field="family")


def check_certificates_wanted(wanted: int, buyers: int) -> None:
    """One certificate for all co-owners, or one each on request."""
    if not 1 <= wanted <= buyers * MAX_CERTIFICATES_PER_OWNER:
        raise InvalidValue(f"certificates wanted must be between 1 and {buyers}", field="certificates")
