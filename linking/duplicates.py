"""Duplicate signals: is a new item about the same people, address or company as an
open or recent one? Proposals with evidence; staff decide.

Two items share evidence when they share an identifier (V-nummer, BSN, KvK, IBAN, ...),
a person (surname and first name, transliteration-aware and in either order), an
address (postcode + house number, or street + house number) or an organisation name.
The score is a noisy-or of the evidence weights: each line of evidence is read as an
independent chance that the items are about one case. Not calibrated like dossier
links: the weights are set by hand and checked with `evaluate_duplicates`.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ikp.records import Entity
from linking.generate import (
    FIRST_NAMES,
    SURNAMES,
    MentionGenerator,
    RegisterGenerator,
    _Builder,
    _spelling,
)
from linking.names import (
    PARTICLES,
    first_name_phonetic_key,
    fold,
    organisation_key,
    surname_phonetic_key,
    words_of,
)

# fmt: off
WEIGHTS: dict[str, float] = {
    "V_NUMMER": 0.90, "BSN": 0.85, "DOCUMENTNUMMER": 0.90, "KVK": 0.85, "IBAN": 0.85,
    "EMAIL": 0.75, "TELEFOON": 0.70, "KENTEKEN": 0.60,
    "persoon": 0.45,  # surname and first name: namesakes exist, so not enough alone
    "persoon (voorletter)": 0.35,  # surname and initial
    "tweede persoon": 0.50,  # a second person of the same item also in the other
    "adres": 0.60,  # postcode + house number
    "adres (straat)": 0.30,  # street + house number: the same in many towns
    "organisatie": 0.60,
    "GEBOORTEDATUM": 0.40,
}
# fmt: on
IDENTIFIERS = ("V_NUMMER", "BSN", "DOCUMENTNUMMER", "KVK", "IBAN", "EMAIL", "TELEFOON", "KENTEKEN")
LABELS = (*IDENTIFIERS, "PERSOON", "ADRES", "POSTCODE", "ORGANISATIE", "GEBOORTEDATUM")
MIN_SCORE = 0.50
WINDOW = timedelta(days=30)  # "recent": closed items received within this window still count


@dataclass(frozen=True)
class PastItem:
    """An open or recent item, as far as duplicate signals need it."""

    item_id: int
    received: datetime
    entities: tuple[tuple[str, str], ...]  # (label, value)


@dataclass(frozen=True)
class RelatedItem:
    item_id: int
    score: float
    evidence: tuple[str, ...]


@dataclass
class _Keys:
    identifiers: set[tuple[str, str]] = field(default_factory=set)
    persons: list[tuple[str, str]] = field(default_factory=list)  # (surname key, first key)
    addresses: set[str] = field(default_factory=set)
    organisations: set[str] = field(default_factory=set)
    birthdates: set[str] = field(default_factory=set)


def _person(name: str) -> list[tuple[str, str]]:
    """(surname phonetic key, first-name phonetic key) readings of a name, either order."""
    words = [w for w in re.split(r"[\s,]+", name.strip()) if w]
    if len(words) < 2:
        return [(surname_phonetic_key(name), "")] if words else []
    readings = [(" ".join(words[1:]), words[0])]
    if fold(words[1]) not in PARTICLES:  # "El Amrani Fatima": swapped
        readings.append((" ".join(words[:-1]), words[-1]))
    return [(surname_phonetic_key(s), first_name_phonetic_key(f)) for s, f in readings]


def _address(value: str, postcode: str | None) -> set[str]:
    words = words_of(value)
    number = next((w for w in words if w[0].isdigit()), None)
    if not number:
        return set()
    keys = {f"straat|{words[0][:6]}|{number}"}  # "kerkstraat 12", "Kerkstr. 12"
    if postcode:
        keys.add(f"{postcode}|{number}")
    return keys


def keys_of(entities: Iterable[tuple[str, str]]) -> _Keys:
    entities = list(entities)
    keys = _Keys()
    postcodes = [v for label, v in entities if label == "POSTCODE"]
    for label, value in entities:
        if label in IDENTIFIERS:
            keys.identifiers.add((label, value))
        elif label == "PERSOON":
            keys.persons.append(tuple(_person(value)))  # type: ignore[arg-type]
        elif label == "ADRES":
            keys.addresses |= _address(value, postcodes[0] if len(postcodes) == 1 else None)
        elif label == "ORGANISATIE" and (key := organisation_key(value)):
            keys.organisations.add(key)
        elif label == "GEBOORTEDATUM":
            keys.birthdates.add(value)
    return keys


def _same_person(a: Sequence[tuple[str, str]], b: Sequence[tuple[str, str]]) -> str | None:
    best = None
    for sa, fa in a:
        for sb, fb in b:
            if not sa or sa != sb:
                continue
            if fa and fa == fb and len(fa) > 1:
                return "persoon"
            if fa and fb and fa[0] == fb[0]:
                best = "persoon (voorletter)"
    return best


def evidence_between(new: _Keys, old: _Keys) -> list[str]:
    evidence = [f"{label} {value}" for label, value in sorted(new.identifiers & old.identifiers)]
    persons = [m for p in new.persons if (m := _match_person(p, old.persons))]
    if persons:
        evidence.append(persons[0])
        if len(persons) > 1:
            evidence.append("tweede persoon")
    shared = new.addresses & old.addresses
    if any(not k.startswith("straat|") for k in shared):
        evidence.append("adres")
    elif shared:
        evidence.append("adres (straat)")
    if new.organisations & old.organisations:
        evidence.append("organisatie")
    if persons and new.birthdates & old.birthdates:
        evidence.append("GEBOORTEDATUM")
    return evidence


def _match_person(
    person: Sequence[tuple[str, str]], others: list[tuple[tuple[str, str], ...]]
) -> str | None:
    found = [m for other in others if (m := _same_person(person, other))]
    return "persoon" if "persoon" in found else (found[0] if found else None)


def _weight(line: str) -> float:
    return WEIGHTS[line] if line in WEIGHTS else WEIGHTS[line.split(" ")[0]]


def find_related(
    entities: Iterable[Entity | tuple[str, str]],
    past: Iterable[PastItem],
    *,
    limit: int = 5,
    min_score: float = MIN_SCORE,
) -> list[RelatedItem]:
    """Past items probably about the same case as these entities, best first."""
    pairs = [(e.label, e.value) if isinstance(e, Entity) else e for e in entities]
    new = keys_of(pairs)
    related = []
    for item in past:
        evidence = evidence_between(new, keys_of(item.entities))
        miss = 1.0
        for line in evidence:
            miss *= 1 - _weight(line)
        if (score := round(1 - miss, 2)) >= min_score:
            related.append(RelatedItem(item.item_id, score, tuple(evidence)))
    related.sort(key=lambda r: (-r.score, r.item_id))
    return related[:limit]


# --- evaluation on generated cases -------------------------------------------------------


@dataclass(frozen=True)
class DuplicateEvaluation:
    items: int
    with_earlier_report: int  # items whose case was reported before
    proposals: int
    right_proposals: int
    found: int  # items with an earlier report for which one was proposed
    precision: float
    recall: float


def generated_stream(
    cases: int, *, seed: int = 5, register_rows: int = 20_000
) -> list[tuple[int, PastItem]]:
    """Items as (case id, item), in order of receipt: about a third of the cases are
    reported twice (say by the municipality, and by a neighbour a week later, who spells
    names differently, leaves out the date of birth and may name only one of a couple).
    """
    rng = random.Random(seed)
    register = [r for r in RegisterGenerator(seed=seed).records(register_rows)]
    persons = [r for r in register if r.soort == "persoon"]
    by_address: dict[str, list] = {}
    for r in persons:
        by_address.setdefault(f"{r.postcode}{r.adres}", []).append(r)
    start = datetime(2026, 1, 1)
    items: list[tuple[datetime, int, list[tuple[str, str]]]] = []
    mentions = MentionGenerator(register, seed=seed)
    for case in range(cases):
        if rng.random() < 0.15:  # a company case
            org = rng.choice([r for r in register[:2000] if r.soort == "organisatie"])
            reports = [mentions._mention(rng, org, org.dossier_id) for _ in range(2)]
            pairs = [[(e.label, e.value) for e in m.entities] for m in reports]
        else:
            first = rng.choice(persons)
            people = by_address.get(f"{first.postcode}{first.adres}", [first])[:2]
            pairs = [_report(rng, people, formal=True), _report(rng, people, formal=False)]
        when = start + timedelta(hours=rng.randrange(24 * 300))
        items.append((when, case, pairs[0]))
        if rng.random() < 0.35:
            items.append((when + timedelta(days=rng.randrange(1, 14)), case, pairs[1]))
    items.sort(key=lambda t: t[0])
    return [(case, PastItem(i, when, tuple(e))) for i, (when, case, e) in enumerate(items)]


def _report(rng: random.Random, people: list, *, formal: bool) -> list[tuple[str, str]]:
    b = _Builder()
    named = people if formal or rng.random() < 0.5 else people[:1]
    for p in named:
        first = (p.voornamen or "").split()[0]
        surname = p.achternaam or ""
        if not formal:
            first = _spelling(first, FIRST_NAMES, rng)
            surname = _spelling(surname, SURNAMES, rng)
        b.add(f"{first} {surname}", "PERSOON")
        if formal:
            b.add(" ")
            b.add(p.geboortedatum.isoformat(), "GEBOORTEDATUM")
            if p.bsn and rng.random() < 0.5:
                b.add(" ")
                b.add(p.bsn, "BSN")
        b.add(", ")
    street = people[0].adres or ""
    if not formal and rng.random() < 0.3:
        street = street.replace("straat", "str.")
    b.add(street, "ADRES")
    if formal or rng.random() < 0.4:
        b.add(" ")
        b.add(people[0].postcode or "", "POSTCODE")
    return [(e.label, e.value) for e in b.entities]


def evaluate_duplicates(
    stream: list[tuple[int, PastItem]], window: timedelta = WINDOW
) -> DuplicateEvaluation:
    proposals = right = found = with_earlier = 0
    case_of = {item.item_id: case for case, item in stream}
    for n, (case, item) in enumerate(stream):
        earlier = [p for _, p in stream[:n] if item.received - p.received <= window]
        related = find_related(item.entities, earlier)
        truth = {p.item_id for p in earlier if case_of[p.item_id] == case}
        proposals += len(related)
        hits = sum(r.item_id in truth for r in related)
        right += hits
        if truth:
            with_earlier += 1
            found += hits > 0
    return DuplicateEvaluation(
        items=len(stream),
        with_earlier_report=with_earlier,
        proposals=proposals,
        right_proposals=right,
        found=found,
        precision=right / max(1, proposals),
        recall=found / max(1, with_earlier),
    )


if __name__ == "__main__":
    result = evaluate_duplicates(generated_stream(3000))
    print(result)
