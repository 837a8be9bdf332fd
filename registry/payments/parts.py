"""The parts of a combined order (a mixin of ``CombinedOrder``): whose part a person pays, each part's lines,
total and postings, and the merchant order id a part is paid under at the gateway."""

from __future__ import annotations

from decimal import Decimal

from registry.payments.rules import total_of
from registry.payments.values import PAYER_ROLES, OrderLine, OrderPayer, Posting


class OrderParts:
    """Needs the order's ``lines``, ``payers`` and ``parts`` (by payer role), ``part_postings`` and ``attempts``."""

    lines: list[OrderLine]
    payers: dict[str, OrderPayer]
    parts: dict
    part_postings: dict[str, list[Posting]]
    attempts: dict[str, int]

    @property
    def postings(self) -> list[Posting]:
        """Every part's clearing postings, the buyer's first."""
        return [p for role in PAYER_ROLES for p in self.part_postings.get(role, [])]

    def part_lines(self, payer: str) -> list[OrderLine]:
        return [line for line in self.lines if line.payer == payer and line.amount]

    def part_total(self, payer: str) -> Decimal:
        return total_of(self.part_lines(payer))

    def payer_of(self, person_key: str) -> str | None:
        """Whose part this person may pay (any buyer the buyers', any seller the sellers')."""
        return next((role for role, p in self.payers.items() if person_key in p.keys and role in self.parts), None)

    def parties_of(self, person_key: str) -> bool:
        return any(person_key in p.keys for p in self.payers.values())

    def gateway_order_id(self, payer: str) -> str:
        """A fresh merchant order id per part and attempt: the gateway binds an order id to one amount."""
        return f"{self.payers[payer].reference}-{self.attempts[payer]}"

    def part_named_by(self, gateway_order_id: str) -> str | None:
        reference = gateway_order_id.rsplit("-", 1)[0]
        return next((role for role, p in self.payers.items() if p.reference == reference and role in self.parts),
                    None)
