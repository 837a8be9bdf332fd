"""Who takes part in a case: any party by one reference (a person under any accepted document, or an
organisation), organisations with their legal representative, and the mandate an agent acts under."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from enum import Enum

from registry.kernel.errors import InvalidValue, MandateDoesNotCover
from registry.kernel.identities import IdKind, check_identifier
from registry.kernel.values import Immutable, Person, mask_id_number, person_key


def _check_name(name: str) -> None:
    if not isinstance(name, str) or not name.strip():
        raise InvalidValue("name is required", field="name")


@dataclass(frozen=True)
class PartyRef(Immutable):
    """A party of a case as its document kind, normalised number and name."""

    kind: IdKind
    identifier: str
    name: str

    def __post_init__(self) -> None:
        _check_name(self.name)
        object.__setattr__(self, "identifier", check_identifier(self.kind, self.identifier))

    @classmethod
    def of_person(cls, person: Person) -> PartyRef:
        return cls(IdKind.RESIDENT_ID, person.id_number, person.name)

    @property
    def is_organisation(self) -> bool:
        return self.kind.names_an_organisation

    @property
    def key(self) -> str:
        """How views address the party. A number of the 公民身份号码 space keeps ``person_key`` exactly, so
        every view, order and assessment keyed today still finds its people; other documents are keyed by
        kind too, because an 8-digit Taiwan permit and an 8-character passport could spell the same."""
        if self.kind.shares_the_national_number:
            return person_key(self.identifier)
        prefix = "organisation" if self.is_organisation else f"person:{self.kind.value}"
        return hashlib.sha256(f"{prefix}:{self.identifier}".encode()).hexdigest()

    @property
    def masked_identifier(self) -> str:
        return mask_id_number(self.identifier)


@dataclass(frozen=True)
class Organisation(Immutable):
    """An enterprise, developer or other body, known by its 统一社会信用代码."""

    name: str
    credit_code: str
    legal_representative: Person

    def __post_init__(self) -> None:
        _check_name(self.name)
        object.__setattr__(self, "credit_code", check_identifier(IdKind.CREDIT_CODE, self.credit_code))

    @property
    def party(self) -> PartyRef:
        return PartyRef(IdKind.CREDIT_CODE, self.credit_code, self.name)


class MandateScope(Enum):
    """What an agent may do for the principal (授权委托书 items)."""

    FILE = "file"  # 代为申请
    SIGN = "sign"  # 代为签字
    COLLECT_CERTIFICATE = "collect_certificate"  # 代为领证


@dataclass(frozen=True)
class Mandate(Immutable):
    """A recorded power of attorney: ``agent`` may do ``scopes`` for ``principal`` from one day to another,
    both days included."""

    agent: Person
    principal: PartyRef
    scopes: tuple[MandateScope, ...]
    valid_from: date
    valid_until: date

    def __post_init__(self) -> None:
        scopes = tuple(sorted(set(self.scopes), key=lambda s: s.value))
        if not scopes:
            raise InvalidValue("a mandate must name at least one thing the agent may do", field="scopes")
        object.__setattr__(self, "scopes", scopes)
        if self.valid_until < self.valid_from:
            raise InvalidValue("a mandate cannot end before it starts", field="valid_until")
        if PartyRef.of_person(self.agent).key == self.principal.key:
            raise InvalidValue("a party needs no mandate to act for themselves", field="agent")

    def check_covers(self, action: MandateScope, on: date, *, principal: PartyRef | None = None) -> None:
        who = f"{mask_id_number(self.agent.id_number)} for {self.principal.masked_identifier}"
        if principal is not None and principal.key != self.principal.key:
            raise MandateDoesNotCover(f"the mandate of {who} is not from {principal.masked_identifier}",
                                      field="mandate", reason="principal")
        if action not in self.scopes:
            allowed = ", ".join(s.value for s in self.scopes)
            raise MandateDoesNotCover(f"the mandate of {who} covers {allowed}, not {action.value}",
                                      field="mandate", reason="scope")
        if on < self.valid_from:
            raise MandateDoesNotCover(f"the mandate of {who} starts on {self.valid_from}, after {on}",
                                      field="mandate", reason="not_yet_valid")
        if on > self.valid_until:
            raise MandateDoesNotCover(f"the mandate of {who} ended on {self.valid_until}, before {on}",
                                      field="mandate", reason="expired")
