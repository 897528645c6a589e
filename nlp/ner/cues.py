"""Persons found by the words around them, where the newspaper-trained NER misses them.

Each finder yields (start, end) spans of names in `text`; nlp.ner.forms makes them one
PERSOON each (value as written), replacing the NER's pieces inside them.

1. `named_by_cue`: a name after a naming phrase ("noemt zich", "genaamd", "bekend als",
   "called himself", "my name is"), after a title ("meneer", "mevrouw", "Dr.") or between
   commas after a person noun ("de tolk, Hamid Rahimi, vertaalde");
2. `signature_names`: the name line after a closing ("Met vriendelijke groet," then
   "Femke Brink"), also a lone given name in lower case ("groetjes\\nnoor");
3. `lower_case_names`: a lower-case given name (and surname) after a family or
   neighbour word in informal text ("mijn buurman tamer", "haar oom idris toprak");
4. `extended_left`: an NER person widened over the given name, particle or kunya
   before it ("Kaur Dhillon" -> "Simran Kaur Dhillon", "Aalst" -> "Willemijn van Aalst",
   "Nasser" -> "Abu Nasser").

Every name word must look like a name: not a frequent word, greeting, label, place or
nationality; lower-case names must be given names of the lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from contract.records import Entity
from nlp.ner.gazetteer import load_freq_lists
from nlp.ner.guards import (
    NOT_A_NAME,
    STREET_SUFFIXES,
    city_names,
    function_words_all,
    region_names,
)
from nlp.ner.lists import common_words, world_places
from nlp.ner.rules import PARTICLES
from nlp.recognizers.nationality_data import ADJECTIVES

_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
_CAP_WORD = rf"[{_UP}][{_LO}'’]+(?:-[{_UP}]?[{_LO}'’]+)?|[{_UP}]{{2,}}"
_INITIALS = rf"[{_UP}]\.(?:[ \t]?[{_UP}]\.)*"
_PARTICLE = r"(?:van|de|der|den|el|al|bin|ben|ibn|da|dos|do|di|le|la|ter|ten|abu|abou|umm|oum)"
_NAME = (
    rf"(?:(?:{_INITIALS}|(?i:abu|abou|umm|oum)|{_CAP_WORD})[ \t]+)?"
    rf"(?:(?:{_PARTICLE}|(?i:{_PARTICLE}))[ \t-]+)*(?:{_CAP_WORD})"
    rf"(?:[ \t]+(?:(?i:{_PARTICLE})[ \t-]+)*(?:{_CAP_WORD})){{0,3}}"
)
_NAMING = (
    r"noem(?:t|de)(?:[ \t]+\w+){0,2}?[ \t]+zich(?: hier)?|noem(?:en|den) (?:hem|haar)|genaamd|"
    r"(?:de|onder|op) naam(?: van)?|the name|"
    r"(?:heet|heette)(?:[ \t]+(?:hij|zij|ze))?|bekend als|alias|bijnaam|"
    r"ik ben|ik heet|mijn naam is|"
    r"calls? (?:himself|herself)|called (?:himself|herself)|known as|named|"
    r"(?:my|his|her) name is|goes by"
)
_TITLES = r"meneer|mevrouw|de heer|dhr\.?|mevr\.?|mw\.?|Mr\.?|Mrs\.?|Ms\.?|Dr\.?"
_PERSON_NOUNS = (
    "collega|colleague|tolk|interpreter|manager|bemiddelaar|tussenpersoon|bewaker|guard|"
    "man|vrouw|echtgenoot|echtgenote|husband|wife|zoon|dochter|son|daughter|broer|zus|"
    "brother|sister|neef|nicht|cousin|oom|tante|uncle|aunt|vriend|vriendin|friend|buurman|"
    "buurvrouw|neighbour|neighbor|werkgever|employer|eigenaar|owner|chauffeur|driver|"
    "contactpersoon|begeleider|mentor|landlord|verhuurder|huisbaas"
)
# Cue words are searched in the lower-cased text (several times faster than (?i:) here),
# titles as written; the name is then matched in the text at the cue's end.
NAMING_CUE = re.compile(rf"\b(?:{_NAMING})[ \t]+[\"'“‘]?")
TITLE_CUE = re.compile(rf"\b(?:{_TITLES})[ \t]+")
APPOSITION = re.compile(rf"\b(?:{_PERSON_NOUNS})[ \t]*,[ \t]*")
NAME = re.compile(rf"(?P<name>{_NAME})")
NAME_IN_COMMAS = re.compile(rf"(?P<name>{_NAME})[ \t]*[,(]")
# The naming verb after the name: "die zich Amara noemt", 'die hij "Abu Salim" noemde'.
NAMED_BEFORE_VERB = re.compile(
    rf"(?:\bzich[ \t]+(?P<name>{_NAME})|[\"“](?P<quoted>{_NAME})[\"”])[ \t]+noem(?:t|de|en|den)\b"
)
_CLOSINGS = (
    r"met vriendelijke groet(?:en)?|vriendelijke groet(?:en)?|hartelijke groet(?:en)?|"
    r"groet(?:en|jes)?|mvg|hoogachtend|kind regards|best regards|regards|sincerely|"
    r"best|thanks|thank you|cheers|liefs"
)
SIGNATURE = re.compile(
    rf"(?im:^[ \t]*(?:{_CLOSINGS})[ \t]*[,.!]?[ \t]*\n(?:[ \t]*\n)*[ \t]*)"
    rf"(?P<name>{_NAME}|[{_LO}]{{3,}})[ \t]*$",
    re.MULTILINE,
)
_KIN = (
    "buurman|buurvrouw|oom|tante|neef|nicht|broer|zus|zwager|schoonzus|vriend|vriendin|"
    "collega|baas|zoon|dochter|vader|moeder|man|vrouw|meneer|mevrouw|ex|verloofde"
)
LOWER_KIN = re.compile(
    rf"\b(?:mijn|haar|zijn|hun|onze|ons|de|die)[ \t]+(?:{_KIN})[ \t]+"
    rf"(?P<name>[{_LO}]{{3,}}(?:[ \t]+(?:{_PARTICLE}[ \t]+)*[{_LO}]{{3,}})?)"
)


_KUNYA = ("abu", "abou", "umm", "oum")


@lru_cache(maxsize=65536)
def _word_ok(word: str) -> bool:
    """A word that may be part of a name: no greeting, label, stop, place, street,
    nationality or frequent word (unless the name lists know it well)."""
    bare = word.strip(".,'’\"“”‘").lower()
    if not bare or bare in PARTICLES or bare in _KUNYA or re.fullmatch(r"(?:[a-z]\.)+|[a-z]", bare):
        return True
    if bare in NOT_A_NAME or bare in function_words_all() or _nationality(bare):
        return False
    if bare in city_names() or bare in region_names() or bare.endswith((*STREET_SUFFIXES, "weg")):
        return False
    first, last, _ = load_freq_lists()
    if bare.title() in first or bare.title() in last:
        return True  # a name of the lists, also when a word or a town ("Rozen", "Toprak")
    return bare not in common_words() and bare not in world_places()


def _nationality(bare: str) -> bool:
    """ "syriër", "afghaan", "marokkaan": a person's origin, never a name."""
    return bare.endswith(("iër", "iërs")) or f"{bare}s" in _ADJECTIVES


