"""Precision guards after the NER: words that are never a person on their own.

The CNN learnt persons from newspaper text; in mail it reads a capitalised word at
the start of a line as a name ("Goedemiddag", "Bijlage", "WhatsApp", "Herat"). These
rules run on the NER's entities (after `ikp_ner_rules` and `ikp_doc_consistency`):

1. words that open or close a span and are greetings, closings, label words or
   common nouns that start a line, weekdays, months or platform/app names are cut
   off ("Beste Ahmed" -> "Ahmed", "Naam: Okello" -> "Okello"); a PERSOON left with
   nothing is dropped;
2. a PERSOON that is all place (a country or region, or a city of the place lists)
   becomes LOCATIE, unless its word is also a common given name or surname;
3. a PERSOON of three or more words ending in a city is cut before the city
   ("Samuel Okello Tilburg" -> "Samuel Okello");
4. a PERSOON with an organisation's legal form (B.V., GmbH, ...) is an ORGANISATIE;
5. a PERSOON that is a city of the world's place lists (GeoNames, nlp.ner.lists) and
   no word of the name lists becomes LOCATIE ("Herat", "Tripoli");
6. a one-word PERSOON that is a frequent Dutch or English word (wordfreq, nlp.ner.lists)
   and no given name or frequent surname is dropped ("Kennis", "Logistics"), and so is
   one whose every word is ("Senior Policy Officer");
7. context: a code with a digit run, a month beside a number ("May 2026"), a stop word
   opening a sentence before a lower-case word ("Wil je ...") is no person;
8. shapes and neighbours (nlp.ner.shapes): a city after a place word or label, or a
   very large one, becomes LOCATIE, and so does a hyphenated region ("Noord-Brabant");
   acronyms, job lines and firms ("Verhoef & Lindeman") are no person.

Each guard is a flag of `PersonGuard`, so bench/devset runs can measure what each adds.
Place lists are read at load time from the packages the gazetteer already reads
(deduce, filenthropist) plus Babel's Dutch and English country and region names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from contract.records import Entity
from nlp.ner import shapes
from nlp.ner.gazetteer import (
    _LISTS,
    COUNTRIES,
    deduce_lookup_dir,
    filenthropist_dir,
    load_freq_lists,
    org_cue,
)
from nlp.ner.lists import common_words
from nlp.ner.rules import LEGAL_FORMS, PARTICLES
from nlp.ner.shapes import EDGE_PUNCT, bare_word

_GREETINGS = """beste geachte hoi hallo hey hi hello dear goedemorgen goedemiddag goedenavond
goedendag dag welkom groet groeten groetjes gegroet mvg mvrgr vriendelijke hartelijke
hoogachtend gr grt met regards kind best sincerely yours cheers thanks thank bedankt dank
alvast graag namens salaam salam"""
_LINE_WORDS = """bijlage bijlagen gegevens betreft onderwerp naam namen datum adres telefoon
tel mobiel mail e-mail email kenmerk referentie ref melding tip opmerking opmerkingen
toelichting verdachte betrokkene betrokkenen slachtoffer melder aanvrager referent
nationaliteit geboortedatum geboorteplaats woonplaats postcode bsn v-nummer vnummer
cc bcc subject verzonden doorgestuurd forwarded fw fwd wg
notitie gespreksnotitie samenvatting aanleiding conclusie advies vraag antwoord
bericht afzender ontvanger handtekening alias bijnaam
wachtmeester hoofdagent agent rechercheur inspecteur medewerker medewerkster beller
adviseur studieadviseur teamleider coördinator casemanager officer beheerder
ra msc bsc llm mba phd"""
# Titles before a name; the contract's PERSOON value is without honorifics.
_TITLE_WORDS = "mr mrs ms miss sir madam meneer mevrouw heer dhr mevr mw drs dr ir ing prof"
_WEEKDAYS = """maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
monday tuesday wednesday thursday friday saturday sunday"""
_MONTHS = """januari februari maart april mei juni juli augustus september oktober november
december feb mrt apr jun jul aug sep sept okt nov dec january february march june
july august october"""
_PLATFORMS = """facebook whatsapp instagram telegram signal snapchat tiktok twitter linkedin
marktplaats youtube gmail hotmail outlook google skype viber messenger tinder badoo
airbnb booking.com bol.com paypal tikkie teams zoom imo wechat discord reddit
vinted uber bolt iphone android"""

NOT_A_NAME = frozenset(
    " ".join((_GREETINGS, _LINE_WORDS, _WEEKDAYS, _MONTHS, _PLATFORMS, _TITLE_WORDS)).split()
)
_CODES = frozenset(["nl", "uk", "eu", "usa", "vs"])
# Street and building words: "Paul Krugerlaan", "Hoefkade" are addresses, not persons.
STREET_SUFFIXES = ("laan", "straat", "kade", "plein", "gracht", "singel", "steeg")
# Header labels that are also name words ("Van", "Aan", "To"): only with their colon.
_HEADER_LABELS = "van aan to from re aw sent cc datum"
HEADER_LABELS = frozenset(_HEADER_LABELS.split())
_WORD = re.compile(r"\S+")


def _not_a_name(word: str, leading: bool = True) -> bool:
    """A word that is no part of a name at this edge of a span; stop words only lead
    ("When", "Hello"): at the end they are surnames as often ("De Wilde", "Allen")."""
    bare = bare_word(word)
    return (
        bare in NOT_A_NAME
        or (leading and _function_word(word.strip(EDGE_PUNCT)))
        or (word.endswith(":") and bare in HEADER_LABELS)
    )


def _function_word(word: str) -> bool:
    """A stop word, not an initial ("A.", "I."), code ("BE") or common name ("Frans")."""
    if len(word) < 2 or word.isupper():
        return False
    return word.lower() in function_words() and not common_name(word)


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Dutch and English stop words (spaCy's lists) that capitalise at a sentence start
    ("When", "Wil", "However"), and nationality or language words ("Syriër",
    "Kurdish"); name particles (de, van, al, ...) excluded."""
    from babel import Locale
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.nl.stop_words import STOP_WORDS as NL

    from nlp.recognizers.nationality_data import ADJECTIVES

    words = {w.lower() for w in EN | NL}
    words |= {w.lower() for pair in ADJECTIVES for w in pair}
    words |= {n.lower() for loc in ("nl", "en") for n in Locale(loc).languages.values()}
    return frozenset(words - PARTICLES - {w.lower() for w in _TITLES_KEEP})


