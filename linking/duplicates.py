"""Duplicate signals: is a new item about the same people, address or company as an
open or recent one? Proposals with evidence; staff decide.

Two items share evidence when they share an identifier (V-nummer, BSN, KvK, IBAN, ...),
a person (surname and first name or initial, transliteration-aware and in either order),
an address (postcode + house number, or street + house number) or an organisation name.

How telling a shared value is depends on how many items have it: each line of evidence
has a rarity 2/df (1 when only the two items have the value; "IND" in 80 of 120 items
gives 0.025), df counted among the new item and its candidates (open items, and closed
ones received within WINDOW). A logistic model over, per kind of evidence, the number of
lines and their summed rarity (coefficients >= 0: evidence never counts against) gives a
probability, fitted and calibrated on generated tips with traps (authorities and large
employers named by most tips, namesakes, follow-ups by initial or with another number):
`python -m research.linking.duplicates --write` writes `duplicate_model.json`, with the
threshold (MIN_SCORE) chosen for precision on the training stream. One shared name alone
(an organisation or a person) never makes a pair: it scores at most NAME_ALONE.
`score_evidence` (the noisy-or over HAND_SET, without rarity) is the scorer before, kept
for the comparison. Numbers: BENCHMARKS.md, issue 19.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from contract.records import Entity, ItemEntities
from linking.names import (
    PARTICLES,
    first_name_phonetic_key,
    fold,
    organisation_key,
    surname_phonetic_key,
    words_of,
)

# fmt: off
HAND_SET: dict[str, float] = {
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
MODEL_FILE = Path(__file__).with_name("duplicate_model.json")


def load_model(path: Path = MODEL_FILE) -> tuple[dict[str, Any], float]:
    """The fitted scorer ({"intercept", "coef"}) and the served threshold."""
    data = json.loads(path.read_text(encoding="utf-8"))
    scorer = data["scorer"]
    kinds = {f.split(":", 1)[1] for f in scorer["coef"]}
    if not kinds <= set(HAND_SET):
        raise ValueError(f"{path}: made for other kinds of evidence; refit with --write")
    return scorer, float(data["min_score"])


SCORER, MIN_SCORE = load_model()
WEIGHTS = HAND_SET  # the noisy-or's weights, for `score_evidence`
IDENTIFIERS = ("V_NUMMER", "BSN", "DOCUMENTNUMMER", "KVK", "IBAN", "EMAIL", "TELEFOON", "KENTEKEN")
LABELS = (*IDENTIFIERS, "PERSOON", "ADRES", "POSTCODE", "ORGANISATIE", "GEBOORTEDATUM")
# One shared name alone never makes a pair, however rare: a namesake, the official who
# signs many tips, or (on real text) a month or greeting the recogniser took for a name.
NOT_ALONE = ("organisatie", "persoon", "persoon (voorletter)")
NAME_ALONE = 0.2
WINDOW = timedelta(days=30)  # "recent": closed items received within this window still count


@dataclass(frozen=True)
class RelatedItem:
    item_id: int
    score: float
    evidence: tuple[str, ...]


@dataclass
class ItemKeys:
    identifiers: set[tuple[str, str]] = field(default_factory=set)
    persons: list[tuple[Reading, ...]] = field(default_factory=list)  # readings per name
    addresses: set[str] = field(default_factory=set)
    organisations: set[str] = field(default_factory=set)
    birthdates: set[str] = field(default_factory=set)
    # a person's number -> the readings of the full name written last before it: whose
    # it is (a surname or first name alone, often half a name the recogniser split, is not)
    holders: dict[tuple[str, str], tuple[Reading, ...]] = field(default_factory=dict)


Reading = tuple[str, str, str, bool]  # surname key, first-name key, initial, swapped?


# Words that begin a surname ("de Vries", "El Bedacht"): a name that starts with one is
# written surname first, and the word is no first name.
SURNAME_STARTS = PARTICLES | {"el", "al"}


def _person(name: str) -> list[Reading]:
    """Readings of a name: (surname phonetic key, first-name phonetic key, the first
    name's initial as written, read swapped?). Where the writing says which part is the
    surname ("VERZONNEN, Piet", "Jan Willem BEDACHT", "El Bedacht") that is the one
    reading; otherwise as written and in the other order, but never with an initial
    ("V.") as the surname."""
    if name.count(",") == 1:  # "Verzonnen, Piet": the surname first
        surname, first = (part.strip() for part in name.split(","))
        return _readings([(surname, first, False)]) if surname else []
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    lead = next((i for i, w in enumerate(words) if fold(w) not in SURNAME_STARTS), len(words))
    if lead:  # "El Bedacht", "van der Berg", "El Bedacht Samir": the surname first
        surname, first = " ".join(words[: lead + 1]), " ".join(words[lead + 1 :])
        return _readings([(surname, first, False)])
    if len(words) < 2:
        return [(surname_phonetic_key(name), "", "", False)] if words else []
    capitals = [w.isupper() and "." not in w and sum(c.isalpha() for c in w) > 1 for w in words]
    if any(capitals) and not all(capitals):  # "Jan Willem BEDACHT": the surname in capitals
        surname = " ".join(w for w, c in zip(words, capitals, strict=True) if c)
        first = " ".join(w for w, c in zip(words, capitals, strict=True) if not c)
        return _readings([(surname, first, False)])
    readings = [(" ".join(words[1:]), words[0], False)]
    if fold(words[1]) not in PARTICLES:  # "El Amrani Fatima": swapped
        readings.append((" ".join(words[:-1]), words[-1], True))
    return _readings([r for r in readings if not _is_initial(r[0])])


def _is_initial(word: str) -> bool:
    return len(word.rstrip(".")) <= 1 or (word.endswith(".") and len(word) <= 3)


def _readings(parts: list[tuple[str, str, bool]]) -> list[Reading]:
    return [
        (surname_phonetic_key(s), first_name_phonetic_key(f), fold(f)[:1], swapped)
        for s, f, swapped in parts
    ]


def _address(value: str, postcode: str | None) -> set[str]:
    words = words_of(value)
    number = next((w for w in words if w[0].isdigit()), None)
    if not number:
        return set()
    keys = {f"straat|{words[0][:6]}|{number}"}  # "kerkstraat 12", "Kerkstr. 12"
    if postcode:
        keys.add(f"{postcode}|{number}")
    return keys


def keys_of(entities: Iterable[tuple[str, str]]) -> ItemKeys:
    entities = list(entities)
    keys = ItemKeys()
    postcodes = [v for label, v in entities if label == "POSTCODE"]
    holder: tuple[Reading, ...] = ()  # the full name written last
    for label, value in entities:
        if label in IDENTIFIERS:
            keys.identifiers.add((label, value))
            if label in HELD_BY_A_PERSON and holder:
                keys.holders.setdefault((label, value), holder)
        elif label == "PERSOON":
            keys.persons.append(tuple(_person(value)))  # type: ignore[arg-type]
            if any(r[0] and r[2] for r in keys.persons[-1]):  # a first name and a surname
                holder = keys.persons[-1]
        elif label == "ADRES":
            keys.addresses |= _address(value, postcodes[0] if len(postcodes) == 1 else None)
        elif label == "ORGANISATIE" and (key := organisation_key(value)):
            keys.organisations.add(key)
        elif label == "GEBOORTEDATUM":
            keys.birthdates.add(value)
    return keys


def _same_person(a: Sequence[Reading], b: Sequence[Reading]) -> tuple[str, str] | None:
    """("persoon" or "persoon (voorletter)", the surname key) when a and b are one person.
    An initial is compared as written (the phonetic key makes every vowel alike), and
    only between names read as written: read swapped, "Joost Verzonnen" would be surname
    Joost with initial V. Two names both read swapped only match in full: "Karim Ouali"
    and "Kareem Osei" share a first name and an initial, not a surname."""
    best = None
    for sa, fa, ia, swapped_a in a:
        for sb, fb, ib, swapped_b in b:
            if not sa or sa != sb:
                continue
            if fa and fa == fb and len(fa) > 1:
                return "persoon", sa
            if ia and ia == ib and not (swapped_a or swapped_b):
                best = ("persoon (voorletter)", sa)
    return best


Key = tuple[str, ...]
# A person's own numbers: the name written just before one says whose it is.
HELD_BY_A_PERSON = ("V_NUMMER", "BSN", "DOCUMENTNUMMER")


def _other_holders(a: Sequence[Reading] | None, b: Sequence[Reading] | None) -> bool:
    """Both items name whose the number is, and they are two people: "Piet Verzonnen, BSN
    ..." and "Klaas Bedacht, BSN ..." (the same number) are a typo or a borrowed number,
    not one case. A follow-up writing the holder otherwise ("P. Verzonnen") is one."""
    return bool(a and b) and not (_same_person(a, b) or _same_surname(a, b))


def _same_surname(a: Sequence[Reading], b: Sequence[Reading]) -> bool:
    return bool({r[0] for r in a if r[0]} & {r[0] for r in b if r[0]})


def evidence_with_keys(new: ItemKeys, old: ItemKeys) -> list[tuple[str, tuple[Key, ...]]]:
    """Lines of evidence two items share, each with the index keys behind it (whose
    document frequency says how telling the line is)."""
    evidence: list[tuple[str, tuple[Key, ...]]] = [
        (f"{label} {value}", (("id", label, value),))
        for label, value in sorted(new.identifiers & old.identifiers)
        if not _other_holders(new.holders.get((label, value)), old.holders.get((label, value)))
    ]
    persons = _matched_people(new.persons, old.persons)
    if persons:
        evidence.append((persons[0][0], (("person", persons[0][1]),)))
        if len(persons) > 1:
            evidence.append(("tweede persoon", tuple(("person", s) for _, s in persons[1:])))
    shared = new.addresses & old.addresses
    full = sorted(k for k in shared if not k.startswith("straat|"))
    if full:
        evidence.append(("adres", tuple(("address", a) for a in full)))
    elif shared:
        evidence.append(("adres (straat)", tuple(("address", a) for a in sorted(shared))))
    if organisations := sorted(new.organisations & old.organisations):
        evidence.append(("organisatie", tuple(("organisation", o) for o in organisations)))
    if persons and new.birthdates & old.birthdates:
        evidence.append(("GEBOORTEDATUM", ()))  # only with a person: as rare as the person
    return evidence


def evidence_between(new: ItemKeys, old: ItemKeys) -> list[str]:
    return [line for line, _ in evidence_with_keys(new, old)]


def _matched_people(
    new: list[tuple[Reading, ...]], old: list[tuple[Reading, ...]]
) -> list[tuple[str, str]]:
    """A match (kind, surname key) per person of `new` also in `old`, full matches first.
    A person named twice ("P. Verzonnen", later "Piet Verzonnen") is one: each person of
    either item is matched once, so a second line needs two different people in both."""
    found = []
    used_new: list[tuple[Reading, ...]] = []
    used_old: list[tuple[Reading, ...]] = []
    for kind in ("persoon", "persoon (voorletter)"):
        for person in new:
            if any(_same_person(person, u) for u in used_new):
                continue
            for other in old:
                match = _same_person(person, other)
                if match and match[0] == kind and not any(_same_person(other, u) for u in used_old):
                    found.append(match)
                    used_new.append(person)
                    used_old.append(other)
                    break
    return found


def kind_of(line: str) -> str:
    """The WEIGHTS key of a line of evidence: "BSN 123456782" -> "BSN"."""
    return line if line in HAND_SET else line.split(" ")[0]


def rarity(df: int) -> float:
    """How telling a shared value is: 1 when only the two items have it, 2/df when df
    items (the new one and its candidates) do; "IND" in 80 of 120 items gives 0.025."""
    return min(1.0, 2 / max(df, 1))


# Numbers of one person, vehicle or company: however many items share one, they are all
# about it (a third report with the same V-nummer). E-mail addresses and phone numbers
# may be an office's (a web form's address, a switchboard), so their rarity counts.
PERSONAL_IDS = ("V_NUMMER", "BSN", "DOCUMENTNUMMER", "IBAN", "KVK", "KENTEKEN")


def line_rarity(keys: Sequence[Key], df: Mapping[Key, int]) -> float:
    """The rarest key behind a line decides (two items sharing "IND" and a small firm
    share the small firm); a line without keys (a birth date with a person) or with a
    personal number counts fully."""
    if any(k[0] == "id" and k[1] in PERSONAL_IDS for k in keys):
        return 1.0
    return max((rarity(df.get(k, 2)) for k in keys), default=1.0)


def features(evidence: Sequence[tuple[str, float]]) -> dict[str, float]:
    """Per kind of evidence: how many lines ("n:kind") and their summed rarity ("r:kind")."""
    out: dict[str, float] = defaultdict(float)
    for line, rare in evidence:
        out[f"n:{kind_of(line)}"] += 1
        out[f"r:{kind_of(line)}"] += rare
    return out


def probability(
    evidence: Sequence[tuple[str, float]], model: Mapping[str, Any] | None = None
) -> float:
    """The fitted, calibrated probability that two items are one case, from their lines of
    evidence with each line's rarity; rounded to two decimals."""
    model = SCORER if model is None else model
    coef = model["coef"]
    z = model["intercept"] + sum(coef.get(f, 0.0) * v for f, v in features(evidence).items())
    p = round(1 / (1 + math.exp(-max(-40.0, min(40.0, z)))), 2)
    if len(evidence) == 1 and evidence[0][0] in NOT_ALONE:
        return min(p, NAME_ALONE)
    return p


def score_evidence(evidence: Iterable[str], weights: Mapping[str, float] | None = None) -> float:
    """Noisy-or of the weights of the evidence lines, rounded to two decimals (the scorer
    before rarity; kept for the comparison in research)."""
    weights = WEIGHTS if weights is None else weights
    miss = 1.0
    for line in evidence:
        miss *= 1 - weights[kind_of(line)]
    return round(1 - miss, 2)


def _document_frequency(keys: ItemKeys, population: Iterable[ItemKeys]) -> dict[Key, int]:
    mine = _index_keys(keys)
    df = dict.fromkeys(mine, 1)
    for other in population:
        for key in mine & _index_keys(other):
            df[key] += 1
    return df


def find_related(
    entities: Iterable[Entity | tuple[str, str]],
    past: Iterable[ItemEntities],
    *,
    limit: int = 5,
    min_score: float | None = None,
) -> list[RelatedItem]:
    """Past items probably about the same case as these entities, best first. `past` is
    the population too: how many of them share a value says how telling it is."""
    threshold = MIN_SCORE if min_score is None else min_score
    pairs = [(e.label, e.value) if isinstance(e, Entity) else e for e in entities]
    new = keys_of(pairs)
    past = list(past)
    past_keys = [keys_of(item.entities) for item in past]
    df = _document_frequency(new, past_keys)
    related = []
    for item, old in zip(past, past_keys, strict=True):
        evidence = evidence_with_keys(new, old)
        if not evidence:
            continue
        scored = [(line, line_rarity(keys, df)) for line, keys in evidence]
        if (score := probability(scored)) >= threshold:
            related.append(RelatedItem(item.item_id, score, tuple(line for line, _ in scored)))
    related.sort(key=lambda r: (-r.score, r.item_id))
    return related[:limit]


@functools.lru_cache(maxsize=16384)
def _cached_keys(entities: tuple[tuple[str, str], ...]) -> ItemKeys:
    """`keys_of`, kept: it depends on the entities alone. Callers must not change the result."""
    return keys_of(entities)


def key_text(key: Key) -> str:
    """A key as the store keeps it: "id|V_NUMMER|1234567890", "organisation|ind"."""
    return "|".join(key)


def related_keys(entities: Iterable[tuple[str, str]]) -> set[str]:
    """The keys (as text) under which an item is found as a candidate: what two items must
    share for `evidence_between` to find anything."""
    return {key_text(k) for k in _index_keys(_cached_keys(tuple(entities)))}


def is_personal(key: str) -> bool:
    """A key of a personal number (PERSONAL_IDS): however common, its newest items are
    candidates (a third report about the same V-nummer is about the same person)."""
    parts = key.split("|")
    return parts[0] == "id" and len(parts) > 1 and parts[1] in PERSONAL_IDS


def related_for_batch(
    stored: Sequence[ItemEntities],
    batch: Sequence[ItemEntities],
    *,
    window: timedelta = WINDOW,
    limit: int = 5,
    common: Mapping[str, int] | None = None,
    decided: Collection[tuple[int, int]] = (),
) -> dict[int, list[RelatedItem]]:
    """What `find_related` proposes for every item of a batch, as if the batch were stored.

    `stored` are the open and recent items (closed ones marked) that may share a key with
    the batch. Each item's keys are computed once (and kept between batches) and indexed,
    so a new item is compared only with the items it shares a key with: the others have
    no evidence in common with it. The same walk over the index counts each key's
    candidates (the document frequency). `common` are keys shared by more stored items
    than were read ({key text: at least that many}): their count is the lower bound, and
    except for personal numbers they bring no candidates (a common value alone never
    makes a pair). `decided` pairs (lower id, higher id) a reviewer has judged are not
    proposed again.
    """
    if not batch:
        return {}
    common = common or {}
    decided = set(decided)
    ids = {n.item_id for n in batch}
    candidates = [past for past in stored if past.item_id not in ids]
    # The batch's own items will be open (in review) once stored.
    candidates += [
        ItemEntities(n.item_id, n.received, tuple(e for e in n.entities if e[0] in LABELS))
        for n in batch
    ]
    keys = [_cached_keys(past.entities) for past in candidates]
    by_key: dict[Key, list[int]] = defaultdict(list)
    for position, past_keys in enumerate(keys):
        for key in _index_keys(past_keys):
            by_key[key].append(position)
    result = {}
    for new in batch:
        new_keys = _cached_keys(tuple(new.entities))
        df: dict[Key, int] = {}
        found: set[int] = set()
        for key in _index_keys(new_keys):
            sharing = [p for p in by_key.get(key, ()) if _candidate(candidates[p], new, window)]
            df[key] = 1 + len(sharing)
            if (text := key_text(key)) in common:
                df[key] = max(df[key], common[text])
                if not is_personal(text):
                    continue
            found.update(sharing)
        related = []
        for p in found:
            other = candidates[p].item_id
            if (min(other, new.item_id), max(other, new.item_id)) in decided:
                continue
            evidence = evidence_with_keys(new_keys, keys[p])
            scored = [(line, line_rarity(k, df)) for line, k in evidence]
            if (score := probability(scored)) >= MIN_SCORE:
                related.append(RelatedItem(other, score, tuple(line for line, _ in scored)))
        related.sort(key=lambda r: (-r.score, r.item_id))
        result[new.item_id] = related[:limit]
    return result


def _candidate(past: ItemEntities, new: ItemEntities, window: timedelta) -> bool:
    """Earlier than `new`, and open or received within `window` before it."""
    return (
        past.item_id != new.item_id
        and past.received <= new.received
        and (not past.closed or past.received >= new.received - window)
    )


def _index_keys(keys: ItemKeys) -> set[tuple[str, ...]]:
    """Keys two items must share for `evidence_between` to find anything."""
    found: set[tuple[str, ...]] = {("id", label, value) for label, value in keys.identifiers}
    found |= {("person", r[0]) for person in keys.persons for r in person if r[0]}
    found |= {("address", a) for a in keys.addresses}
    found |= {("organisation", o) for o in keys.organisations}
    return found
