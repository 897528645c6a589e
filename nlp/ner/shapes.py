"""Shapes and neighbours that make a PERSOON span something else (used by nlp.ner.guards).

Each function reads the span's words (character offsets into `text`) and a few words
around it, and answers one question:

- `acronym`: a lone word of 2-5 capitals that the name lists hardly know ("IKP", "HR");
- `job_title`: a signature's job line ("Senior Case Officer", "Teamleider Inkoop");
- `firm`: a surname in a firm's name ("Smeulders & Van Houtum Advocaten");
- `hyphen_region`: "Noord-Brabant", "Midden-Limburg" (a compass word, a hyphen, a place);
- `place_here`: a city after a place word or label ("geboren te X", "uit X", "Woonplaats:"),
  or a city so large (BIG_CITY people) that only a name or title before it makes it a person.
"""

from __future__ import annotations

import re

from nlp.ner.gazetteer import load_freq_lists, org_cue
from nlp.ner.lists import big_cities, common_words, plain, world_places

Words = list[tuple[int, int]]
EDGE_PUNCT = ":;,.!?()[]\"'«»“”‘’<>|*-–—/"  # stripped from a word's ends
# A city of this many people is a place unless a name or title stands before it; chosen
# on the dev set (BENCHMARKS.md, issue 15): cities in the name lists ("Lima") are that big.
BIG_CITY = 1_000_000

_ACRONYM = re.compile(r"[A-Z]{2,5}")
_ROLE_TEXT = """officer manager adviseur advisor adviser consultant director directeur coordinator
coördinator specialist analyst analist engineer scientist liaison inspecteur inspector
medewerker medewerkster secretaris secretary assistant assistent voorzitter chairman
teamleider teamlead supervisor partner recruiter controller accountmanager projectleider
beleidsmedewerker jurist advocaat notaris rechercheur studieadviseur casemanager"""
ROLE_WORDS = frozenset(_ROLE_TEXT.split())
_ROLE_ENDS = ("adviseur", "medewerker", "manager", "officer", "coördinator", "inspecteur")
_COMPASS = re.compile(
    r"(?:Noord|Oost|Zuid|West|Midden|Noordoost|Noordwest|Zuidoost|Zuidwest|Centraal|"
    r"North|East|South|West|Central)-[A-Z][a-z]+"
)
_PLACE_BEFORE = re.compile(
    r"(?i:\b(?:in|uit|te|naar|nabij|richting|regio|provincie|stad|from|to|near|city|region|"
    r"born in|geboren in|geboren te)[ \t]+"
    r"|(?:geboorteplaats|woonplaats|verblijfplaats|plaats|place of birth|birthplace|city)"
    r"[ \t]*:[ \t]*)$"
)
_ROUTE_FROM = re.compile(r"(?i:\b(?:van|from)[ \t]+)$")
_ROUTE_TO = re.compile(r"(?i:[ \t]+(?:naar|to|via)\b)")
_TITLE_BEFORE = re.compile(
    r"(?i:\b(?:mr|mrs|ms|dr|dhr|mevr|mw|heer|meneer|mevrouw|sir|madam)\.?[ \t]+)$"
)


def bare_word(word: str) -> str:
    """The word without the punctuation at its ends, in lower case."""
    return word.strip(EDGE_PUNCT).lower()


def _word(text: str, span: tuple[int, int]) -> str:
    return text[span[0] : span[1]].strip(EDGE_PUNCT)


def named(word: str, at_least: int = 1) -> bool:
    """A given name or surname the lists know with some bearers (bucket >= at_least)."""
    first, last, _ = load_freq_lists()
    key = word.title() if word.isupper() else word
    return first.get(key, -1) >= at_least or last.get(key, -1) >= at_least


def _given(word: str) -> bool:
    """A given name of the lists that is no frequent word ("Efrem", not "Our")."""
    first, _, _ = load_freq_lists()
    return word in first and word.lower() not in common_words()