# Stop words that are also common given names: never cut as a function word.
_TITLES_KEEP = ("Will", "May", "Bill", "Mark", "Bob", "Ben", "Jan")


@lru_cache(maxsize=1)
def region_names() -> frozenset[str]:
    """Countries and world regions in Dutch and English (Babel's CLDR names) plus the
    gazetteer's own country list; lower-cased whole names ("sierra leone")."""
    from babel import Locale

    names = {n.lower() for loc in ("nl", "en") for n in Locale(loc).territories.values()}
    names |= {c.lower() for c in COUNTRIES}
    return frozenset(names)


@lru_cache(maxsize=1)
def city_names() -> frozenset[str]:
    """Dutch and Belgian places, municipalities, provinces and regions as whole names,
    lower-cased ("anna paulowna", not "anna"): deduce's and filenthropist's lists."""
    root = deduce_lookup_dir()
    names: set[str] = set()
    for paths in _LISTS["P"]:
        names |= set((root / paths / "items.txt").read_text(encoding="utf-8").splitlines())
    places = json.loads((filenthropist_dir() / "city_gazetteer.json").read_text(encoding="utf-8"))
    for key in ("woonplaatsen", "gemeenten", "provinces", "belgian_cities"):
        names |= set(places[key])
    return frozenset(n.strip().lower() for n in names if n.strip())


def common_name(word: str) -> bool:
    """A word that is also a frequent given name or surname ("Beek", "Haag" are both)."""
    first, last, _ = load_freq_lists()
    key = word.title() if word.isupper() else word
    return first.get(key, 0) >= 2 or last.get(key, 0) >= 3


