"""Routing: propose a destination, inform list, priority and deadline for one item.

Rules live in `rules.yaml` (see `routing.rules` for their meaning); deadlines follow
the Algemene termijnenwet (see `routing.calendar`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache

from contract.records import Classification, DossierLink, Routing
from routing.calendar import due_date, holidays_in, is_working_day, working_days_after
from routing.rules import RoutingRules, RulesError, evaluate, load_rules

__all__ = [
    "RoutingRules",
    "RulesError",
    "due_date",
    "holidays_in",
    "is_working_day",
    "load_rules",
    "route",
    "working_days_after",
]


@lru_cache(maxsize=1)
def _default_rules() -> RoutingRules:
    return load_rules()


def route(
    classification: Classification,
    links: Sequence[DossierLink],
    received: datetime,
    *,
    rules: RoutingRules | None = None,
) -> Routing:
    """Primary destination, inform list, priority and due date; `received` must be tz-aware."""
    decision = evaluate(rules or _default_rules(), classification, links)
    return Routing(
        primary=decision.primary,
        inform=decision.inform,
        priority=decision.priority,
        due=due_date(received, same_day=decision.same_day),
        rules=decision.fired,
    )
