"""Propose dossier links for one text: find candidates, collect evidence, score.

Candidates come from the register through `DossierIndex`: exact identifiers in the
text (V-nummer, BSN, KvK, phone, e-mail, postcode), stated dates of birth, and
organisation names (ORGANISATIE entities and n-grams of the text that start and end
with a capital), and the weak-evidence keys of `linking.keys` (a name with a town, a
birth year or a street; an address), where the index keeps them. Names are not searched
on alone: a person is linked only with an identifier, a date of birth, a postcode, an
address, or a town, age or street besides the name (`sufficient`). Every candidate is
then checked against the whole text: a surname counts where the text has it with a
capital (exact on the surname key, else fuzzy with rapidfuzz >= 0.80 for keys of 5+
letters, else on the transliteration-aware phonetic key: Mohammed/Muhammad,
Chalid/Khalid, else one word of a longer surname), a first name or initial within
three words of it (either side, so "El Amrani, Ahmed" counts).
Contradictions are evidence too: the text states a date of birth, V-nummer, BSN or
KvK and the dossier holds another, or the text names a person and not this one.

Two scorers (see `research.linking.evaluate` for how they compare on generated mentions):

- B, the default: a logistic model over the evidence (`linking.scorer`), learned on
  generated pairs, so that scores are calibrated: a 0.9 is right about nine times
  in ten. Of k candidates with the same evidence none scores above 1/k.
- A, `additive_score`: min(0.99, sum of WEIGHTS), transparent but not calibrated
  (V_NUMMER 0.97, BSN 0.85, KVK 0.95, GEBOORTEDATUM 0.45, achternaam 0.35, ...).

At most `limit` links, none under MIN_SCORE (0.50). Nationality is never read.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz, process

from contract.records import DossierLink, DossierRecord, Entity
from contract.vocabulary import IDENTIFIER_KINDS
from linking.candidates import Candidate, Scorer
from linking.index import DossierIndex
from linking.keys import (
    address_towns,
    place_key,
    split_address,
    stated_addresses,
    stated_places,
    stated_years,
    street_names,
    text_keys,
)
from linking.names import (
    PARTICLES,
    Token,
    first_name_key,
    first_name_phonetic_key,
    ngrams,
    organisation_key,
    organisation_key_of_words,
    phonetic_key_of_words,
    surname_key,
    surname_key_of_words,
    surname_phonetic_key,
    tokenize,
    words_of,
)
from linking.scorer import logistic_scorer

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
    "achternaam fonetisch": 0.30,
    "voornaam fonetisch": 0.08,
    # Contradictions: the text states a value and the dossier holds another one.
    "V_NUMMER anders": -0.60,
    "BSN anders": -0.20,  # a reissued BSN is a reason to look twice, not to rule out
    "KVK anders": -0.60,
    "GEBOORTEDATUM anders": -0.45,
    "achternaam anders": -0.30,  # the text names a person, and not this one
    "voornaam anders": -0.10,  # the surname is there, with another first name
    # Weak evidence (issue 16): what tips give instead of numbers.
    "achternaam deel": 0.25,  # one word of a longer surname ("Costa" of "da Costa Pereira")
    "adres exact": 0.30,  # street and house number
    "straat exact": 0.15,
    "woonplaats exact": 0.10,
    "geboortejaar exact": 0.10,  # an age or "geboren in 1987"
    "voornaam los": 0.05,  # a given name on its own ("Fatima"), no surname
    "woonplaats anders": -0.05,  # the text names places, not this one
    "geboortejaar anders": -0.20,  # the text gives an age or year that does not fit
    "adres anders": -0.30,  # the text's street and number, in another town than it writes
}
MAX_SCORE = 0.99
MIN_SCORE = 0.50
# Possible links, shown to reviewers as pairs to judge: calibrated, so right about one
# time in five at the bottom of the band.
POSSIBLE_SCORE = 0.20
FUZZY_SURNAME = 80  # rapidfuzz ratio (0-100) for a surname key to count as a fuzzy match;
# 88 lost one mention in thirty to a single typo ("Tesraye" for Tesfaye is 0.86)
FUZZY_FIRST_NAME = 85
MIN_FUZZY_LENGTH = 5  # shorter keys ("Li", "Smit") must match exactly
SURNAME_MAX_TOKENS = 5  # "van der Berg-de Vries"
ORGANISATION_MAX_TOKENS = 6
FIRST_NAME_WINDOW = 3  # tokens before/after a surname where a first name or initial is sought
RIVAL_MARGIN = 0.05  # candidates within this much additive evidence count as rivals

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
    phonetic_spans: dict[str, list[list[Token]]]  # surname_phonetic_key -> where it occurs
    organisation_keys: set[str]  # of capitalised n-grams and ORGANISATIE entities
    persons: list[tuple[int, int]]  # (start, end) of PERSOON entities
    streets: set[str] = field(default_factory=set)  # street-name keys (linking.keys)
    addresses: set[tuple[str, str]] = field(default_factory=set)  # (street key, number)
    # the towns written right after each address ("Kerkpad 4 in Zwolle")
    address_towns: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    places: set[str] = field(default_factory=set)  # places stated as such ("in Zwolle")
    years: set[str] = field(default_factory=set)  # birth years from ages, "geboren in"
    single_names: set[str] = field(default_factory=set)  # one-word PERSOON entities, folded
    # Normalised identifier values per register column, read once (not per candidate).
    identifiers: dict[str, set[str]] = field(default_factory=dict)
    # Text names that exactly match some candidate's surname: they are not also
    # read as a misspelling of another candidate's name ("Jansen" is not "Janssen").
    explained: set[str] = field(default_factory=set)
    _fuzzy: dict[str, tuple[str, float] | None] = field(default_factory=dict)
    # First-name evidence per (given names, where the surname stands): namesakes that a
    # name with a town brings share both, and are read once.
    _first: dict[tuple[str, tuple[int, ...]], tuple[str, float] | None] = field(
        default_factory=dict
    )
    _by_length: dict[int, list[str]] | None = None

    def _in_person(self, span: list[Token]) -> bool:
        """Whether a misspelt surname may stand here: inside a PERSOON entity, when the
        text has any. Elsewhere a near match is a capitalised word at a sentence start or
        a town two letters from a surname; against a million rows, some namesake born on
        a date the text gives then carries that surname (three wrong links of the dev set
        at 1M rows, issue 16)."""
        return not self.persons or any(
            span[0].start < end and start < span[-1].end for start, end in self.persons
        )

    def fuzzy_surname(self, key: str) -> tuple[str, float] | None:
        """The text name most like `key` (ratio >= FUZZY_SURNAME), with its similarity."""
        if key not in self._fuzzy:
            if self._by_length is None:
                # Nor is a longer stretch around it ("P. Jansen" is no "Janssen" either).
                taken = {
                    t.index for k in self.explained for span in self.surname_spans[k] for t in span
                }
                self._by_length = {}
                for k in self.surname_spans.keys() - self.explained:
                    if any(
                        all(t.index not in taken for t in span) and self._in_person(span)
                        for span in self.surname_spans[k]
                    ):
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
    def of(cls, text: str, entities: Sequence[Entity], received: date | None = None) -> _Text:
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
        phonetic: dict[str, list[list[Token]]] = {}
        for gram in ngrams(text, tokens, SURNAME_MAX_TOKENS):
            if any(named[t.index] for t in gram) and (key := surname_key_of_words(words_in(gram))):
                spans.setdefault(key, []).append(gram)
                if len(key) >= MIN_FUZZY_LENGTH:
                    phonetic.setdefault(phonetic_key_of_words([key]), []).append(gram)
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
        persons = [(e.start, e.end) for e in entities if e.label == "PERSOON"]
        return cls(
            tokens,
            _birthdates(entities),
            spans,
            phonetic,
            org_keys,
            persons,
            streets=street_names(text),
            addresses=stated_addresses(entities),
            address_towns=address_towns(text, entities),
            places=stated_places(text, entities),
            years=stated_years(text, (), received),  # dates of birth count on their own
            single_names={
                key
                for e in entities
                if e.label == "PERSOON" and len(words := words_of(e.text)) == 1
                for key in (first_name_phonetic_key(words[0]),)
            },
            identifiers={
                kind: {_NORMALISE[kind](e.value) for e in entities if e.label == label}
                for kind, label in IDENTIFIER_KINDS.items()
            },
        )


def propose_links(
    text: str,
    entities: Sequence[Entity],
    index: DossierIndex,
    *,
    limit: int = 3,
    scorer: Scorer | None = None,
    min_score: float = MIN_SCORE,
    received: date | None = None,
) -> list[DossierLink]:
    """Dossiers the text is probably about, best first, at most `limit`, none under 0.50.

    `scorer` turns a candidate's evidence into its score; the default is the logistic
    model of `linking.scorer` (calibrated on generated pairs), `additive_score` the sum
    of WEIGHTS. `received` (when the text was written) turns ages into birth years.
    """
    proposed, _ = link_bands(
        text,
        entities,
        index,
        limit=limit,
        scorer=scorer,
        min_score=min_score,
        possible_limit=0,
        received=received,
    )
    return proposed


def link_bands(
    text: str,
    entities: Sequence[Entity],
    index: DossierIndex,
    *,
    limit: int = 3,
    scorer: Scorer | None = None,
    min_score: float = MIN_SCORE,
    possible_score: float = POSSIBLE_SCORE,
    possible_limit: int = 3,
    received: date | None = None,
    rejected: Collection[str] = (),
) -> tuple[list[DossierLink], list[DossierLink]]:
    """The proposed links (as `propose_links`) and, from the same candidates, the
    possible ones: the next best, at most `possible_limit`, scoring from `possible_score`
    up to the proposals' threshold, or beyond the proposals' `limit`. Reviewers judge
    the possible ones as pairs (issue 16: the uncertain band goes to clerical review).

    `rejected`: dossier ids a reviewer rejected for this text; never proposed or possible
    again. The other candidates keep the scores they have (their rivals included): one
    reviewer's no is not evidence for a namesake."""
    scorer = scorer or default_scorer()
    links = []
    for candidate in score_candidates(text, entities, index, received=received):
        evidence = tuple(name for name, _ in candidate.evidence)
        if candidate.record.dossier_id in rejected or not sufficient(evidence):
            continue
        score = round(min(MAX_SCORE, scorer(candidate)), 2)
        if score >= min(min_score, possible_score):
            links.append(
                DossierLink(candidate.record.dossier_id, score, evidence, candidate.record.soort)
            )
    links.sort(key=lambda link: (-link.score, link.dossier_id))
    proposed = [link for link in links if link.score >= min_score][:limit]
    rest = [link for link in links if link not in proposed and link.score >= possible_score]
    return proposed, rest[:possible_limit]


