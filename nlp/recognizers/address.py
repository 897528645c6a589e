"""ADRES: a Dutch street name with a street suffix, then a house number and addition.

Precise rather than complete: the street word must end in a known suffix
("Kerkstraat", "Van Goghlaan", "2e Hugo de Grootstraat") or start with a street
type followed by a name ("Laan van Meerdervoort"). Names without a suffix
("Weena", "Rapenburg") are missed on purpose; a trained NER may add them later.
The value is the text as written with whitespace normalised.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from nlp.recognizers.base import Candidate, Context

SUFFIXES = (
    "straat", "laan", "weg", "plein", "gracht", "kade", "singel", "dijk", "hof", "steeg",
    "pad", "dreef", "markt", "park", "plantsoen", "burgwal", "wal", "haven", "kanaal",
    "baan", "boulevard", "erf", "allee", "promenade", "passage", "hoeve", "veld", "poort",
    "vliet", "wetering", "straatje", "laantje", "pleintje", "dwarsstraat", "straatweg",
)  # fmt: skip
# Capitalised words that start sentences or name the field, never a street.
STOP_WORDS = (
    "Het", "Een", "In", "Op", "Aan", "Bij", "Te", "Naar", "Via", "Uit", "Met", "Voor", "Na",
    "Sinds", "Tot", "En", "Of", "Maar", "Hij", "Zij", "Ik", "Wij", "We", "Ze", "U", "Mijn",
    "Zijn", "Haar", "Hun", "Ons", "Onze", "Uw", "Dit", "Dat", "Deze", "Die", "Adres",
    "Woonadres", "Postadres", "Bezoekadres", "Huisadres", "Correspondentieadres", "Woont",
    "Wonende", "Woonachtig", "Verblijft", "Dhr", "Mevr", "Mevrouw", "Meneer", "Heer", "Naam",
    "Betreft", "Onderwerp", "Locatie", "Ingeschreven", "Gevestigd", "Vestiging", "Kantoor",
    "Pand", "Woning", "Huis", "Nummer", "Tel", "Telefoon", "Gemeente", "Plaats", "Ook", "Nu",
    "Toen", "Daar", "Hier", "Geen", "Alle", "Al", "Per", "Vanaf", "Tussen", "Tegenover",
)  # fmt: skip
STREET_TYPES = ("Laan", "Plein", "Weg", "Kade", "Dreef", "Singel", "Hof", "Park", "Dijk", "Wal")

_UP = r"(?:IJ|[A-ZÀ-ÖØ-Þ])"
_LOW = r"[a-zß-öø-ÿ'’]"
_CAP = rf"{_UP}{_LOW}*(?:-{_UP}?{_LOW}+)*"
_STOP = rf"(?!(?:{'|'.join(STOP_WORDS)})\b)"
_PARTICLE = r"(?:van|de|der|den|het|'t|ter|ten|la|le|du|des)"
_ABBREV = rf"{_UP}{_LOW}{{0,4}}\."  # "St.", "Burg.", "Dr.": short words only, not "Utrecht."
_FIRST = rf"(?:\d{{1,2}}e|{_STOP}(?:{_ABBREV}|{_CAP}))"
_MID = rf"(?:{_PARTICLE}|{_STOP}(?:{_ABBREV}|{_CAP}))"
_STREET_WORD = rf"{_UP}{_LOW}*?(?:{'|'.join(SUFFIXES)})"
_SUFFIXED = rf"(?:{_FIRST}\s+(?:{_MID}\s+){{0,3}})?{_STREET_WORD}"
_TYPED = (
    rf"(?:{'|'.join(STREET_TYPES)})\s+(?:van|der|de|den|op|naar|voor|achter|over)\s+"
    rf"(?:(?:de|der|den|het|'t)\s+)?{_CAP}(?:\s+{_CAP})?"
)
_NUMBER = r"[1-9]\d{0,4}"
_ADDITION = (
    r"(?:\s?-\s?(?:bis|hs|huis|bg|boven|[IVX]{1,4}|[A-Za-z]{1,2}|\d{1,3})"
    r"|[A-Za-z]"
    r"|[ \t](?:bis|hs|bg|huis|zwart|[A-Z]|I{1,3}|IV)"
    r"|[ \t][1-9][ \t]?(?:hoog|hg))?"
)
_ADDRESS = re.compile(
    rf"(?<![\w-])(?:{_SUFFIXED}|{_TYPED})[ \t]+{_NUMBER}{_ADDITION}(?![\w-]|[.,]\d|\s?%)"
)


class AddressRecognizer:
    name = "address"
    labels = ("ADRES",)

    def find(self, text: str, ctx: Context) -> Iterator[Candidate]:
        for m in _ADDRESS.finditer(text):
            value = " ".join(m.group().split())
            yield Candidate("ADRES", m.start(), m.end(), value, 0.7, False, self.name)
