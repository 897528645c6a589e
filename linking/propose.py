"""Propose dossier links for one text: find candidates, collect evidence, score.

Candidates come from the register through `DossierIndex`: exact identifiers in the
text (V-nummer, BSN, KvK, phone, e-mail, postcode), stated dates of birth, surnames
of PERSOON entities, and organisation names (ORGANISATIE entities and n-grams of the
text that start and end with a capital). Every candidate is then checked against the
whole text: a surname counts where the text has it with a capital (exact on the
surname key, else fuzzy with rapidfuzz >= 0.88 for keys of 5+ letters), a first
name or initial within three words of it.

Score = min(0.99, sum of the weights of the evidence found), rounded to two
decimals: transparent (each line of evidence adds its weight), monotone (more
evidence never lowers it), never certain. Fuzzy evidence adds weight x similarity.

    V_NUMMER exact 0.97   BSN exact 0.85 (BSNs have been issued twice)   KVK exact 0.95
    GEBOORTEDATUM exact 0.45   achternaam exact 0.35   voornaam exact 0.10
    voorletter exact 0.05   naam organisatie exact 0.70   EMAIL exact 0.40
    TELEFOON exact 0.35   POSTCODE exact 0.10

So a V-nummer alone gives 0.97, surname + first name + date of birth 0.90, and a
name alone (0.45) or a date of birth alone (0.45) stays under the 0.50 threshold.
Nationality is never read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz, process

from ikp.records import DossierLink, DossierRecord, Entity
from linking.index import IDENTIFIER_KINDS, DossierIndex
from linking.names import (
    PARTICLES,
    Token,
    first_name_key,
    ngrams,
    organisation_key,
    organisation_key_of_words,
    surname_key,
    surname_key_of_words,
    tokenize,
    words_of,
)

WEIGHTS: dict[str, float] = {
    "V_NUMMER": 0.97,
    "BSN": 0.85,
    "KVK": 0.95,
    "GEBOORTEDATUM": 0.45,
    "achternaam": 0.35,
    "voornaam": 0.10,
    "voorletter": 0.05,
    "naam organisatie": 0.70,
    "EMAIL": 0.40,
    "TELEFOON": 0.35,
    "POSTCODE": 0.10,
}
MAX_SCORE = 0.99
MIN_SCORE = 0.50
FUZZY_SURNAME = 88  # rapidfuzz ratio (0-100) for a surname key to count as a fuzzy match
FUZZY_FIRST_NAME = 85
MIN_FUZZY_LENGTH = 5  # shorter keys ("Li", "Smit") must match exactly
SURNAME_MAX_TOKENS = 5  # "van der Berg-de Vries"
ORGANISATION_MAX_TOKENS = 6
FIRST_NAME_WINDOW = 3  # tokens before/after a surname where a first name or initial is sought

_KIND_BY_LABEL = {label: kind for kind, label in IDENTIFIER_KINDS.items()}


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


# How an identifier is compared: the entity value and the register value, both normalised.
_NORMALISE: dict[str, Callable[[str], str]] = {
    "v_nummer": _digits,
    "bsn": lambda v: _digits(v).zfill(9) if _digits(v) else "",
    "kvk": _digits,
    "telefoon": lambda v: re.sub(r"[^\d+]", "", v),
    "email": lambda v: v.strip().lower(),
    "postcode": lambda v: re.sub(r"\s", "", v).upper(),
}


@dataclass
class _Text:
    """The text prepared once: tokens and the name keys of its n-grams."""

    tokens: list[Token]
    birthdates: set[date]
    surname_spans: dict[str, list[list[Token]]]  # surname key -> where it occurs
    organisation_keys: set[str]  # of capitalised n-grams and ORGANISATIE entities
    # Text names that exactly match some candidate's surname: they are not also
    # read as a misspelling of another candidate's name ("Jansen" is not "Janssen").
    explained: set[str] = field(default_factory=set)
    _fuzzy: dict[str, tuple[str, float] | None] = field(default_factory=dict)
    _by_length: dict[int, list[str]] | None = None

    def fuzzy_surname(self, key: str) -> tuple[str, float] | None:
        """The text name most like `key` (ratio >= FUZZY_SURNAME), with its similarity."""
        if key not in self._fuzzy:
            if self._by_length is None:
                self._by_length = {}
                for k in self.surname_spans.keys() - self.explained:
                    self._by_length.setdefault(len(k), []).append(k)
            # ratio >= r needs |len(a) - len(b)| <= (1 - r) * (len(a) + len(b)): skip the rest.
            slack = 1 - FUZZY_SURNAME / 100
            n = len(key)
            choices = [
                k
                for length, keys in self._by_length.items()
                if abs(length - n) <= slack * (length + n)
                for k in keys
            ]
            match = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_SURNAME)
            self._fuzzy[key] = (match[0], match[1] / 100) if match else None
        return self._fuzzy[key]

    @classmethod
    def of(cls, text: str, entities: Sequence[Entity]) -> _Text:
        tokens = tokenize(text)
        words = [words_of(t.text) for t in tokens]  # folded once, keyed per n-gram below

        def words_in(gram: list[Token]) -> list[str]:
            return [w for t in gram for w in words[t.index]]

        # Without its particles "de Jong" is "jong": only spans where a word other than a
        # particle has a capital ("de Jong", "el-Amrani", "EL AMRANI") can be a surname,
        # so that "een jong meisje" is not.
        named = [
            any(c.isupper() for c in t.text) and not all(w in PARTICLES for w in words[t.index])
            for t in tokens
        ]
        spans: dict[str, list[list[Token]]] = {}
        for gram in ngrams(text, tokens, SURNAME_MAX_TOKENS):
            if any(named[t.index] for t in gram) and (key := surname_key_of_words(words_in(gram))):
                spans.setdefault(key, []).append(gram)
        org_keys: set[str] = set()
        for gram in ngrams(text, tokens, ORGANISATION_MAX_TOKENS):
            # Names start and end with a capital ("Stichting voor de Vrede"); this also keeps
            # "naar de bakker" from meaning "De Bakker V.O.F.".
            if gram[0].capitalised and gram[-1].capitalised:
                key = organisation_key_of_words(words_in(gram))
                if len(key) >= 3 and not key.isdigit():
                    org_keys.add(key)
        for entity in entities:
            if entity.label == "ORGANISATIE" and (key := organisation_key(entity.text)):
                org_keys.add(key)
        return cls(tokens, _birthdates(entities), spans, org_keys)


def propose_links(
    text: str, entities: Sequence[Entity], index: DossierIndex, *, limit: int = 3
) -> list[DossierLink]:
    """Dossiers the text is probably about, best first, at most `limit`, none under 0.50."""
    prepared = _Text.of(text, entities)
    candidates = _candidates(entities, prepared, index).values()
    prepared.explained = {
        key
        for r in candidates
        if r.soort == "persoon"
        and (key := surname_key(r.achternaam or "")) in prepared.surname_spans
    }
    links = []
    for record in candidates:
        evidence, total = _evidence(record, entities, prepared)
        score = round(min(MAX_SCORE, total), 2)
        if score >= MIN_SCORE:
            links.append(DossierLink(record.dossier_id, score, tuple(evidence), record.soort))
    links.sort(key=lambda link: (-link.score, link.dossier_id))
    return links[:limit]


def _candidates(
    entities: Sequence[Entity], prepared: _Text, index: DossierIndex
) -> dict[str, DossierRecord]:
    found: dict[str, DossierRecord] = {}

    def add(records: Iterable[DossierRecord]) -> None:
        for record in records:
            found.setdefault(record.dossier_id, record)

    asked: set[tuple[str, str]] = set()
    for entity in entities:
        if kind := _KIND_BY_LABEL.get(entity.label):
            query = (kind, _NORMALISE[kind](entity.value))
            if query[1] and query not in asked:
                asked.add(query)
                add(index.by_identifier(*query))
    for birthdate in sorted(prepared.birthdates):
        add(index.by_birthdate(birthdate))
    for key in _person_surname_keys(entities):
        add(index.by_surname(key))
    for key in sorted(prepared.organisation_keys):
        add(index.by_organisation_name(key))
    return found


def _birthdates(entities: Sequence[Entity]) -> set[date]:
    dates = set()
    for entity in entities:
        if entity.label == "GEBOORTEDATUM":
            try:
                dates.add(date.fromisoformat(entity.value))
            except ValueError:
                continue  # a malformed value links nothing; the NLP stage owns that bug
    return dates


def _person_surname_keys(entities: Sequence[Entity]) -> set[str]:
    """Surname keys a PERSOON entity may hold: its last one, two or three words."""
    keys = set()
    for entity in entities:
        if entity.label == "PERSOON":
            words = entity.text.replace(",", " ").split()
            for n in range(1, min(3, len(words)) + 1):
                if key := surname_key(" ".join(words[-n:])):
                    keys.add(key)
    return keys


def _evidence(
    record: DossierRecord, entities: Sequence[Entity], prepared: _Text
) -> tuple[list[str], float]:
    evidence: list[tuple[str, float]] = []
    for kind, label in IDENTIFIER_KINDS.items():
        register_value = getattr(record, kind)
        if not register_value:
            continue
        wanted = _NORMALISE[kind](register_value)
        if any(e.label == label and _NORMALISE[kind](e.value) == wanted for e in entities):
            evidence.append((f"{label} exact", WEIGHTS[label]))
    if record.geboortedatum and record.geboortedatum in prepared.birthdates:
        evidence.append(("GEBOORTEDATUM exact", WEIGHTS["GEBOORTEDATUM"]))
    if record.soort == "persoon" and record.achternaam:
        evidence.extend(_name_evidence(record, prepared))
    if record.naam and organisation_key(record.naam) in prepared.organisation_keys:
        evidence.append(("naam organisatie exact", WEIGHTS["naam organisatie"]))
    evidence.sort(key=lambda e: (-e[1], e[0]))
    return [name for name, _ in evidence], sum(weight for _, weight in evidence)


def _name_evidence(record: DossierRecord, prepared: _Text) -> list[tuple[str, float]]:
    key = surname_key(record.achternaam or "")
    if not key:
        return []
    if key in prepared.surname_spans:
        result = [("achternaam exact", WEIGHTS["achternaam"])]
        spans = prepared.surname_spans[key]
    elif len(key) >= MIN_FUZZY_LENGTH:
        match = prepared.fuzzy_surname(key)
        if match is None:
            return []
        text_key, similarity = match
        result = [(f"achternaam fuzzy {similarity:.2f}", WEIGHTS["achternaam"] * similarity)]
        spans = prepared.surname_spans[text_key]
    else:
        return []
    first = _first_name_evidence(record.voornamen or "", spans, prepared.tokens)
    return result + ([first] if first else [])


def _first_name_evidence(
    voornamen: str, spans: list[list[Token]], tokens: list[Token]
) -> tuple[str, float] | None:
    """The best first-name evidence next to any occurrence of the surname."""
    names = [first_name_key(n) for n in voornamen.split()]
    names = [n for n in names if n]
    if not names:
        return None
    best: tuple[str, float] | None = None
    for span in spans:
        lo = max(0, span[0].index - FIRST_NAME_WINDOW)
        hi = span[-1].index + FIRST_NAME_WINDOW + 1
        around = tokens[lo : span[0].index] + tokens[span[-1].index + 1 : hi]
        for token in around:
            found = _first_name_match(token, names)
            if found and (best is None or found[1] > best[1]):
                best = found
    return best


def _first_name_match(token: Token, names: list[str]) -> tuple[str, float] | None:
    initials = token.initials
    if initials:
        if initials[0] == names[0][0]:
            return ("voorletter exact", WEIGHTS["voorletter"])
        return None
    word = first_name_key(token.text)
    if word in names:
        return ("voornaam exact", WEIGHTS["voornaam"])
    if len(word) >= MIN_FUZZY_LENGTH:
        match = process.extractOne(word, names, scorer=fuzz.ratio, score_cutoff=FUZZY_FIRST_NAME)
        if match is not None:
            similarity = match[1] / 100
            return (f"voornaam fuzzy {similarity:.2f}", WEIGHTS["voornaam"] * similarity)
    return None