def additive_score(candidate: Candidate) -> float:
    """Approach A: the sum of the evidence weights (WEIGHTS)."""
    return candidate.additive


def default_scorer() -> Scorer:
    return logistic_scorer()


def score_candidates(
    text: str, entities: Sequence[Entity], index: DossierIndex, *, received: date | None = None
) -> list[Candidate]:
    """Every candidate with evidence, the evidence sorted strongest first."""
    prepared = _Text.of(text, entities, received)
    records = _candidates(text, entities, prepared, index, received).values()
    prepared.explained = {
        key
        for r in records
        if r.soort == "persoon"
        and (key := surname_key(r.achternaam or "")) in prepared.surname_spans
    }
    candidates = []
    for record in records:
        evidence = _evidence(record, entities, prepared)
        if any(weight > 0 for _, weight in evidence):
            candidates.append(Candidate(record, evidence))
    _read_household_and_side_parties(candidates, entities, prepared)
    for soort in ("persoon", "organisatie"):  # a person is no rival to a company
        same = [c for c in candidates if c.record.soort == soort]
        totals = sorted(c.additive for c in same)
        for c in same:
            c.rivals = len(totals) - bisect_left(totals, c.additive - RIVAL_MARGIN) - 1
    return candidates


# A stated value that another person in the text holds is that person's, not a conflict.
_HELD_BY_OTHERS = {
    "V_NUMMER anders": "v_nummer",
    "BSN anders": "bsn",
    "GEBOORTEDATUM anders": "geboortedatum",
}
_NAMED = ("achternaam exact", "achternaam fuzzy", "achternaam fonetisch", "achternaam deel")
_GIVEN = ("voornaam exact", "voornaam fuzzy", "voornaam fonetisch")


