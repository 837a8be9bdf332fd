"""UI strings: key → {zh, en}, one module per area, merged into one lookup here. Chinese is the default
language of the registry's users; ``web.i18n.translate`` looks keys up in ``MESSAGES``.

A later area's key would win over an earlier one's, so keys are unique across areas (the message-key test
checks it)."""

from web.messages.codes import CODE_MESSAGES
from web.messages.common import COMMON_MESSAGES
from web.messages.documents import DOCUMENT_MESSAGES
from web.messages.housing_checks import HOUSING_CHECK_MESSAGES
from web.messages.instant import INSTANT_MESSAGES
from web.messages.judicial import JUDICIAL_MESSAGES
from web.messages.lists import LIST_MESSAGES
from web.messages.mortgages import MORTGAGE_MESSAGES
from web.messages.notifications import NOTIFICATION_MESSAGES
from web.messages.progress import PROGRESS_MESSAGES
from web.messages.register_book import REGISTER_BOOK_MESSAGES
from web.messages.rules import RULE_MESSAGES
from web.messages.supervision import SUPERVISION_MESSAGES
from web.messages.supervision_desk import SUPERVISION_DESK_MESSAGES
from web.messages.tax_claims import TAX_CLAIM_MESSAGES
from web.messages.taxes import TAX_MESSAGES
from web.messages.transfer_kinds import TRANSFER_KIND_MESSAGES
from web.messages.transfers import TRANSFER_MESSAGES
from web.messages.units import UNIT_MESSAGES
from web.messages.validation import VALIDATION_ZH

AREAS: dict[str, dict[str, dict[str, str]]] = {
    "judicial": JUDICIAL_MESSAGES,
    "tax_claims": TAX_CLAIM_MESSAGES,
    "lists": LIST_MESSAGES,
    "register_book": REGISTER_BOOK_MESSAGES,
    "common": COMMON_MESSAGES,
    "transfers": TRANSFER_MESSAGES,
    "transfer_kinds": TRANSFER_KIND_MESSAGES,
    "codes": CODE_MESSAGES,
    "units": UNIT_MESSAGES,
    "mortgages": MORTGAGE_MESSAGES,
    "rules": RULE_MESSAGES,
    "taxes": TAX_MESSAGES,
    "supervision": SUPERVISION_MESSAGES,
    "progress": PROGRESS_MESSAGES,
    "notifications": NOTIFICATION_MESSAGES,
    "supervision_desk": SUPERVISION_DESK_MESSAGES,
    "documents": DOCUMENT_MESSAGES,
    "housing_checks": HOUSING_CHECK_MESSAGES,
    "instant": INSTANT_MESSAGES,
}

MESSAGES: dict[str, dict[str, str]] = {key: entry for area in AREAS.values() for key, entry in area.items()}

__all__ = ["AREAS", "MESSAGES", "VALIDATION_ZH"]
