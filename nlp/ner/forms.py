"""Person forms of IKP mail that the newspaper-trained NER misses, found by rule.

1. Register style "SURNAME, Given names" ("KRASNIQI, Arben", "TRAN, Thi Mai",
   "EL AMRANI, Mohamed"): one PERSOON, value as written (the contract's PERSOON value
   is the name as written), replacing the pieces the NER made of it.
2. A name after a person label ("Naam:", "Verdachte:", "Slachtoffer:", "Name:"):
   the capitalised words after the colon, with particles, initials and hyphens.

Both need name evidence from the lists the gazetteer reads (filenthropist frequencies),
so "IND, Den Haag" or "Betreft: Verzoek om informatie" stay what they are.
3. Names found by the words around them (nlp.ner.cues): naming phrases, titles,
   apposition, signatures, lower-case given names after a family word, and NER persons
   widened over the given name, particle or kunya before them.

`FINDERS` names each form; `with_forms(..., finders=...)` switches them for measuring.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from contract.records import Entity
from nlp.ner import cues
from nlp.ner.gazetteer import load_freq_lists, org_cue
from nlp.ner.guards import NOT_A_NAME, city_names, common_name, region_names

_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
_PART = r"(?:(?i:van|de|der|den|el|al|bin|ben|da|dos|do|di|le|la|ter|ten)[ \t]+)"
_CAPS = rf"[{_UP}][{_UP}'’]+(?:-[{_UP}][{_UP}'’]+)?"
_GIVEN = rf"[{_UP}][{_LO}'’]+(?:-[{_UP}][{_LO}'’]+)?"
INVERTED = re.compile(
    rf"(?<![\w,])(?P<sur>{_PART}*{_CAPS}(?:[ \t]+{_PART}*{_CAPS}){{0,2}}),[ \t]*"
    rf"(?P<given>{_GIVEN}(?:[ \t]+{_GIVEN}){{0,3}})(?!\w)"
)
# The same in title case ("Oosterhuis, Wilma", "De Bruijn, Femke"): list evidence on both sides.
INVERTED_TITLE = re.compile(
    rf"(?<![\w,] )(?<![\w,])(?P<sur>{_PART}*{_GIVEN}),[ \t]*"
    rf"(?P<given>{_GIVEN}(?:[ \t]+{_GIVEN}){{0,2}})(?![\w,])"
)
_INITIAL = rf"[{_UP}]\.(?:[ \t]?[{_UP}]\.)*"
_NAME_WORD = rf"(?:{_GIVEN}|{_CAPS}|{_INITIAL}|(?i:al|el)-{_GIVEN})"
_PERSON_LABELS = (
    "naam|volledige naam|naam betrokkene|betrokkene|verdachte|slachtoffer|melder|"
    "aanvrager|referent|echtgenoot|echtgenote|partner|vader|moeder|zoon|dochter|"
    "contactpersoon|name|full name|suspect|victim|"
    "applicant|sponsor|alias|bijnaam|a\\.k\\.a\\.|"
    "persoon|klant|cliënt|client|customer|werknemer|employee|huurder|tenant|passagier|passenger"
)
AFTER_LABEL = re.compile(rf"(?im:^[ \t>*-]*(?:{_PERSON_LABELS})[ \t]*:[ \t]*)$")
LABELLED = re.compile(
    rf"(?im:^[ \t>*-]*(?:{_PERSON_LABELS})[ \t]*:[ \t]*)"
    rf"(?P<name>{_NAME_WORD}(?:[ \t]+(?:{_PART}*){_NAME_WORD}){{0,4}})"
)


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[ \t.-]+", text) if w]


def _named(words: list[str]) -> bool:
    """Some word is a given name or surname of the lists, none an organisation cue."""
    first, last, _ = load_freq_lists()
    if any(org_cue(w) for w in words):
        return False
    return any(w in first or w.title() in last or w.title() in first for w in words)


def inverted_names(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each "SURNAME, Given names" that reads as a person."""
    _, last, _ = load_freq_lists()
    for m in INVERTED.finditer(text):
        caps = m.group("sur").split()[-1]
        given = m.group("given")
        bare = caps.lower()
        if bare in NOT_A_NAME or bare in region_names():
            continue
        if bare in city_names() and not common_name(caps):
            continue
        if len(caps) <= 4 and caps.title() not in last:  # IND, AVIM, COA: acronyms
            continue
        if given.lower() in city_names() or given.lower() in region_names():
            continue
        start = m.start()
        lead = re.match(r"(?:[a-z]+[ \t]+)+", m.group("sur"))
        if lead and re.search(r"[a-z][ \t]+$", text[max(0, start - 30) : start]):
            start += lead.end()  # "op naam van TOPRAK, Mert": "van" belongs to the sentence
        if _named(_words(m.group("sur")) + _words(given)) or AFTER_LABEL.search(
            text[max(0, start - 60) : start]
        ):
            yield start, m.end()


def inverted_title_names(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each "Surname, Given" whose surname and given name are in the lists."""
    first, last, _ = load_freq_lists()
    for m in INVERTED_TITLE.finditer(text):
        sur = _words(m.group("sur"))[-1]
        given = _words(m.group("given"))
        if sur.lower() in city_names() and not common_name(sur):
            continue
        if any(w.lower() in NOT_A_NAME or w.lower() in city_names() for w in given):
            continue
        g = first.get(given[0], -1)
        if last.get(sur, -1) >= 1 and g >= 1 and g >= last.get(given[0], -1):
            yield m.start(), m.end()


def labelled_names(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the name after a person label ("Naam: Dawit Tesfay")."""
    for m in LABELLED.finditer(text):
        words = _words(m.group("name"))
        if any(w.lower() in NOT_A_NAME for w in words):
            continue
        if m.group("name").lower() in city_names() or m.group("name").lower() in region_names():
            continue
        if _named(words):
            yield m.start("name"), m.end("name")


Finder = Callable[[str, list[Entity]], Iterable[tuple[int, int]]]
FINDERS: dict[str, Finder] = {
    "inverted": lambda text, _: inverted_names(text),
    "inverted_title": lambda text, _: inverted_title_names(text),
    "labelled": lambda text, _: labelled_names(text),
    "naming_cues": lambda text, _: cues.named_by_cue(text),
    "signatures": lambda text, _: cues.signature_names(text),
    "lower_case": lambda text, _: cues.lower_case_names(text),
    "extended_left": cues.extended_left,
}


def with_forms(
    text: str, entities: Iterable[Entity], finders: Iterable[str] = tuple(FINDERS)
) -> list[Entity]:
    """`entities` plus the rule-found persons; a rule span replaces the entities inside
    it and is skipped where an entity runs across its edge. `finders` (names of FINDERS)
    choose the forms, so each can be measured."""
    out = sorted(entities, key=lambda e: e.start)
    spans = sorted({span for name in finders for span in FINDERS[name](text, out)})
    for start, end in spans:
        inside = [e for e in out if e.start < end and start < e.end]
        if any(e.start < start or e.end > end for e in inside):
            continue
        if [(e.start, e.end, e.label) for e in inside] == [(start, end, "PERSOON")]:
            continue  # the NER found it already
        name = text[start:end]
        out = [e for e in out if e not in inside]
        out.append(Entity("PERSOON", name, name, start, end, "ner-form"))
    return sorted(out, key=lambda e: e.start)
