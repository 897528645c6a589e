"""Generated country names and nationality words, so masking cannot miss a country.

Country names come from CLDR (through Babel) in Dutch and English, for every
territory that is a country or a dependent territory, plus the nations inside states
that CLDR does not list (Schotland, Koerdistan, ...). Nationality adjectives and
demonyms are derived from each name by the rules of Dutch and English word formation
(Pakistan -> Pakistaans, Pakistaanse, Pakistaan; Kenia -> Keniaans; Schotland ->
Schots, Schotse; Japan -> Japanese), over-generating on purpose: a derived form that
is no word costs nothing, a missed one lets origin reach the classifier. The few
derived forms that are ordinary words are taken out again (`_ORDINARY_WORDS`).
Irregular forms (Afghaans, Bulgaars, Noors) stay in the hand list in `wordlists`.
"""

from __future__ import annotations

from functools import cache

from babel import Locale
from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP_WORDS
from spacy.lang.nl.stop_words import STOP_WORDS as NL_STOP_WORDS

# CLDR codes that are no country: the world, continents, unions, test codes, and
# uninhabited or research territories.
_NOT_COUNTRIES = frozenset(
    [
        "EU",
        "EZ",
        "UN",
        "QO",
        "XA",
        "XB",
        "ZZ",
        "AQ",
        "AC",
        "CP",
        "DG",
        "TA",
        "CQ",
        "BV",
        "HM",
        "UM",
        "IC",
        "EA",
        "GS",
        "TF",
        "IO",
    ]
)
# Nations and regions inside a state that name an origin as plainly as a country.
_NATIONS = """
Schotland Scotland Engeland England Wales Noord-Ierland Northern-Ireland
Koerdistan Kurdistan Tibet Tsjetsjenië Chechnya Dagestan Catalonië Catalonia
Baskenland Somaliland Darfur Tigray Kasjmir Kashmir Punjab Pendzjab Balochistan
Beloetsjistan Abchazië Abkhazia Transnistrië Transnistria Krim Crimea Gaza Westelijke-Jordaanoever
West-Bank Zanzibar Biafra Ogaden Oromia Kabylië Kabylia Papoea Papua Palestina Palestine
Hongkong Hong-Kong Macau Birma Burma
"""
# Irregular forms that no ending rule reaches: the nations above, and a few countries.
_IRREGULAR_WORDS = """
Welshe Russin Russinnen Guyaans Guyaanse Laotiaans Laotiaanse Laotiaan Laotianen Guatemalteeks
Guatemalteekse Guatemalteek
Guatemalteken Malagassisch Malagassische Malagassiër Malagasy Peruvian Peruvians Monegask
Monegaskische Cypriotisch Cypriotische Cyprioot Cyprioten Cypriot Cypriots Salvadoraans
Salvadoraanse Salvadorian Salvadoran Nieuw-Zeelands Nieuw-Zeelandse Nieuw-Zeelander
Schots Schotse Schotten Scottish Scot Scots Engels Engelse Engelsman Engelsen English
Welsh Welshman Noord-Iers Noord-Ierse Koerdisch Koerdische Koerd Koerden Kurdish Kurd Kurds
Tibetaans Tibetaanse Tibetaan Tibetanen Tibetan Tibetans Tsjetsjeens Tsjetsjeense Tsjetsjeen
Tsjetsjenen Chechen Chechens Catalaans Catalaanse Catalan Catalans Baskisch Baskische Bask
Basken Basque Basques Kasjmiri Kashmiri Punjabi Beloetsji Baluchi Balochi Abchazisch
Kabylisch Kabylische Kabyle Kabylen Papoea's Papuan Papuans Palestijn Palestijnen Palestijns
Palestijnse Palestinian Palestinians Gazaan Gazanen
"""
# Endings of nationality adjectives and demonyms, Dutch and English, applied to the
# bases of a name (`_bases`).
_SUFFIXES = tuple(
    str.split("""s se sch sche isch ische aans aanse iaans iaanse ees ese eese lees leese eens eense
    ijns ijnse itisch itische i ier iër iërs er ers ner ners aan anen iaan ianen ezen lezen
    enaar enaren eeër eeërs ijn ijnen en an ans ian ians ish ese ite ites ot ots ic""")
)
_MIN_BASE = 4  # shorter bases ("Ir" of Iran) would make ordinary words
_MIN_FORM = 5
# Derived forms that are ordinary Dutch or English words: never masked.
_ORDINARY_WORDS = frozenset(
    str.split("""spans chinas malts omans peruse guineas georgian jerseys turkeys jordans
    chilis canadas cubans niger nigers servers""")
)
_NEVER = _ORDINARY_WORDS | NL_STOP_WORDS | EN_STOP_WORDS  # "indien" (if) is no Indian
_LANGUAGES = ("nl", "en")


def _key(name: str) -> str:
    """Multi-word names are joined with hyphens, as masking joins words to look them up."""
    return "-".join(name.replace("’", "'").split())


@cache
def country_names() -> frozenset[str]:
    """Every country and territory in Dutch and English, plus nations inside states."""
    names: set[str] = set()
    for language in _LANGUAGES:
        territories = Locale(language).territories
        for code, name in territories.items():
            if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES:
                # "Myanmar (Burma)", "Hongkong SAR van China": both the name and its part
                for part in name.replace(")", "").split(" ("):
                    names.add(_key(part.removesuffix(" SAR van China").removesuffix(" SAR China")))
    names.update(_NATIONS.split())
    return frozenset(names)


def _bases(name: str) -> set[str]:
    """What the endings attach to: the name, without its last vowel, and without the
    endings Dutch and English drop (Syrië -> Syr-isch, Turkije -> Turk-s, Schotland ->
    Schot-s, Pakistan -> Pakist-aans, Kazachstan -> Kazach-s)."""
    lower = name.casefold()
    bases = {name}
    if lower[-1] in "aeiouyë":
        bases.add(name[:-1])
    for ending, cuts in (("ië", (2,)), ("ia", (2,)), ("ije", (3,)), ("land", (4,)),
                         ("stan", (2, 4)), ("an", (2,)), ("en", (2,)), ("ana", (3,)),
                         ("as", (2,))):  # fmt: skip
        if lower.endswith(ending):
            bases.update(name[: len(name) - cut] for cut in cuts)
    return {b for b in bases if len(b) >= _MIN_BASE}


def derived_forms(name: str) -> frozenset[str]:
    """Nationality adjectives and demonyms a country name may have (over-generated)."""
    last = name.split("-")[-1]
    head = name[: len(name) - len(last)]  # "Zuid-" of "Zuid-Afrika"
    forms: set[str] = set()
    for base in _bases(last):
        for suffix in _SUFFIXES:
            form = base + suffix
            if len(form) >= _MIN_FORM and form.casefold() not in _NEVER:
                forms.add(head + form)
    return frozenset(forms)


@cache
def nationality_words() -> frozenset[str]:
    """Derived adjectives and demonyms of every country name, and the nations' own."""
    words: set[str] = set(_IRREGULAR_WORDS.split())
    for name in country_names():
        words.update(derived_forms(name))
    return frozenset(words - country_names())
