"""National code lists used unchanged (djlx, qllx, qszt) and the platform's own enumerations."""

from __future__ import annotations

from enum import Enum


class RegistrationType(Enum):
    """登记类型 djlx."""

    FIRST = "100"
    TRANSFER = "200"
    CHANGE = "300"
    CANCELLATION = "400"
    CORRECTION = "500"
    OBJECTION = "600"
    PRE_NOTICE = "700"
    SEIZURE = "800"


class RightType(Enum):
    """权利类型 qllx."""

    OWNERSHIP = "4"
    MORTGAGE = "37"
    PRE_NOTICE = "96"
    OBJECTION = "97"
    SEIZURE = "98"
    EASEMENT = "19"
    HABITATION = "92"


class Use(Enum):
    """What the building part is used for; decides the registration fee class and home counting."""

    RESIDENTIAL = "residential"
    NON_RESIDENTIAL = "non_residential"
    GARAGE_PARKING_STOREROOM = "garage_parking_storeroom"


class CertificateKind(Enum):
    OWNERSHIP = "ownership"  # 不动产权证书
    PROOF = "proof"  # 不动产登记证明


class CertificateStatus(Enum):
    CURRENT = "current"
    SUPERSEDED = "superseded"
    CANCELLED = "cancelled"
    REVOKED = "revoked"
    REPLACED = "replaced"


class CaseState(Enum):
    # The seam for taxes and the combined payment: a case waits here until settlement is recorded.
    AWAITING_SETTLEMENT = "awaiting_settlement"
    PENDING_REVIEW = "pending_review"
    RETURNED = "returned"  # returned to the parties for missing material (补正); paid, back in review on resubmission
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class HomeOrdinal(Enum):
    """Which home the purchase is for the buyer's family (sets the deed-tax rate)."""

    FIRST = "first"
    SECOND = "second"
    THIRD_OR_LATER = "third_or_later"

    @classmethod
    def after_owning(cls, homes_owned: int) -> HomeOrdinal:
        if homes_owned == 0:
            return cls.FIRST
        if homes_owned == 1:
            return cls.SECOND
        return cls.THIRD_OR_LATER


class Relation(Enum):
    SPOUSE = "spouse"
    MINOR_CHILD = "minor_child"


class Supplement(Enum):
    """What a registrar may ask the parties to supply when returning a case (补正材料)."""

    ID_DOCUMENT = "id_document"  # 身份证明
    CONTRACT = "contract"  # 买卖合同 / 网签合同
    MARRIAGE_PROOF = "marriage_proof"  # 婚姻状况证明
    HOUSEHOLD_REGISTER = "household_register"  # 户口簿
    POWER_OF_ATTORNEY = "power_of_attorney"  # 授权委托书
    LOAN_CONTRACT = "loan_contract"  # 借款合同 (banks)
    MORTGAGE_CONTRACT = "mortgage_contract"  # 抵押合同 (banks)
    GIFT_CONTRACT = "gift_contract"  # 赠与合同 (公证)
    DEATH_CERTIFICATE = "death_certificate"  # 死亡证明 of the owner whose estate passes
    INHERITANCE_PROOF = "inheritance_proof"  # 继承权公证书, or the court's effective judgment
    KINSHIP_PROOF = "kinship_proof"  # 亲属关系证明 (gift to a close relative, statutory heirs)
    BUSINESS_LICENCE = "business_licence"  # 营业执照 of an enterprise party
    OTHER = "other"  # named in the note
