"""Name and place lists as a token feature for the NER's embedding layer.

The lists come from installed packages, read from their data files at load time
and never copied into this repository or into the shipped model: `deduce`
(LGPL-3.0; we only locate its package dir, importing it takes ~13 s) and, for
`lists = "v2"`, `filenthropist` (MIT: 115k first names and 171k surnames with
frequencies, Dutch and Belgian places, countries). v2 also marks organisation cue
words ("gemeente", "ministerie", "vzw", "...dienst") with "O".

The component writes one feature string per token into `token.tag_` (no tagger
runs in this pipeline, so the slot is free); the tok2vec layer embeds "TAG" like
NORM or SHAPE, so the network learns how far to trust each list.
"""

from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from pathlib import Path

import numpy
from spacy.attrs import ORTH, TAG
from spacy.language import Language
from spacy.tokens import Doc

# Dutch names of countries and regions the signals mention; deduce lists only Dutch places.
_COUNTRY_TEXT = """Afghanistan Albanië Algerije Angola Argentinië Armenië Azerbeidzjan Bangladesh
Belarus België Bosnië Brazilië Bulgarije Cambodja Canada Chili China Colombia Congo Cuba
Curaçao Duitsland Egypte Eritrea Ethiopië Filipijnen Frankrijk Gambia Georgië Ghana
Griekenland Guinee India Indonesië Irak Iran Israël Italië Jemen Jordanië Kameroen Kenia
Koeweit Kosovo Kroatië Letland Libanon Liberia Libië Litouwen Macedonië Maleisië Mali
Marokko Mexico Moldavië Mongolië Myanmar Nederland Nepal Nigeria Oekraïne Oezbekistan
Oostenrijk Pakistan Palestina Peru Polen Portugal Roemenië Rusland Rwanda Senegal Servië
Sierra Leone Slowakije Slovenië Soedan Somalië Spanje Sri Lanka Suriname Syrië Tadzjikistan
Thailand Tsjechië Tunesië Turkije Uganda Venezuela Vietnam Zimbabwe Zweden Zwitserland
Aruba Bonaire Sint Maarten Europa Afrika Azië Amerika Engeland Ierland Schotland Hongarije
Denemarken Noorwegen Finland Japan Korea Dubai Qatar Saudi-Arabië Jamaica Haïti
Dominicaanse Republiek Verenigde Staten Koninkrijk Emiraten"""
COUNTRIES = _COUNTRY_TEXT.split()

_LISTS = {
    "F": ["names/lst_first_name"],
    "S": ["names/lst_surname"],
    "P": [
        "locations/lst_placename/lst_residence",
        "locations/lst_placename/lst_municipality",
        "locations/lst_placename/lst_province",
        "locations/lst_placename/lst_region",
    ],
}


def deduce_lookup_dir() -> Path:
    """Where the installed deduce keeps its lookup lists (raises if deduce is missing)."""
    spec = importlib.util.find_spec("deduce")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("nlp.ner reads its name lists from the 'deduce' package: pip install it")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "lookup" / "src"


def _words(path: Path) -> set[str]:
    """Capitalised words of every entry ('El Khattabi' -> El, Khattabi), minus exceptions."""
    items = (path / "items.txt").read_text(encoding="utf-8").splitlines()
    exc = path / "exceptions.txt"
    skip = set(exc.read_text(encoding="utf-8").splitlines()) if exc.exists() else set()
    out: set[str] = set()
    for item in items:
        if item in skip:
            continue
        for word in item.split():
            if len(word) > 1 and word[0].isupper():
                out.add(word)
    return out


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    """Particles and articles ("De", "Van", "Den") start sentences too often to mean "name"."""
    interfix = (deduce_lookup_dir() / "names/lst_interfix/items.txt").read_text(encoding="utf-8")
    return frozenset({w.title() for w in interfix.split()} | {"Het", "Sint", "St.", "Ter", "Ten"})


@lru_cache(maxsize=1)
def load_lists() -> dict[str, frozenset[str]]:
    """Feature code -> words: F first names, S surnames, P places (deduce + COUNTRIES)."""
    root = deduce_lookup_dir()
    lists = {code: set().union(*(_words(root / p) for p in ps)) for code, ps in _LISTS.items()}
    lists["P"] |= set(COUNTRIES)
    stop = _stopwords()
    return {code: frozenset(words - stop) for code, words in lists.items()}