def _read_household_and_side_parties(
    candidates: list[Candidate], entities: Sequence[Entity], prepared: _Text
) -> None:
    """Evidence that depends on the other candidates. A surname beside the given name of
    one of several candidates with that surname is not the others' ("voornaam anders").
    A tip about a couple or with a witness states the V-nummer or date of birth of one of
    them: for the other that value is no contradiction, when every value of that kind in
    the text belongs to another candidate the text names (by another name: a namesake
    with the same names keeps the contradiction)."""
    named = [c for c in candidates if any(n.startswith(_NAMED) for n, _ in c.evidence)]
    # "HORBAN, Bohdan" beside a household of Horban: the others are named otherwise.
    given = {
        surname_key(c.record.achternaam or "")
        for c in named
        if any(n.startswith(_GIVEN) for n, _ in c.evidence)
    }
    for c in named:
        lines = [n for n, _ in c.evidence]
        if surname_key(c.record.achternaam or "") in given and not any(
            n.startswith((*_GIVEN, "voorletter", "voornaam anders")) for n in lines
        ):
            c.evidence.append(("voornaam anders", WEIGHTS["voornaam anders"]))
    # Per column, who (by name) holds each value: built once, not per candidate and pair.
    holders: dict[str, dict[object, set[tuple[str, str]]]] = {}
    for c in candidates:
        for line, column in _HELD_BY_OTHERS.items():
            if line not in (n for n, _ in c.evidence):
                continue
            if column not in holders:
                holders[column] = {}
                for other in named:
                    by_value = holders[column].setdefault(_value(other.record, column), set())
                    by_value.add(_person_name(other.record))
            stated = _stated(column, entities, prepared)
            name = _person_name(c.record)
            if stated and all(holders[column].get(v, set()) - {name} for v in stated):
                c.evidence = [(n, w) for n, w in c.evidence if n != line]


