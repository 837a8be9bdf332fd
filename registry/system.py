"""Who follows whom: the hand-offs between the platform's applications.

    registry ──Submitted──▶ taxation ──Issued/Adjusted──▶ payments ──Paid──▶ registry (settled)
    registry ──Rejected───────────────────────────────▶ payments (refund)
    payments ──Paid──▶ taxation (the assessment is closed to adjustments)
    registry ──Submitted/Settled/Filed/Queued/Approved/…──▶ supervision (each case's statutory clock)

Each follower records the leader's position with the events it makes, in one transaction.
"""

from __future__ import annotations

FOLLOWS: tuple[tuple[str, str], ...] = (
    ("taxation", "registry"),
    ("payments", "taxation"),
    ("payments", "registry"),
    ("registry", "payments"),
    ("taxation", "payments"),
    ("supervision", "registry"),
)
