"""The states an item goes through, from intake to a decision.

`queued` -> `processing` (a worker holds the lease) -> `review` (waiting for staff)
-> `confirmed`; `failed` after the last retry, `quarantined` when the input cannot be read.
StrEnum members compare equal to their strings, so rows and JSON keep plain text.
"""

from __future__ import annotations

from enum import StrEnum


class ItemStatus(StrEnum):
    QUEUED = "queued"
    PROCESSING = "processing"
    REVIEW = "review"
    CONFIRMED = "confirmed"
    FAILED = "failed"
    QUARANTINED = "quarantined"


# Items that still wait for work or a person, and so count as open.
OPEN_STATUSES: tuple[ItemStatus, ...] = (
    ItemStatus.QUEUED,
    ItemStatus.PROCESSING,
    ItemStatus.REVIEW,
)
