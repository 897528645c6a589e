"""Persons in the styles IKP receives: a generated domain test of 1,000+ mentions.

Sentences come from templates per style (formal chain-partner mail, informal tips
without capitals, phone notes, signatures, forwarded headers, register lines,
English, letters, aliases and kunya, informal tips with family words); the names
are drawn with a fixed seed from the name lists the NER's gazetteer reads
(filenthropist's given names and surnames, frequent ones only), so every name is
fictional in this context and the set changes only with the seed.
The whole extractor with the shipped NER runs over it; PERSOON is scored as sets of
(sentence, value), like bench/devset.py, and no greeting, weekday, month, platform,
line word or place may come out as a person.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

import pytest

from nlp import EntityExtractor
from nlp.ner import load_source
from nlp.ner.gazetteer import load_freq_lists
from nlp.ner.guards import NOT_A_NAME

SEED = 15
COUNTRIES = ["Duitsland", "Turkije", "Marokko", "Eritrea", "Ghana", "Polen", "Syrië", "Irak"]
CITIES = ["Tilburg", "Rotterdam", "Utrecht", "Zwolle", "Apeldoorn", "Breda", "Arnhem", "Venlo"]
PLATFORMS = ["WhatsApp", "Facebook", "Telegram", "Instagram", "Marktplaats", "Snapchat"]
WEEKDAYS = ["Maandag", "Dinsdag", "Woensdag", "Donderdag", "Vrijdag"]
MONTHS = ["januari", "maart", "juni", "september", "november"]

# {P} a full name, {G} a given name, {I} "SURNAME, Given", {L}/{LG} lower-case full/given
# name, {T} two given names and a surname, {K} a kunya ("Abu Given"), {C} a country,
# {S} a city, {W} a platform, {D} a weekday, {M} a month.
STYLES: dict[str, list[str]] = {
    "formal": [
        "Geachte heer, mevrouw,\n\nNaar aanleiding van uw verzoek delen wij mee dat {P} "
        "sinds {M} op het adres staat ingeschreven, samen met {P}.\n\nMet vriendelijke groet,"
        "\n\n{P}\nTeamleider Vreemdelingenpolitie",
        "Goedemiddag,\n\nIn het onderzoek naar {P} is gebleken dat de referent, {P}, "
        "geen inkomen heeft.\n\nBijlage: uittreksel\n\nHoogachtend,\n{P}",
        "Beste collega,\n\nDe werkgever van {P} gaf aan dat hij via {W} werd benaderd door "
        "{P} uit {S}.\n\nGroet,\n{P}",
    ],
    "informal": [
        "hallo ik wil iets melden over {L} die woont bij ons in de straat met {LG} maar "
        "ze zijn niet echt getrouwd",
        "hoi\nmijn buurman {L} verhuurt kamers aan mensen uit {C} en {LG} int de huur",
        "{D} zag ik {L} weer bij het huis van {LG} in {S} ik vertrouw het niet",
    ],
    "phone": [
        "Gespreksnotitie {D}\nBeller: {P}\nMeldt dat {P} uit {C} via {W} werk aanbiedt.",
        "Telefoonnotitie: melder {P} belde over haar zwager {G} die sinds {M} in {S} is.",
    ],
    "signature": [
        "Met vriendelijke groet,\n\n{P}\nAdviseur Handhaving\nGemeente {S}",
        "Groeten,\n{P}\n{S}",
        "Mvg\n{G}",
    ],
    "forwarded": [
        "---------- Doorgestuurd bericht ---------\nVan: {P}\nVerzonden: {D} 3 {M} 2026\n"
        "Aan: IKP\nOnderwerp: melding over {P}\n\nZie hieronder de melding van {P}.",
        "Van: {I}\nAan: Meldpunt\nOnderwerp: {W} berichten\n\nIk stuur de berichten van {P} door.",
    ],
    "register": [
        "Naam: {I}\nGeboorteland: {C}\nWoonplaats: {S}",
        "Betrokkenen:\n- {I}\n- {I}\nBetreft: onderzoek {M}",
        "Verdachte: {P}\nSlachtoffer: {P}",
    ],
    "english": [
        "Dear colleague,\n\nWe received information that {P} and his brother {G} travelled "
        "via {C} to {S} on {D}.\n\nKind regards,\n{P}",
        "Hello,\n\nMy name is {P}. My husband {G} was contacted on {W} by {P}.\n\nThanks,\n{G}",
        "To whom it may concern,\n\nOur former tenant {T} left for {C} in {M}; the flat is "
        "now let to a man who calls himself {G}.\n\nBest regards,\n\n{P}",
    ],
    # Added for issue 15 (branch i15-names3): letters, aliases and kin words.
    "letter": [
        "{S}, 4 {M} 2026\n\nGeachte heer, mevrouw,\n\nMet deze brief vraag ik uw aandacht "
        "voor mijn schoonzus {T}. Zij verblijft sinds {M} bij {P} in {S}.\n\nHoogachtend,"
        "\n\n{P}",
        "Aan de IND\n\nBetreft: bezwaar namens {P}\n\nGeachte heer, mevrouw,\n\nNamens mijn "
        "cliënt maak ik bezwaar. Ook zijn broer {G} heeft verklaard dat meneer {P} in {C} "
        "werd vervolgd.\n\nMet vriendelijke groet,\n\n{P}\nadvocaat",
    ],
    "aliases": [
        "Volgens de getuige noemt de man zich {G}, maar in de opvang heette hij {K}.",
        'In het dossier staat {P}; op {W} gebruikt hij de naam "{K}".',
        "De tolk, {P}, vertaalde het gesprek met meneer {P} op {D}.",
    ],
    "informal_kin": [
        "hoi ik wil iets kwijt over mijn buurvrouw {LG} want haar neef {LG} woont daar "
        "ook maar staat nergens ingeschreven",
        "mijn oom {LG} heeft een bedrijfje in {S} en de jongens slapen boven",
    ],
}


@dataclass(frozen=True)
class Sample:
    style: str
    text: str
    persons: frozenset[str]  # values as written
    not_persons: frozenset[str]  # words that must never come out as PERSOON


def _names() -> tuple[list[str], list[str]]:
    first, last, _ = load_freq_lists()

    # The lists hold some titles and place words ("Mevr", "Ing"): not names for this test.
    def ok(w: str) -> bool:
        return w.isalpha() and len(w) > 2 and w.lower() not in NOT_A_NAME

    given = sorted(w for w, b in first.items() if b >= 2 and ok(w))
    surnames = sorted(w for w, b in last.items() if b >= 2 and ok(w))
    return given, surnames


def _fill(key: str, rng: random.Random, names: tuple[list[str], list[str]], sample: dict) -> str:
    """One placeholder's text; a person's value goes into sample["persons"], a word that
    must not become a person into sample["guarded"]."""
    given, surnames = names
    g, s = rng.choice(given), rng.choice(surnames)
    persons = {"P": f"{g} {s}", "G": g, "I": f"{s.upper()}, {g}", "L": f"{g} {s}".lower()}
    persons.update(LG=g.lower(), K=f"Abu {g}")
    if key == "T":  # drawn only here, so the other styles' names stay what they were
        persons["T"] = f"{g} {rng.choice(given)} {s}"
    if key in persons:
        sample["persons"].add(persons[key])
        return persons[key]
    pool = {"C": COUNTRIES, "S": CITIES, "W": PLATFORMS, "D": WEEKDAYS, "M": MONTHS}[key]
    word = rng.choice(pool)
    sample["guarded"].add(word)
    return word


def generate(n_per_template: int = 28, seed: int = SEED) -> list[Sample]:
    rng = random.Random(seed)
    names = _names()
    out: list[Sample] = []
    for style, templates in STYLES.items():
        for template in templates:
            for _ in range(n_per_template):
                sample: dict[str, set[str]] = {"persons": set(), "guarded": set()}
                text = re.sub(
                    r"\{(P|G|I|LG|L|T|K|C|S|W|D|M)\}",
                    lambda m, sample=sample: _fill(m.group(1), rng, names, sample),
                    template,
                )
                out.append(
                    Sample(style, text, frozenset(sample["persons"]), frozenset(sample["guarded"]))
                )
    return out


def _key(value: str) -> str:
    return " ".join(value.lower().replace(".", " ").split())


def test_generated_set_has_over_a_thousand_person_mentions_in_every_style() -> None:
    samples = generate()
    assert sum(len(s.persons) for s in samples) >= 1000
    assert {s.style for s in samples} == set(STYLES)
    assert generate() == samples  # the seed fixes the set


@pytest.fixture(scope="module")
def scored() -> dict[str, tuple[int, int, int]]:
    extractor = EntityExtractor()
    extractor.add_source(load_source())
    samples = generate()
    counts: dict[str, list[int]] = {}
    leaked: list[tuple[str, str]] = []
    for sample, found in zip(samples, extractor.pipe([s.text for s in samples]), strict=True):
        got = {_key(e.value) for e in found if e.label == "PERSOON"}
        gold = {_key(v) for v in sample.persons}
        c = counts.setdefault(sample.style, [0, 0, 0])
        c[0] += len(got & gold)
        c[1] += len(got - gold)
        c[2] += len(gold - got)
        leaked += [(sample.style, w) for w in sample.not_persons if _key(w) in got]
    assert leaked == []
    return {style: (tp, fp, fn) for style, (tp, fp, fn) in counts.items()}


@pytest.mark.slow
def test_persons_in_domain_styles_are_found_precisely(scored) -> None:
    tp = sum(c[0] for c in scored.values())
    fp = sum(c[1] for c in scored.values())
    fn = sum(c[2] for c in scored.values())
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print({s: c for s, c in scored.items()}, f"P {precision:.3f} R {recall:.3f}")
    assert precision >= 0.9
    assert recall >= 0.6
