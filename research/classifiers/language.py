"""Which language a text is mostly in, from its function words: cheap (no model), and
good enough to tell Dutch from English mail, which is all the cross-lingual experiment
(`research.classifiers.crosslingual`) needs to choose where e5 runs.

Function words are the most frequent words of a language and say nothing about the
content, so they do not leak a signal type; digits never count as words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_DUTCH = (
    "de het een en van in is dat die op te met voor zijn niet aan er om ook als bij "
    "maar nog wordt of uit naar dan heeft hij zij ze wij we ik je u mijn haar hun "
    "deze dit werd worden kan kunnen zou moet geen wel meer al over door tot hebben "
    "was waren wat wie waar omdat toen sinds hem hier daar graag"
)
_ENGLISH = (
    "the a an and of in is that to with for on are not be at as by but or from "
    "has have had was were will would can could should this these those he she "
    "they we i you my his her their our him them it its what who where which "
    "because since been there here into about than then when please"
)
FUNCTION_WORDS: Mapping[str, frozenset[str]] = {
    "nl": frozenset(_DUTCH.split()),
    "en": frozenset(_ENGLISH.split()),
}
WORD = re.compile(r"[^\W\d_]+")
UNKNOWN = "und"  # BCP 47's "undetermined"


def detect_language(text: str, *, min_hits: int = 3) -> str:
    """`nl`, `en`, or `und` when neither language has `min_hits` function words.

    Words both languages share ("in", "is", "we") count for both; the language with
    more hits wins, Dutch on a tie (the mailbox's own language).
    """
    hits = dict.fromkeys(FUNCTION_WORDS, 0)
    for word in WORD.findall(text.lower()):
        for language, words in FUNCTION_WORDS.items():
            hits[language] += word in words
    best = max(hits, key=lambda language: (hits[language], language == "nl"))
    return best if hits[best] >= min_hits else UNKNOWN
