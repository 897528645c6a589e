"""Normalised keys for person and organisation names, and the name n-grams of a text.

Keys are what the register is searched on (`DossierIndex.by_surname`,
`by_organisation_name`), so the store must compute them with these same functions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

# Dutch (and a few French/German) surname prefixes: left out of the key, so that
# "van der Berg", "Berg" and "v.d. Berg" meet. Arabic articles (el, al) are kept,
# because they are often written joined ("Elamrani").
# fmt: off
PARTICLES = frozenset({
    "van", "de", "der", "den", "het", "ten", "ter", "te", "t", "in", "op", "uit", "vd", "v",
    "von", "vom", "zu", "du", "la", "le", "d", "des",
})
# fmt: on
# Legal forms left out of organisation keys. "holding" is kept: "X Holding B.V."
# and "X B.V." are different legal persons.
LEGAL_FORMS = frozenset(["bv", "nv", "vof", "cv", "stichting", "ua", "ba", "wa", "io"])

# Letters NFKD does not decompose into a base letter plus accent.
_EXTRA_FOLD = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "æ": "ae", "œ": "oe", "ı": "i"}
)
_SPLIT = re.compile(r"[^a-z0-9]+")
# A word: letters/digits, may contain ' ’ - . & inside, may end with a dot ("B.V.", "dhr.").
_TOKEN = re.compile(r"[^\W_](?:[\w'’.&-]*[^\W_])?\.?")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case without accents: "Élodie Ğül Øster" -> "elodie gul oster"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.translate(_EXTRA_FOLD)


def words_of(name: str) -> list[str]:
    """Folded words of a name, dots dropped ("B.V." -> "bv"), split on everything else."""
    return _words(name)


def _words(name: str) -> list[str]:
    return [w for w in _SPLIT.split(fold(name).replace(".", "")) if w]


@lru_cache(maxsize=65536)
def surname_key(name: str) -> str:
    """Key of a surname: folded, particles dropped, "al" read as "el", no spaces or hyphens.

    "El Amrani", "el-Amrani" and "ELAMRANI" -> "elamrani"; "van der Berg", "Berg, van der"
    and "v.d. Berg" -> "berg".
    """
    if name.count(",") == 1:  # "Berg, van der" -> "van der Berg"
        surname, prefix = name.split(",")
        name = f"{prefix} {surname}"
    return surname_key_of_words(_words(name))


def surname_key_of_words(words: list[str]) -> str:
    """surname_key of a name already split by `words_of` (to key many n-grams fast)."""
    kept = ["el" if w == "al" else w for w in words if w not in PARTICLES]
    return "".join(kept or words)


@lru_cache(maxsize=65536)
def organisation_key(name: str) -> str:
    """Key of an organisation name: folded, legal forms and punctuation dropped, no spaces.

    "Bright Minds Consultancy B.V." and "bright-minds consultancy" -> "brightmindsconsultancy".
    """
    return organisation_key_of_words(_words(name))


def organisation_key_of_words(words: list[str]) -> str:
    return "".join(w for w in words if w not in LEGAL_FORMS)


@lru_cache(maxsize=65536)
def first_name_key(name: str) -> str:
    return "".join(_words(name))


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    index: int  # position in the text's token list

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper() or self.text[0].isdigit()

    @property
    def initials(self) -> str | None:
        """ "A." or "A.K." or "A" -> "a" / "ak"; None when the token is not initials."""
        if re.fullmatch(r"(?:[^\W\d_]\.)+|[^\W\d_]", self.text) and self.text[0].isupper():
            return fold(self.text.replace(".", ""))
        return None


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end(), i) for i, m in enumerate(_TOKEN.finditer(text))]


def segments(text: str, tokens: list[Token]) -> Iterator[list[Token]]:
    """Runs of tokens a name can span: broken by punctuation, newlines and sentence ends."""
    run: list[Token] = []
    for token in tokens:
        if run:
            gap = text[run[-1].end : token.start]
            previous = run[-1].text
            sentence_end = previous.endswith(".") and len(previous.replace(".", "")) > 3
            if gap.strip(" \t") or sentence_end:
                yield run
                run = []
        run.append(token)
    if run:
        yield run


def ngrams(text: str, tokens: list[Token], max_n: int) -> Iterator[list[Token]]:
    """Every run of 1..max_n consecutive tokens inside one segment."""
    for segment in segments(text, tokens):
        for i in range(len(segment)):
            for j in range(i + 1, min(i + max_n, len(segment)) + 1):
                yield segment[i:j]


# Transliteration-aware skeleton: spellings of one name in Latin script (Mohammed,
# Muhammad, Mohamed; Chalid, Khalid; Sjevtsjenko, Shevchenko; Öztürk, Oeztuerk) meet.
# Ordered: longer spellings first.
_SOUNDS = (
    ("tsch", "c"), ("tsj", "c"), ("tch", "c"), ("sch", "s"), ("sj", "s"), ("sh", "s"),
    ("kh", "h"), ("ch", "h"), ("gh", "g"), ("ph", "f"), ("th", "t"), ("dj", "j"),
    ("ou", "u"), ("oe", "u"), ("ue", "u"), ("ij", "i"), ("ck", "k"), ("q", "k"),
    ("x", "ks"), ("z", "s"), ("w", "v"), ("j", "i"), ("y", "i"), ("c", "k"), ("dt", "t"),
)  # fmt: skip
_VOWELS = frozenset("aeiou")


def phonetic_key_of_words(words: list[str]) -> str:
    """Consonant skeleton of a name: sounds merged, vowels after the first letter dropped,
    doubled letters once; a leading vowel reads as "a"."""
    text = "".join(words)
    for spelling, sound in _SOUNDS:
        text = text.replace(spelling, sound)
    if not text:
        return ""
    head = "a" if text[0] in _VOWELS else text[0]
    skeleton = head + "".join(c for c in text[1:] if c not in _VOWELS)
    return re.sub(r"(.)\1+", r"\1", skeleton)


@lru_cache(maxsize=65536)
def surname_phonetic_key(name: str) -> str:
    """phonetic_key of the surname key's words: "Al-Amrany" and "El Amrani" -> "almrn"."""
    if name.count(",") == 1:
        surname, prefix = name.split(",")
        name = f"{prefix} {surname}"
    words = ["el" if w == "al" else w for w in _words(name) if w not in PARTICLES] or _words(name)
    return phonetic_key_of_words(words)


@lru_cache(maxsize=65536)
def first_name_phonetic_key(name: str) -> str:
    return phonetic_key_of_words(_words(name))