# Words that name or end an organisation (Dutch and Belgian); lower-cased, whole words.
_ORG_CUES = """gemeente ministerie politie stichting vereniging bank partij universiteit
hogeschool ziekenhuis rechtbank hof raad bond unie fc club groep holding bedrijf bureau
instituut commissie kamer omroep dienst federatie fonds maatschappij coöperatie
agentschap inspectie belastingdienst kadaster ind uwv svb coa kvk nv bv vzw bvba cvba
vof gmbh ltd inc sa ag corp fractie regering kabinet senaat parlement krant academie
museum college brandweer marechaussee ggd rvdk ngo vn navo eu"""
ORG_CUES = frozenset(_ORG_CUES.split())
# Compounds ending in these are mostly organisations: "Belastingdienst", "Rabobank".
ORG_SUFFIXES = ("dienst", "bank", "partij", "bond", "raad", "maatschappij", "groep", "fonds")


def org_cue(word: str) -> bool:
    low = word.lower().strip(".")
    return low in ORG_CUES or any(low.endswith(x) and len(low) > len(x) + 2 for x in ORG_SUFFIXES)


def _bucket(freq: int, bounds: tuple[int, ...]) -> int:
    return sum(freq >= b for b in bounds)


def filenthropist_dir() -> Path:
    spec = importlib.util.find_spec("filenthropist")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("gazetteer lists v2 read 'filenthropist' data: pip install it")
    root = Path(next(iter(spec.submodule_search_locations)))
    return root / "pii_interface" / "data" / "gazetteers"


@lru_cache(maxsize=1)
def load_freq_lists() -> tuple[dict[str, int], dict[str, int], frozenset[str]]:
    """First names -> frequency bucket, surnames -> bucket, place words (filenthropist)."""
    root = filenthropist_dir()
    first = json.loads((root / "dutch_first_names.json").read_text(encoding="utf-8"))
    last = json.loads((root / "dutch_last_names.json").read_text(encoding="utf-8"))
    places = json.loads((root / "city_gazetteer.json").read_text(encoding="utf-8"))
    stop = _stopwords()
    f = {w: _bucket(n, (10, 100)) for w, n in first.items() if w not in stop}
    s = {w: _bucket(n, (10, 100, 1000)) for w, n in last.items() if w not in stop}
    keys = ("woonplaatsen", "gemeenten", "provinces", "belgian_cities", "countries")
    words = {w for k in keys for item in places[k] for w in item.split() if w[:1].isupper()}
    return f, s, frozenset(words - stop)


def feature_v2(word: str, lists: dict[str, frozenset[str]]) -> str:
    """v1 codes plus filenthropist frequency buckets ('f2', 's3'), places and 'O' cues."""
    cue = "O" if org_cue(word) else ""
    if not word[:1].isupper():
        return cue
    first, last, places = load_freq_lists()
    key = word.title() if word.isupper() and len(word) > 2 else word
    parts = [p for p in key.split("-") if p[:1].isupper()] if "-" in key else [key]
    code = feature(word, lists)
    fb = max((first[p] for p in parts if p in first), default=None)
    sb = max((last[p] for p in parts if p in last), default=None)
    code += "" if fb is None else f"f{fb}"
    code += "" if sb is None else f"s{sb}"
    if "P" not in code and any(p in places for p in parts):
        code += "P"
    return code + cue


def feature(word: str, lists: dict[str, frozenset[str]]) -> str:
    """'FS' for a word that is both a first name and a surname, '' when in no list."""
    if not word[:1].isupper():
        return ""  # lower-case words ("van", "de", "bakker") carry no name signal
    key = word.title() if word.isupper() and len(word) > 2 else word
    parts = [p for p in key.split("-") if p[:1].isupper()] if "-" in key else [key]
    return "".join(code for code, words in lists.items() if any(p in words for p in parts))


@Language.factory("ikp_gazetteer", default_config={"lists": "v1"})
def make_gazetteer(nlp: Language, name: str, lists: str) -> Gazetteer:
    return Gazetteer(lists)


class Gazetteer:
    """Sets token.tag_ to the list membership code ('F', 'S', 'P', 'FS', ... or '').

    `lists` is "v1" (deduce only; models trained before v2 load with it) or "v2".
    """

    def __init__(self, lists: str = "v1") -> None:
        if lists not in ("v1", "v2"):
            raise ValueError(f"unknown gazetteer lists {lists!r}")
        self.version = lists
        self.lists = load_lists()
        self.feature = feature_v2 if lists == "v2" else feature
        self._cache: dict[str, str] = {}

    def __call__(self, doc: Doc) -> Doc:
        # Word ids in, tag ids out, in one array: no Token objects (half this step's time).
        cache, strings = self._cache, doc.vocab.strings
        tags = numpy.zeros((len(doc), 1), dtype="uint64")
        for i, orth in enumerate(doc.to_array(ORTH).tolist()):
            tag = cache.get(orth)
            if tag is None:
                code = self.feature(strings[orth], self.lists)
                tag = cache[orth] = strings.add("GAZ_" + code) if code else 0
                if len(cache) > 200_000:
                    cache.clear()
            tags[i, 0] = tag
        if tags.any():
            doc.from_array([TAG], tags)
        return doc
