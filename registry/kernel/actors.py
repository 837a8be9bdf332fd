"""Who is acting: role and organisation, checked by every command and every query."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from registry.kernel.errors import NotAuthorised


class Role(Enum):
    REGISTRAR = "registrar"
    APPLICANT = "applicant"
    BANK_STAFF = "bank_staff"
    COURT_CLIENT = "court_client"
    TAX_OFFICER = "tax_officer"
    SUPERVISOR = "supervisor"  # 电子监察: watches an office's time limits and instructs on breaches
    ADMIN = "admin"


@dataclass(frozen=True)
class Actor:
    user_id: str
    role: Role
    org: str | None = None
    id_number: str | None = None  # applicants only: who they are in the register

    def check_role(self, *roles: Role) -> None:
        if self.role not in roles:
            raise NotAuthorised(f"a {self.role.value} may not do this")

    def is_registrar_of(self, registry: str) -> bool:
        return self.role is Role.REGISTRAR and self.org == registry

    def supervises(self, registry: str) -> bool:
        """A supervisor watches the office of their organisation; the platform's admin every office."""
        return self.role is Role.ADMIN or (self.role is Role.SUPERVISOR and self.org == registry)