@dataclass(frozen=True)
class PersonGuard:
    """Callable `(text, entities) -> entities`; each flag switches one guard."""

    edges: bool = True
    places: bool = True
    trailing_place: bool = True
    legal_form: bool = True
    common_words: bool = True
    world_places: bool = True
    context: bool = True
    place_context: bool = True
    regions: bool = True
    acronyms: bool = True
    job_titles: bool = True
    firms: bool = True

    def __call__(self, text: str, entities: Iterable[Entity]) -> list[Entity]:
        out: list[Entity] = []
        for e in entities:
            if e.label == "PERSOON":
                e = self._person(text, e)
            if e is not None:
                out.append(e)
        return out

    def _person(self, text: str, e: Entity) -> Entity | None:
        words = [(m.start() + e.start, m.end() + e.start) for m in _WORD.finditer(e.text)]
        if self.legal_form and any(text[s:t] in LEGAL_FORMS for s, t in words):
            return replace(e, label="ORGANISATIE")
        if self.edges:
            while words and _not_a_name(text[slice(*words[0])]):
                words.pop(0)
            while words and (
                _not_a_name(w := text[slice(*words[-1])], leading=False)
                or bare_word(w) in PARTICLES
                or not any(c.isalnum() for c in w)  # an emoji or a dash after the name
            ):
                words.pop()
            if not words or not any(c.isalpha() for s, t in words for c in text[s:t]):
                return None
            if len(words) == 1 and (
                len(bare := bare_word(text[slice(*words[0])])) == 1 or bare in _CODES
            ):
                return None  # a lone initial or "NL", "UK": no name on its own
            if _demonym(text[slice(*words[-1])]):
                return None
        if self.regions and shapes.hyphen_region(text, words):
            return _span(text, e, words, "LOCATIE") if len(words) == 1 else None
        if self.place_context and (
            shapes.place_here(text, words) or _city_after_country(text, words)
        ):
            return _span(text, e, words, "LOCATIE")
        if (
            (self.acronyms and shapes.acronym(text, words))
            or (self.job_titles and shapes.job_title(text, words))
            or (self.firms and shapes.firm(text, words))
        ):
            return None
        if self.places:
            whole = bare_word(text[words[0][0] : words[-1][1]])
            if whole in region_names():
                return _span(text, e, words, "LOCATIE")
            one = text[words[0][0] : words[0][1]].strip(EDGE_PUNCT)
            if len(words) == 1 and whole in city_names() and not common_name(one):
                return _span(text, e, words, "LOCATIE")
        if self.world_places and _world_place(text, words):
            return _span(text, e, words, "LOCATIE")
        if self.common_words and len(words) == 1 and _common_word(text[slice(*words[0])]):
            return None
        if self.common_words and len(words) > 1 and all(_common_word(text[s:t]) for s, t in words):
            return None  # a job title or subject line ("Senior Policy Officer")
        if self.context and _not_a_person_here(text, words):
            return None
        if self.places:
            last = text[slice(*words[-1])].strip(EDGE_PUNCT)
            if last.lower().endswith(STREET_SUFFIXES) and not common_name(last):
                return _span(text, e, words, "LOCATIE")
        if self.legal_form and any(
            _org_word(text[s:t])
            and (i == 0 or bare_word(text[slice(*words[i - 1])]) not in PARTICLES)
            for i, (s, t) in enumerate(words)
        ):
            return _span(text, e, words, "ORGANISATIE")
        if self.trailing_place and len(words) >= 3:
            last = bare_word(text[slice(*words[-1])])
            before = bare_word(text[slice(*words[-2])])
            if (last in city_names() or last in region_names()) and before not in PARTICLES:
                words.pop()
        return _span(text, e, words, e.label)


# Organisation words beyond the gazetteer's cues (which the model was trained with).
_ORG_EXTRA_TEXT = """recherche parket directie advocaten advocatenkantoor accountants consultancy
migratierecht informatieknooppunt afdeling team unit meldpunt servicelijn loket helpdesk"""
_ORG_EXTRA = frozenset(_ORG_EXTRA_TEXT.split())


def _org_word(word: str) -> bool:
    bare = bare_word(word)
    if common_name(word.strip(EDGE_PUNCT)):
        return False
    return org_cue(bare) or bare in _ORG_EXTRA or bare.endswith(("parket", "knooppunt"))


def _world_place(text: str, words: list[tuple[int, int]]) -> bool:
    """The span is a city of the world's lists ("Herat", "Al Hoceima") and none of its
    words is in the name lists at all: many towns are surnames too ("Clinton", "Cairo")."""
    if not shapes.written_as_place(text, words):
        return False
    first, last, _ = load_freq_lists()
    keys = [text[s:t].strip(EDGE_PUNCT) for s, t in words]
    return not any(k in first or k in last or k.title() in last for k in keys)


