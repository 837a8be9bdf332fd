"""The registry's area (辖区): the administrative divisions whose units this platform keeps.

A unit number starts with the 6-digit division code of where the unit lies (GB/T 37346: 350128 is
Pingtan). An area is a set of code prefixes: "3501" is every district and county of Fuzhou, "350128"
Pingtan alone. A court naming a unit outside the area is told so by name, not "no such unit": the
court has sent its order to the wrong registry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from registry.kernel.errors import DomainError

_PREFIX = re.compile(r"^\d{2,6}$")


class OutsideRegistryArea(DomainError):
    code = "outside_registry_area"
    status = 422


@dataclass(frozen=True)
class RegistryArea:
    prefixes: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.prefixes or not all(_PREFIX.match(p) for p in self.prefixes):
            raise ValueError("an area is one or more division code prefixes of 2 to 6 digits, like 3501")

    @classmethod
    def parse(cls, text: str) -> RegistryArea:
        """From a setting like "3501" or "350102,350128"."""
        return cls(tuple(p.strip() for p in text.split(",") if p.strip()))

    def covers(self, unit_number: str) -> bool:
        return unit_number.startswith(self.prefixes)

    def check_covers(self, unit_number: str) -> None:
        if not self.covers(unit_number):
            raise OutsideRegistryArea(
                f"unit {unit_number} lies in division {unit_number[:6]}, outside this registry's area "
                f"({', '.join(self.prefixes)}): send the order to the registry where the unit lies",
                field="unit_number", division=unit_number[:6])


FUZHOU = RegistryArea(("3501",))  # the demo's city, Pingtan (350128) included
