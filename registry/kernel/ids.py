"""Deterministic aggregate ids: uuid5 of a natural key, so a re-delivered command cannot create a twin."""

from __future__ import annotations

from uuid import UUID, uuid5

NAMESPACE = UUID("6f1d3f8e-5c4b-4e59-9a57-3b1c0f0e2a11")


def unit_id(unit_number: str) -> UUID:
    return uuid5(NAMESPACE, f"unit:{unit_number}")


def transfer_case_id(unit_number: str, contract_number: str) -> UUID:
    return uuid5(NAMESPACE, f"transfer:{unit_number}:{contract_number}")


def holdings_id(id_number: str) -> UUID:
    return uuid5(NAMESPACE, f"holdings:{id_number}")


def sequence_id(registry: str, year: int, kind: str) -> UUID:
    return uuid5(NAMESPACE, f"sequence:{registry}:{year}:{kind}")


def certificate_id(number: str) -> UUID:
    return uuid5(NAMESPACE, f"certificate:{number}")


def certificate_roll_id(unit_number: str) -> UUID:
    return uuid5(NAMESPACE, f"certificate-roll:{unit_number}")


def order_id(case_id: str) -> UUID:
    return uuid5(NAMESPACE, f"order:{case_id}")


def assessment_id(case_id: str) -> UUID:
    return uuid5(NAMESPACE, f"assessment:{case_id}")


def unmatched_callback_id(event_id: str) -> UUID:
    return uuid5(NAMESPACE, f"unmatched:{event_id}")


def mortgage_filing_id(bank: str, bank_reference: str) -> UUID:
    """A bank's own reference names its filing: the same filing sent twice is refused, not doubled."""
    return uuid5(NAMESPACE, f"mortgage-filing:{bank}:{bank_reference}")


def mortgage_id(filing_id: str, unit_number: str) -> str:
    """One mortgage right per unit of a filing; a converted pre-notice keeps its id."""
    return str(uuid5(NAMESPACE, f"mortgage:{filing_id}:{unit_number}"))


def pre_notice_book_id(unit_number: str) -> UUID:
    return uuid5(NAMESPACE, f"pre-notice-book:{unit_number}")


def case_clock_id(case_id: str) -> UUID:
    return uuid5(NAMESPACE, f"case-clock:{case_id}")


def office_calendar_id(registry: str) -> UUID:
    return uuid5(NAMESPACE, f"office-calendar:{registry}")
