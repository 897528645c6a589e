"""Declarative routing rules: loaded from YAML, validated, evaluated in order.

A rule fires when all of its conditions hold. Of the fired rules, the first that
names a `primary` sets it; `inform` lists are joined in rule order (the primary is
never also informed); the most urgent `priority` wins; any `same_day` makes the
item due the same working day; a `final` rule stops evaluation. Rules see only
signal codes, the uncertain flag and the number and kind (person or organisation) of
dossier links: never an entity, a name or a nationality.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from contract.records import Classification, DossierLink
from contract.vocabulary import DESTINATIONS, DOSSIER_KINDS, PRIORITIES, SIGNAL_TYPES

DEFAULT_RULES_PATH = Path(__file__).with_name("rules.yaml")

_RULE_KEYS = {"name", "when", "primary", "inform", "priority", "same_day", "final"}
_WHEN_KEYS = {"types_any", "types_none", "uncertain", "links"}
_LINK_KEYS = {"min", "max", "kind"}


class RulesError(ValueError):
    """The rules file is malformed; the message names the rule and the problem."""


@dataclass(frozen=True)
class Rule:
    name: str
    types_any: frozenset[str] | None = None  # fires if any of these codes was proposed
    types_none: frozenset[str] | None = None  # fires only if none of these was proposed
    uncertain: bool | None = None
    links_min: int | None = None  # number of proposed dossier links
    links_max: int | None = None
    links_kind: str | None = None  # every counted link is a dossier of this kind
    primary: str | None = None
    inform: tuple[str, ...] = ()
    priority: str | None = None
    same_day: bool = False
    final: bool = False

    @property
    def unconditional(self) -> bool:
        return (
            self.types_any is None
            and self.types_none is None
            and self.uncertain is None
            and self.links_min is None
            and self.links_max is None
            and self.links_kind is None
        )

    def matches(self, codes: frozenset[str], uncertain: bool, kinds: tuple[str, ...]) -> bool:
        """`kinds`: the dossier kind of each confident link."""
        n_links = len(kinds)
        if self.links_kind is not None and any(k != self.links_kind for k in kinds):
            return False
        if self.types_any is not None and not (codes & self.types_any):
            return False
        if self.types_none is not None and codes & self.types_none:
            return False
        if self.uncertain is not None and uncertain != self.uncertain:
            return False
        if self.links_min is not None and n_links < self.links_min:
            return False
        return not (self.links_max is not None and n_links > self.links_max)


@dataclass(frozen=True)
class RoutingRules:
    rules: tuple[Rule, ...]
    default_priority: str = "normaal"


@dataclass(frozen=True)
class Decision:
    """What the rules decided, before the deadline is computed."""

    primary: str
    inform: tuple[str, ...]
    priority: str
    same_day: bool
    fired: tuple[str, ...]  # names of the rules that fired and changed the outcome


# Links at or above this count in `links` conditions: linking's own floor (0.50), so
# every proposed link. On the dev set every proposed link was right (precision 1.0),
# and the weak ones (0.5-0.6) were the second dossier of a cross-dossier signal or the
# employer beside the worker: counting them sends 3 more of 120 items to the right
# destination (bench/devset.py, BENCHMARKS.md). Was 0.8.
CONFIDENT_LINK = 0.5


def evaluate(
    rules: RoutingRules, classification: Classification, links: Sequence[DossierLink]
) -> Decision:
    codes = frozenset(s.code for s in classification.signal_types)
    primary: str | None = None
    inform: list[str] = []
    priorities: list[str] = [rules.default_priority]
    same_day = False
    fired: list[str] = []
    kinds = tuple(link.soort for link in links if link.score >= CONFIDENT_LINK)
    for rule in rules.rules:
        if not rule.matches(codes, classification.uncertain, kinds):
            continue
        sets_primary = primary is None and rule.primary is not None
        if sets_primary or rule.inform or rule.priority or rule.same_day:
            # A fallback whose primary was already taken changed nothing: not listed.
            fired.append(rule.name)
        if sets_primary:
            primary = rule.primary
        inform.extend(d for d in rule.inform if d not in inform)
        if rule.priority is not None:
            priorities.append(rule.priority)
        same_day = same_day or rule.same_day
        if rule.final:
            break
    if primary is None:  # validation guarantees an unconditional rule with a primary
        raise RulesError("no rule set a primary destination")
    return Decision(
        primary=primary,
        inform=tuple(d for d in inform if d != primary),
        priority=min(priorities, key=PRIORITIES.index),  # PRIORITIES is most urgent first
        same_day=same_day,
        fired=tuple(fired),
    )


def load_rules(path: Path | None = None) -> RoutingRules:
    """Read and validate a rules file (default: routing/rules.yaml next to this module)."""
    path = path or DEFAULT_RULES_PATH
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RulesError(f"{path}: not valid YAML: {exc}") from exc
    return parse_rules(data, source=str(path))


def parse_rules(data: Any, *, source: str = "rules") -> RoutingRules:
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RulesError(f"{source}: expected a mapping with a 'rules' list")
    unknown = set(data) - {"rules", "default_priority"}
    if unknown:
        raise RulesError(f"{source}: unknown top-level keys {sorted(unknown)}")
    default_priority = data.get("default_priority", "normaal")
    if default_priority not in PRIORITIES:
        raise RulesError(f"{source}: unknown default_priority {default_priority!r}")
    rules: list[Rule] = []
    names: set[str] = set()
    for i, raw in enumerate(data["rules"], start=1):
        rule = _parse_rule(raw, f"{source}: rule {i}")
        if rule.name in names:
            raise RulesError(f"{source}: rule {rule.name!r}: duplicate name")
        names.add(rule.name)
        rules.append(rule)
    if not rules or not rules[-1].unconditional or rules[-1].primary is None:
        raise RulesError(
            f"{source}: the last rule must have no conditions and set a primary, "
            "so that every item gets a destination"
        )
    return RoutingRules(rules=tuple(rules), default_priority=default_priority)


def _parse_rule(raw: Any, where: str) -> Rule:
    if not isinstance(raw, dict):
        raise RulesError(f"{where}: expected a mapping")
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        raise RulesError(f"{where}: missing 'name'")
    where = f"{where.rsplit(':', 1)[0]}: rule {name!r}"
    if unknown := set(raw) - _RULE_KEYS:
        raise RulesError(f"{where}: unknown keys {sorted(unknown)}")
    when = raw.get("when") or {}
    if not isinstance(when, dict):
        raise RulesError(f"{where}: 'when' must be a mapping")
    if unknown := set(when) - _WHEN_KEYS:
        raise RulesError(f"{where}: unknown conditions {sorted(unknown)}")
    links = when.get("links") or {}
    if not isinstance(links, dict) or (unknown := set(links) - _LINK_KEYS):
        raise RulesError(f"{where}: 'links' takes only 'min', 'max' and 'kind'")
    kind = links.get("kind")
    if kind is not None:
        _check_codes([kind], DOSSIER_KINDS, "dossier kind", where)
    for key, value in links.items():
        if key == "kind":
            continue
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise RulesError(f"{where}: links.{key} must be a whole number >= 0")
    uncertain = when.get("uncertain")
    if uncertain is not None and not isinstance(uncertain, bool):
        raise RulesError(f"{where}: 'uncertain' must be true or false")
    primary = raw.get("primary")
    if primary is not None:
        _check_codes([primary], DESTINATIONS, "destination", where)
    inform = raw.get("inform") or []
    if not isinstance(inform, list):
        raise RulesError(f"{where}: 'inform' must be a list")
    _check_codes(inform, DESTINATIONS, "destination", where)
    priority = raw.get("priority")
    if priority is not None:
        _check_codes([priority], PRIORITIES, "priority", where)
    for flag in ("same_day", "final"):
        if not isinstance(raw.get(flag, False), bool):
            raise RulesError(f"{where}: {flag!r} must be true or false")
    if primary is None and not inform and priority is None and not raw.get("same_day"):
        raise RulesError(f"{where}: does nothing (no primary, inform, priority or same_day)")
    return Rule(
        name=name,
        types_any=_types(when, "types_any", where),
        types_none=_types(when, "types_none", where),
        uncertain=uncertain,
        links_min=links.get("min"),
        links_max=links.get("max"),
        links_kind=kind,
        primary=primary,
        inform=tuple(inform),
        priority=priority,
        same_day=raw.get("same_day", False),
        final=raw.get("final", False),
    )


def _types(when: dict[str, Any], key: str, where: str) -> frozenset[str] | None:
    if key not in when:
        return None
    codes = when[key]
    if not isinstance(codes, list) or not codes:
        raise RulesError(f"{where}: {key!r} must be a non-empty list of signal types")
    _check_codes(codes, SIGNAL_TYPES, "signal type", where)
    return frozenset(codes)


def _check_codes(values: list[Any], known: tuple[str, ...], what: str, where: str) -> None:
    for value in values:
        if value not in known:
            raise RulesError(f"{where}: unknown {what} {value!r} (known: {', '.join(known)})")
