"""Transcodings for every custom type kept in events or aggregate state (snapshots included).

One class per type, each with a stable ``name``: stored events refer to these names forever.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from enum import Enum
from typing import Any

from eventsourcing.persistence import Transcoding

from registry.certificates.values import DerivedFrom
from registry.courts.seizures import Seizure, SeizureState
from registry.kernel.actors import Role
from registry.kernel.codes import (
    CaseState,
    CertificateKind,
    CertificateStatus,
    HomeOrdinal,
    RegistrationType,
    Relation,
    RightType,
    Use,
)
from registry.kernel.values import FamilyMember, HomeCount, Owner, Person, Term
from registry.mortgages.values import (
    CheckOutcome,
    FilingKind,
    FilingState,
    LoanType,
    Mortgage,
    MortgageMethod,
    MortgageTerms,
    PreNotice,
)
from registry.payments.values import OrderLine, OrderPayer, OrderState, PaymentNotice, Posting, Side
from registry.taxation.values import AssessedLine, Declaration
from registry.transfers.values import TaxClaims


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


def _enum_transcoding(enum_type: type[Enum], name: str) -> type[Transcoding]:
    def encode(self: Transcoding, obj: Enum) -> str:
        return obj.value

    def decode(self: Transcoding, data: str) -> Enum:
        return enum_type(data)

    return type(f"{enum_type.__name__}AsValue", (Transcoding,),
                {"type": enum_type, "name": name, "encode": encode, "decode": decode})


def _dataclass_transcoding(value_type: type, name: str, tuples: tuple[str, ...] = ()) -> type[Transcoding]:
    """Nested value objects inside are transcoded by their own transcodings; tuples come back as lists."""
    names = [f.name for f in fields(value_type)]

    def encode(self: Transcoding, obj: Any) -> dict[str, Any]:
        return {n: getattr(obj, n) for n in names}

    def decode(self: Transcoding, data: dict[str, Any]) -> Any:
        values = {n: tuple(data[n]) if n in tuples else data[n] for n in names}
        return value_type(**values)

    return type(f"{value_type.__name__}AsDict", (Transcoding,),
                {"type": value_type, "name": name, "encode": encode, "decode": decode})


UseAsValue = _enum_transcoding(Use, "use")
CaseStateAsValue = _enum_transcoding(CaseState, "case_state")
CertificateKindAsValue = _enum_transcoding(CertificateKind, "certificate_kind")
HomeOrdinalAsValue = _enum_transcoding(HomeOrdinal, "home_ordinal")
RegistrationTypeAsValue = _enum_transcoding(RegistrationType, "djlx")
RelationAsValue = _enum_transcoding(Relation, "relation")
RightTypeAsValue = _enum_transcoding(RightType, "qllx")
RoleAsValue = _enum_transcoding(Role, "role")
PersonAsDict = _dataclass_transcoding(Person, "person")
OwnerAsDict = _dataclass_transcoding(Owner, "owner")
FamilyMemberAsDict = _dataclass_transcoding(FamilyMember, "family_member")
TermAsDict = _dataclass_transcoding(Term, "term")
HomeCountAsDict = _dataclass_transcoding(HomeCount, "home_count", tuples=("units_counted",))
CertificateStatusAsValue = _enum_transcoding(CertificateStatus, "certificate_status")
DerivedFromAsDict = _dataclass_transcoding(DerivedFrom, "derived_from")
OrderStateAsValue = _enum_transcoding(OrderState, "order_state")
SideAsValue = _enum_transcoding(Side, "ledger_side")
OrderLineAsDict = _dataclass_transcoding(OrderLine, "order_line")
OrderPayerAsDict = _dataclass_transcoding(OrderPayer, "order_payer", tuples=("keys",))
PostingAsDict = _dataclass_transcoding(Posting, "posting")
PaymentNoticeAsDict = _dataclass_transcoding(PaymentNotice, "payment_notice")
AssessedLineAsDict = _dataclass_transcoding(AssessedLine, "assessed_line")
TaxClaimsAsDict = _dataclass_transcoding(TaxClaims, "tax_claims")
DeclarationAsDict = _dataclass_transcoding(Declaration, "tax_declaration")
FilingKindAsValue = _enum_transcoding(FilingKind, "mortgage_filing_kind")
FilingStateAsValue = _enum_transcoding(FilingState, "mortgage_filing_state")
MortgageMethodAsValue = _enum_transcoding(MortgageMethod, "dyfs")
LoanTypeAsValue = _enum_transcoding(LoanType, "loan_type")
MortgageTermsAsDict = _dataclass_transcoding(MortgageTerms, "mortgage_terms", tuples=("contract_numbers", "debtors"))
MortgageAsDict = _dataclass_transcoding(Mortgage, "mortgage", tuples=("mortgagors",))
PreNoticeAsDict = _dataclass_transcoding(PreNotice, "pre_notice", tuples=("purchasers",))
CheckOutcomeAsDict = _dataclass_transcoding(CheckOutcome, "check_outcome")
SeizureStateAsValue = _enum_transcoding(SeizureState, "seizure_state")
SeizureAsDict = _dataclass_transcoding(Seizure, "seizure")

ALL = (
    DateAsISO, UseAsValue, CaseStateAsValue, CertificateKindAsValue, HomeOrdinalAsValue,
    RegistrationTypeAsValue, RelationAsValue, RightTypeAsValue, RoleAsValue, PersonAsDict,
    OwnerAsDict, FamilyMemberAsDict, TermAsDict, HomeCountAsDict, CertificateStatusAsValue, DerivedFromAsDict,
    OrderStateAsValue, SideAsValue, OrderLineAsDict, OrderPayerAsDict, PostingAsDict, PaymentNoticeAsDict,
    AssessedLineAsDict,
    FilingKindAsValue, FilingStateAsValue, MortgageMethodAsValue, LoanTypeAsValue, MortgageTermsAsDict,
    MortgageAsDict, PreNoticeAsDict, CheckOutcomeAsDict, SeizureStateAsValue, SeizureAsDict,
    TaxClaimsAsDict, DeclarationAsDict,
)


def all_transcodings() -> list[Transcoding]:
    return [cls() for cls in ALL]