_COUNTRY_COMMA = re.compile(r"(\S+)[ \t]*,[ \t]*$")


def _city_after_country(text: str, words: list[tuple[int, int]]) -> bool:
    """A city of the world's lists right after a country and a comma ("Duitsland, Keulen")."""
    if not shapes.written_as_place(text, words):
        return False
    found = _COUNTRY_COMMA.search(text[max(0, words[0][0] - 40) : words[0][0]])
    return bool(found) and bare_word(found.group(1)) in region_names()


def _common_word(word: str) -> bool:
    """A frequent Dutch or English word ("Kennis", "Gezin", "Logistics") that the name
    lists do not know as a given name nor as a frequent surname (1000+ bearers).
    Codes in capitals ("AD", "BE") are initials as often: left alone."""
    key = word.strip(EDGE_PUNCT)
    if len(key) < 3 or key.isupper() or key.lower() not in common_words():
        return False
    first, last, _ = load_freq_lists()
    return key not in first and last.get(key, -1) < 3


_DIGITS = re.compile(r"\d{3}")
_MONTH_NAMES = frozenset(["may", "june", "april", "march", "august"])
_NEXT_WORD = re.compile(r"[ \t]+([a-zß-ÿ]+)")
_DATE_NUMBER = re.compile(r"\d{1,4}\b")
# "since May", "in June", "vanaf April": a month after a word that opens a time.
_MONTH_BEFORE = re.compile(
    r"(?i:\b(?:since|in|from|until|till|by|early|late|mid|end|of"
    r"|sinds|vanaf|tot|eind|begin|medio)[ \t]*)$"
)
_NEXT_CAPITAL = re.compile(r"[ \t]+([A-Z][a-z]+)\b")
_WEEKDAY_SET = frozenset(_WEEKDAYS.split())


def _not_a_person_here(text: str, words: list[tuple[int, int]]) -> bool:
    """Readings the span's neighbours rule out: a code with a digit run ("PL1500-..."),
    a month beside a number or after a word that opens a time ("3 May", "May 2026",
    "since May"), a word before a weekday ("Goede Vrijdag"), a stop word that opens a
    sentence before a lower-case word ("Wil je ...", "Will you ...")."""
    if any(_DIGITS.search(text[s:t]) for s, t in words):
        return True
    if len(words) != 1:
        return False
    start, end = words[0]
    word = text[start:end].strip(EDGE_PUNCT)
    before = text[max(0, start - 6) : start].rstrip()
    after = text[end : end + 6].lstrip()
    if word.lower() in _MONTH_NAMES and (
        _DATE_NUMBER.match(after) or re.search(r"\d\.?$", before) or _MONTH_BEFORE.search(before)
    ):
        return True
    if (nxt_word := _NEXT_CAPITAL.match(text, end)) and nxt_word.group(1).lower() in _WEEKDAY_SET:
        return True  # "Goede Vrijdag", "Witte Donderdag": a day's name, not a person
    line = text[max(0, start - 40) : start].rstrip(" \t")  # a short look back, not the text
    opens = not line or line.endswith(("\n", ".", "!", "?"))
    nxt = _NEXT_WORD.match(text, end)
    return opens and word.lower() in function_words_all() and nxt is not None


@lru_cache(maxsize=1)
def function_words_all() -> frozenset[str]:
    """Dutch and English stop words, names among them ("Wil", "Will", "May")."""
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.nl.stop_words import STOP_WORDS as NL

    return frozenset(w.lower() for w in EN | NL) - PARTICLES


def _demonym(word: str) -> bool:
    """'Syriër', 'Iraniër': a person of a country, never one person's name."""
    bare = word.strip(EDGE_PUNCT)
    return len(bare) > 4 and bare.lower().endswith(("iër", "iërs"))


def _span(text: str, e: Entity, words: list[tuple[int, int]], label: str) -> Entity:
    start, end = words[0][0], words[-1][1]
    while end > start and text[end - 1] in EDGE_PUNCT and text[end - 1] != ".":
        end -= 1
    while start < end and text[start] in EDGE_PUNCT:
        start += 1
    if (start, end, label) == (e.start, e.end, e.label):
        return e
    value = text[start:end]
    return Entity(label, value, value, start, end, e.source)