def acronym(text: str, words: Words) -> bool:
    """One word of 2-5 capitals that is no given name or surname of 10+ bearers ("IKP",
    "HR", "BW"); capitals that are names ("DEMIR", "TOPRAK") stay, and so do a writer's
    initials alone on a line or closing a bracket ("( JV )", ", JV )") and a surname in
    capitals that the text also writes beside a given name ("Efrem TESHOME ... TESHOME")."""
    if len(words) != 1:
        return False
    word = _word(text, words[0])
    if not _ACRONYM.fullmatch(word) or named(word):
        return False
    start, end = words[0]
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    if line.strip(" \t()[].,/") == word:
        return False  # initials alone
    beside = rf"([A-Z][a-z]+)[ \t]+{word}\b|\b{word}[ \t]+([A-Z][a-z]+)"
    if any(_given(m.group(1) or m.group(2)) for m in re.finditer(beside, text)):
        return False  # a surname in capitals written beside a given name in this text
    return not (text[line_start:start].rstrip().endswith(",") and text[end:].lstrip()[:1] == ")")


def job_title(text: str, words: Words) -> bool:
    """A job line: a role word inside the span after its first word ("Senior Case
    Officer", "Sales Account Manager"), or right after the span on its line, or before it
    alone before it on a line of its own when the span is no known name ("Teamleider
    Inkoop")."""
    bares = [bare_word(text[s:t]) for s, t in words]
    if any(b in ROLE_WORDS or b.endswith(_ROLE_ENDS) for b in bares[1:]):
        return True
    after = re.match(r"[ \t]+(\S+)", text[words[-1][1] : words[-1][1] + 40])
    if after and bare_word(after.group(1)) in ROLE_WORDS:
        return True
    # "Teamleider Inkoop" as a line of its own; "directeur Verhoeckx zei" is a person.
    line = text[max(0, words[0][0] - 40) : words[0][0]].split("\n")[-1].split()
    if len(line) != 1 or text[words[-1][1] :].split("\n", 1)[0].strip(" \t|,.") != "":
        return False
    role = bare_word(line[0])
    if role in ROLE_WORDS or role.endswith(_ROLE_ENDS):
        return not any(named(_word(text, w)) for w in words)
    return False


def firm(text: str, words: Words) -> bool:
    """A name joined by '&' to another, or followed by an organisation word on its line
    ("Verhoef & Lindeman Advocaten"): a firm, not a person."""
    start, end = words[0][0], words[-1][1]
    if re.match(r"[ \t]*&", text[end : end + 3]) or re.search(r"&[ \t]*$", text[start - 3 : start]):
        return True
    after = re.match(r"[ \t]+(\S+)", text[end : end + 40])
    return bool(after) and org_cue(bare_word(after.group(1)))


def hyphen_region(text: str, words: Words) -> bool:
    """A word like "Noord-Brabant" or "Zuidoost-Drenthe" in the span."""
    return any(_COMPASS.fullmatch(_word(text, w)) for w in words)


def written_as_place(text: str, words: Words) -> bool:
    """The span is a city of the world's lists, written as places are: each word in
    title case or capitals ("Zele", "ZELE"; not "ZEle", a name with a lost letter)."""
    whole = bare_word(text[words[0][0] : words[-1][1]])
    if whole not in world_places() and plain(whole) not in world_places():
        return False
    written = [_word(text, w) for w in words]
    return all(w.isupper() or not any(c.isupper() for c in w[1:]) for w in written)


def place_here(text: str, words: Words) -> bool:
    """A city of the world's lists after a place word or label ("te Sfax", "uit Kabul",
    "Geboorteplaats: Mosul") or between "van" and "naar" (a route), or a city of BIG_CITY
    people with no name or title before it ("Lima", "Karachi")."""
    if not written_as_place(text, words):
        return False
    whole = bare_word(text[words[0][0] : words[-1][1]])
    before = text[max(0, words[0][0] - 30) : words[0][0]]
    if _PLACE_BEFORE.search(before):
        return True
    after = text[words[-1][1] : words[-1][1] + 8]
    if _ROUTE_FROM.search(before) and _ROUTE_TO.match(after):
        return True  # "de rit van Bielefeld naar Ter Apel": "van" opens a route, not a name
    if len(words) != 1 or _TITLE_BEFORE.search(before):
        return False
    people = big_cities().get(whole) or big_cities().get(plain(whole), 0)
    prev = re.search(r"(\S+)[ \t]+$", before)
    return people >= BIG_CITY and not (prev and named(prev.group(1).strip(EDGE_PUNCT), 0))