def _stated(column: str, entities: Sequence[Entity], prepared: _Text) -> set[object]:
    if column == "geboortedatum":
        return set(prepared.birthdates)
    label = IDENTIFIER_KINDS[column]
    return {_NORMALISE[column](e.value) for e in entities if e.label == label}


def _value(record: DossierRecord, column: str) -> object:
    value = getattr(record, column)
    return _NORMALISE[column](value) if value and column in _NORMALISE else value


def _person_name(record: DossierRecord) -> tuple[str, str]:
    first = (record.voornamen or "").split()
    return surname_key(record.achternaam or ""), first_name_key(first[0]) if first else ""


_IDENTIFYING = frozenset(
    ["V_NUMMER exact", "BSN exact", "KVK exact", "EMAIL exact", "TELEFOON exact"]
)


def sufficient(evidence: Iterable[str]) -> bool:
    """Whether evidence can single out a dossier at all, whatever a scorer makes of it: an
    identifier, an organisation name, or a person's name (not beside another first name)
    with a date of birth, postcode or address; a surname and given name with a place, a
    birth year or a street; a surname with a street, or with a birth year and a place; a
    given name alone with the exact address. A name, date of birth or postcode alone
    never links."""
    lines = set(evidence)
    if lines & _IDENTIFYING or "naam organisatie exact" in lines:
        return True
    # A surname with another first name beside it is a namesake unless a number says so.
    named = "voornaam anders" not in lines and any(
        e.startswith("achternaam") and e != "achternaam anders" for e in lines
    )
    if named and lines & {"GEBOORTEDATUM exact", "POSTCODE exact", "adres exact"}:
        return True
    given = any(e.startswith(_GIVEN) for e in lines)
    if named and given and lines & {"woonplaats exact", "geboortejaar exact", "straat exact"}:
        return True
    if named and ("straat exact" in lines or {"geboortejaar exact", "woonplaats exact"} <= lines):
        return True
    return "voornaam los" in lines and "adres exact" in lines