_ADJECTIVES = frozenset(w.lower() for pair in ADJECTIVES for w in pair)


def _name_end(text: str, start: int, end: int) -> int | None:
    """Where the name in text[start:end] ends: before its first word that is no name
    word, without particles at its end; None when no name word is left."""
    last_good = None
    for m in re.finditer(r"[^ \t-]+", text[start:end]):
        word = m.group()
        if not _word_ok(word):
            break
        if word.lower() not in PARTICLES and word.lower() not in _KUNYA:
            last_good = start + m.end()
    return last_good


def _spans(pattern: re.Pattern, text: str) -> Iterator[tuple[int, int]]:
    for m in pattern.finditer(text):
        end = _name_end(text, m.start("name"), m.end("name"))
        if end is not None:
            yield m.start("name"), end


def named_by_cue(text: str) -> Iterator[tuple[int, int]]:
    lower = text.lower()
    if len(lower) != len(text):  # a letter that lower-cases to two ("İ"): search as written
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    cues = [(m.end(), NAME) for m in NAMING_CUE.finditer(lower)]
    cues += [(m.end(), NAME) for m in TITLE_CUE.finditer(text)]
    cues += [(m.end(), NAME_IN_COMMAS) for m in APPOSITION.finditer(lower)]
    for at, pattern in cues:
        m = pattern.match(text, at)
        if m is not None and (end := _name_end(text, m.start("name"), m.end("name"))):
            yield m.start("name"), end
    if "noem" in lower:
        for m in NAMED_BEFORE_VERB.finditer(text):
            group = "name" if m.group("name") else "quoted"
            if end := _name_end(text, m.start(group), m.end(group)):
                yield m.start(group), end


