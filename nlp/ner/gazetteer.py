"""Name and place lists as a token feature for the NER's embedding layer.

The lists come from the installed `deduce` package (LGPL-3.0): read from its data
files at load time, never copied into this repository or into the shipped model.
We do not import deduce itself (that takes ~13 s); we only locate its package dir.

The component writes one feature string per token into `token.tag_` (no tagger
runs in this pipeline, so the slot is free); the tok2vec layer embeds "TAG" like
NORM or SHAPE, so the network learns how far to trust each list.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

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
def load_lists() -> dict[str, frozenset[str]]:
    """Feature code -> words: F first names, S surnames, P places (deduce + COUNTRIES)."""
    root = deduce_lookup_dir()
    lists = {code: set().union(*(_words(root / p) for p in ps)) for code, ps in _LISTS.items()}
    lists["P"] |= set(COUNTRIES)
    # Particles and articles ("De", "Van", "Den") start sentences too often to mean "name".
    interfix = (root / "names/lst_interfix/items.txt").read_text(encoding="utf-8").split()
    stop = {w.title() for w in interfix} | {"Het", "Sint", "St.", "Ter", "Ten"}
    return {code: frozenset(words - stop) for code, words in lists.items()}


def feature(word: str, lists: dict[str, frozenset[str]]) -> str:
    """'FS' for a word that is both a first name and a surname, '' when in no list."""
    if not word[:1].isupper():
        return ""  # lower-case words ("van", "de", "bakker") carry no name signal
    key = word.title() if word.isupper() and len(word) > 2 else word
    parts = [p for p in key.split("-") if p[:1].isupper()] if "-" in key else [key]
    return "".join(code for code, words in lists.items() if any(p in words for p in parts))


@Language.factory("ikp_gazetteer")
def make_gazetteer(nlp: Language, name: str) -> Gazetteer:
    return Gazetteer()


class Gazetteer:
    """Sets token.tag_ to the list membership code ('F', 'S', 'P', 'FS', ... or '')."""

    def __init__(self) -> None:
        self.lists = load_lists()
        self._cache: dict[str, str] = {}

    def __call__(self, doc: Doc) -> Doc:
        cache = self._cache
        for token in doc:
            text = token.text
            code = cache.get(text)
            if code is None:
                code = cache[text] = feature(text, self.lists)
                if len(cache) > 200_000:
                    cache.clear()
            if code:
                token.tag_ = "GAZ_" + code
        return doc