def _candidates(
    text: str,
    entities: Sequence[Entity],
    prepared: _Text,
    index: DossierIndex,
    received: date | None,
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
    by_names = getattr(index, "by_organisation_names", None)  # one query, where offered
    if by_names is not None:
        add(by_names(sorted(prepared.organisation_keys)))
    else:
        for key in sorted(prepared.organisation_keys):
            add(index.by_organisation_name(key))
    # Weak evidence last, where the index keeps it, and only for the names and addresses
    # no dossier found so far carries: the rest would only bring namesakes.
    by_keys = getattr(index, "by_keys", None)
    if by_keys is not None:
        named = [
            r
            for r in found.values()
            if r.soort == "persoon" and surname_key(r.achternaam or "") in prepared.surname_spans
        ]
        if keys := text_keys(text, entities, received, named):
            add(by_keys(keys))
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


def _evidence(
    record: DossierRecord, entities: Sequence[Entity], prepared: _Text
) -> list[tuple[str, float]]:
    evidence: list[tuple[str, float]] = []
    for kind, label in IDENTIFIER_KINDS.items():
        register_value = getattr(record, kind)
        if not register_value:
            continue
        if not (stated := prepared.identifiers[kind]):
            continue
        if _NORMALISE[kind](register_value) in stated:
            evidence.append((f"{label} exact", WEIGHTS[label]))
        elif f"{label} anders" in WEIGHTS:
            evidence.append((f"{label} anders", WEIGHTS[f"{label} anders"]))
    if record.geboortedatum and prepared.birthdates:
        if record.geboortedatum in prepared.birthdates:
            evidence.append(("GEBOORTEDATUM exact", WEIGHTS["GEBOORTEDATUM"]))
        else:
            evidence.append(("GEBOORTEDATUM anders", WEIGHTS["GEBOORTEDATUM anders"]))
    if record.soort == "persoon" and record.achternaam:
        names = _name_evidence(record, prepared)
        if not names and (alone := _given_name_alone(record, prepared)):
            names = [alone]
        if not names and prepared.persons:
            names = [("achternaam anders", WEIGHTS["achternaam anders"])]
        evidence.extend(names)
    if record.soort == "persoon":
        evidence.extend(_place_evidence(record, prepared))
    if record.naam and organisation_key(record.naam) in prepared.organisation_keys:
        evidence.append(("naam organisatie exact", WEIGHTS["naam organisatie"]))
    evidence.sort(key=lambda e: (-e[1], e[0]))
    return evidence


def _given_name_alone(record: DossierRecord, prepared: _Text) -> tuple[str, float] | None:
    """A given name of the record written as a person's whole name ("Fatima")."""
    names = {first_name_phonetic_key(n) for n in (record.voornamen or "").split()}
    if names & prepared.single_names:
        return ("voornaam los", WEIGHTS["voornaam los"])
    return None


def _place_evidence(record: DossierRecord, prepared: _Text) -> list[tuple[str, float]]:
    """Address, street, place and birth year: what a tip says instead of numbers."""
    found: list[tuple[str, float]] = []
    address = split_address(record.adres or "")
    city = place_key(record.woonplaats or "")
    if address and address in prepared.addresses:
        towns = prepared.address_towns.get(address)
        # the same street and number in another town than the text writes with it
        different = bool(towns and city and city not in towns)
        found.append(
            ("adres anders", WEIGHTS["adres anders"])
            if different
            else ("adres exact", WEIGHTS["adres exact"])
        )
    elif address and address[0] in prepared.streets:
        found.append(("straat exact", WEIGHTS["straat exact"]))
    if city and city in prepared.places:  # named as a place, not inside any capitalised words
        found.append(("woonplaats exact", WEIGHTS["woonplaats exact"]))
    elif city and prepared.places:
        found.append(("woonplaats anders", WEIGHTS["woonplaats anders"]))
    if record.geboortedatum and prepared.years and not prepared.birthdates:
        if str(record.geboortedatum.year) in prepared.years:
            found.append(("geboortejaar exact", WEIGHTS["geboortejaar exact"]))
        else:
            found.append(("geboortejaar anders", WEIGHTS["geboortejaar anders"]))
    return found


def _name_evidence(record: DossierRecord, prepared: _Text) -> list[tuple[str, float]]:
    key = surname_key(record.achternaam or "")
    if not key:
        return []
    if key in prepared.surname_spans:
        result = [("achternaam exact", WEIGHTS["achternaam"])]
        spans = prepared.surname_spans[key]
    elif len(key) >= MIN_FUZZY_LENGTH and (match := prepared.fuzzy_surname(key)):
        text_key, similarity = match
        result = [(f"achternaam fuzzy {similarity:.2f}", WEIGHTS["achternaam"] * similarity)]
        spans = prepared.surname_spans[text_key]
    elif len(key) >= MIN_FUZZY_LENGTH and (
        found := [
            span
            for span in prepared.phonetic_spans.get(
                surname_phonetic_key(record.achternaam or ""), []
            )
            # Another transliteration is about as long: "Een jong" is not "de Jong".
            if (text_key := surname_key_of_words(words_of(" ".join(t.text for t in span))))
            not in prepared.explained
            and abs(len(text_key) - len(key)) <= 2
        ]
    ):
        result = [("achternaam fonetisch", WEIGHTS["achternaam fonetisch"])]
        spans = found
    elif parts := _surname_part_spans(record.achternaam or "", prepared):
        result = [("achternaam deel", WEIGHTS["achternaam deel"])]
        spans = parts
    else:
        return []
    where = (record.voornamen or "", tuple(t.index for span in spans for t in (span[0], span[-1])))
    if where not in prepared._first:
        prepared._first[where] = _first_name_evidence(where[0], spans, prepared.tokens)
    first = prepared._first[where]
    if first is None and record.voornamen and _named_with_other_words(spans, prepared):
        first = ("voornaam anders", WEIGHTS["voornaam anders"])
    return result + ([first] if first else [])


def _surname_part_spans(surname: str, prepared: _Text) -> list[list[Token]]:
    """Where the text has one word of a surname of several ("Costa", "Pereira" of
    "da Costa Pereira"), four letters or more, not read as another candidate's name."""
    words = [w for w in words_of(surname) if w not in PARTICLES and w != "el"]
    if len(words) < 2:
        return []
    return [
        span
        for w in words
        if len(w) >= 4 and w not in prepared.explained
        for span in prepared.surname_spans.get(w, [])
    ]


def _named_with_other_words(spans: list[list[Token]], prepared: _Text) -> bool:
    """Whether a PERSOON entity holding the surname has words besides it (a first name
    or initial, and, as no first-name evidence was found, not this person's)."""
    for span in spans:
        lo, hi = span[0].start, span[-1].end
        for start, end in prepared.persons:
            if start <= lo and hi <= end and (lo - start > 1 or end - hi > 1):
                return True
    return False


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
        # Given names written in parts ("Abd al-Rahman" for Abdulrahman), read as one.
        before = tokens[lo : span[0].index]
        for n in (2, 3):
            if len(before) >= n:
                parts = before[-n:]
                joined = "".join(t.text for t in parts)
                around.append(Token(joined, parts[0].start, parts[-1].end, parts[0].index))
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
    if len(word) >= 3 and first_name_phonetic_key(word) in {
        first_name_phonetic_key(n) for n in names
    }:
        return ("voornaam fonetisch", WEIGHTS["voornaam fonetisch"])
    return None