def signature_names(text: str) -> Iterator[tuple[int, int]]:
    first, _, _ = load_freq_lists()
    for start, end in _spans(SIGNATURE, text):
        name = text[start:end]
        if name.islower() and (name.title() not in first or name in common_words()):
            continue
        yield start, end


def lower_case_names(text: str) -> Iterator[tuple[int, int]]:
    """Lower-case given names after a family or neighbour word (a frequent word only when
    10+ people bear it as a given name); a second word only when it is a surname."""
    first, last, _ = load_freq_lists()
    for m in LOWER_KIN.finditer(text):
        words = m.group("name").split()
        given = words[0]
        bucket = first.get(given.title(), -1)
        if bucket < 0 or (bucket < 1 and given in common_words()) or not _word_ok(given):
            continue  # "zet", "ging": rare given names, but words first
        end = m.start("name") + len(given)
        tail = words[1:]
        if tail and tail[-1].title() in last and _word_ok(tail[-1]):
            end = m.end("name")
        yield m.start("name"), end


_BEFORE = re.compile(
    rf"(?:(?P<given>[{_UP}][{_LO}]+(?:[ \t]+[{_UP}][{_LO}]+)?)[ \t]+)?"
    rf"(?P<parts>(?:(?i:{_PARTICLE})[ \t]+)*)$"
)


def extended_left(text: str, entities: Iterable[Entity]) -> Iterator[tuple[int, int]]:
    """An NER person widened over a given name (with particles) or a kunya before it on
    its line ("Willemijn van" + "Aalst", "Simran" + "Kaur Dhillon", "Abu" + "Nasser")."""
    first, _, _ = load_freq_lists()
    for e in entities:
        if e.label != "PERSOON" or e.text[:1].islower():
            continue
        line = text[max(0, e.start - 40) : e.start].split("\n")[-1]
        m = _BEFORE.search(line)
        if m is None or not (m.group("given") or m.group("parts")):
            continue
        given, parts = m.group("given"), m.group("parts").split()
        kunya = [p for p in parts if p.lower() in ("abu", "abou", "umm", "oum")]
        names = given.split() if given else []
        if names and all(_given(n, first) for n in names):
            yield e.start - len(line) + m.start(), e.end
        elif names and _given(names[-1], first):
            yield e.start - len(line) + m.start() + given.rindex(names[-1]), e.end
        elif kunya and parts[0] == kunya[0] and kunya[0][:1].isupper():
            yield e.start - len(line) + m.start("parts"), e.end


def _given(word: str, first: dict[str, int]) -> bool:
    return word in first and _word_ok(word) and word.lower() not in common_words()
