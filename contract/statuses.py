"""The states an item goes through, from intake to a decision.

`queued` -> `processing` (a worker holds the lease) -> `review` (waiting for staff)
-> `confirmed`; `failed` after the last retry, `quarantined` when the input cannot be read.
A failed or quarantined item waits on the "Niet verwerkt" page until a person retries it
(back to `queued`) or registers its signal by hand: then it is `replaced` by the new item.
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
    REPLACED = "replaced"  # registered by hand as another item (audit: item.registered_by_hand)


# Items that still wait for work or a person, and so count as open.
OPEN_STATUSES: tuple[ItemStatus, ...] = (
    ItemStatus.QUEUED,
    ItemStatus.PROCESSING,
    ItemStatus.REVIEW,
)

# Items no worker could turn into a reviewable item: a person must see each one.
UNPROCESSED_STATUSES: tuple[ItemStatus, ...] = (ItemStatus.FAILED, ItemStatus.QUARANTINED)
