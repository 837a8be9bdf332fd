"""Domain errors. Each names the rule it enforces, so users see which rule refused them."""

from __future__ import annotations


class DomainError(Exception):
    """A command broke a business rule. ``code`` is the rule's stable name."""

    code = "domain_rule"
    status = 422

    def __init__(self, message: str, *, field: str | None = None, **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = details


class NotFound(DomainError):
    code = "not_found"
    status = 404


class UnknownUnit(NotFound):
    code = "unknown_unit"


class UnknownCase(NotFound):
    code = "unknown_case"


class NotAuthorised(DomainError):
    """The actor may not do this. Reported as 404 where revealing existence would leak."""

    code = "forbidden"
    status = 403


class Conflict(DomainError):
    """The command lost a race or repeats a finished step; the user should reload and retry."""

    code = "conflict"
    status = 409


class CaseNotPending(Conflict):
    code = "case_not_pending"


class CaseAlreadyExists(Conflict):
    code = "case_already_exists"


class UnitAlreadyRegistered(Conflict):
    code = "unit_already_registered"


class RequestIdReused(Conflict):
    """A court's request id names one request, whatever its kind: another kind under the same id is refused."""

    code = "request_id_reused"


class ConcurrentUpdate(Conflict):
    code = "concurrent_update"


class SharesMustSumToOne(DomainError):
    code = "shares_must_sum_to_one"


class SellersMustBeOwners(DomainError):
    code = "sellers_must_be_owners"


class UnitLocked(DomainError):
    code = "unit_locked"
    status = 409


class InvalidValue(DomainError):
    code = "invalid_value"


class FilerMustBeParty(DomainError):
    code = "filer_must_be_party"
    status = 403


class ReasonRequired(DomainError):
    code = "reason_required"


class CaseNotWithdrawable(Conflict):
    code = "case_not_withdrawable"


class CaseNotCorrectable(Conflict):
    code = "case_not_correctable"


class SupplementAlreadyRequested(Conflict):
    """一次性告知: everything missing is asked for at once; a case is returned for supplement only once."""

    code = "supplement_already_requested"


class CaseNotReturned(Conflict):
    code = "case_not_returned"


class UnknownCertificate(NotFound):
    code = "unknown_certificate"


class CertificateNotCurrent(Conflict):
    code = "certificate_not_current"


class UnknownFiling(NotFound):
    code = "unknown_filing"


class RuleFailed(DomainError):
    """A named registration rule refused: ``code`` is the rule's name (e.g. ``rank_free``)."""

    def __init__(self, rule: str, message: str, *, field: str | None = None, **details: object) -> None:
        super().__init__(message, field=field, rule=rule, **details)
        self.code = rule


class TransferRestricted(DomainError):
    """Civil Code art. 406: an agreed 禁止转让 blocks a transfer unless the mortgage is discharged with it."""

    code = "mortgage_restricts_transfer"
    status = 409


class FilingNotPending(Conflict):
    code = "filing_not_pending"


class FilingAlreadyExists(Conflict):
    code = "filing_already_exists"


class ConsentNotExpected(UnknownFiling):
    """This person or bank is not a party the filing waits for: answered like a missing filing, because
    filing ids derive from a bank's reference and a stranger must not learn which ones exist."""

    def __init__(self, message: str = "no such mortgage filing", **details: object) -> None:
        super().__init__("no such mortgage filing", **details)


class CombinedRegistrationRefused(DomainError):
    """带押过户: one part of the combined registration was refused, so none of it is registered."""

    code = "combined_registration_refused"
    status = 409


# -- court seizures (查封) -------------------------------------------------------------------------
class UnknownSeizure(NotFound):
    code = "unknown_seizure"


class SeizureTooLong(DomainError):
    """A real-property seizure (or a renewal) lasts at most 3 years."""

    code = "seizure_too_long"


class NotSeizingCourt(NotAuthorised):
    """Only the court that seized may renew or release its own seizure."""

    code = "not_seizing_court"


class SeizureReferenceTaken(Conflict):
    """Another court's seizure on this unit already uses this reference."""

    code = "seizure_reference_taken"


class SeizureNotActive(Conflict):
    """Renewal or lapse of a seizure that is queued, released or lapsed."""

    code = "seizure_not_active"


class SeizureNotDue(Conflict):
    """A scheduled lapse came before the seizure's last day had passed."""

    code = "seizure_not_due"


class SeizureIsNotALock(Conflict):
    """A court seizure is released by its court (KZCS 14), never unlocked by the registrar."""

    code = "seizure_is_not_a_lock"


# -- identities of parties (decision 022) ---------------------------------------------------------
class BadIdNumber(InvalidValue):
    """An identity document number of the wrong length, alphabet or check character."""

    code = "bad_id_number"


class BadCreditCode(InvalidValue):
    """A 统一社会信用代码 that breaks GB 32100-2015 (length, alphabet, region digits or check character)."""

    code = "bad_credit_code"


class MandateDoesNotCover(NotAuthorised):
    """The agent's recorded mandate does not reach this action on this day (scope, dates or principal)."""

    code = "mandate_does_not_cover"
