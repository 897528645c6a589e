"""Neutral placeholders for origin, religion and names, before any feature is built.

The service must not profile: nationality, ethnicity and religion may not
influence a signal type. Masking them in the text (in fit and predict alike,
inside the model's pipeline) keeps them out of every n-gram, so a text about a
"Marokkaanse moslim" scores exactly like one about a "Duitse katholiek".
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from classifiers import wordlists

ORIGIN = "_herkomst_"  # nationality, ethnicity, religion
PLACE = "_land_"  # country, region or city abroad
NAME = "_naam_"  # a person's name
PLACEHOLDERS: tuple[str, ...] = (ORIGIN, PLACE, NAME)

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_MAX_PHRASE = max(  # longest multi-word entry: "Sint-Vincent-en-de-Grenadines"
    len(w.split("-")) for w in wordlists.PLACES | wordlists.ORIGIN_WORDS
)


@lru_cache(maxsize=65536)
def _key(word: str) -> str:
    """Lower case without accents and with one kind of apostrophe: the lookup form."""
    decomposed = unicodedata.normalize("NFKD", word.casefold().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _keys(words: Iterable[str]) -> frozenset[str]:
    return frozenset(_key(w) for w in words)


_HAND_ORIGIN_KEYS = _keys(
    wordlists.ORIGIN_WORDS | wordlists.RELIGION_WORDS | wordlists.ETHNICITY_WORDS
)
# Generated forms are looked up whole, never as the opening of a compound: they are
# over-generated, and "spaniër" must not mask every word that happens to start alike.
# A word that is a country and a people ("Polen", "Zweden") is a place: "uit Polen"
# must mask like "uit Schotland", or the placeholder itself would tell origins apart.
_PLACE_KEYS = _keys(wordlists.PLACES)
_HAND_ORIGIN_KEYS -= _PLACE_KEYS
_ORIGIN_KEYS = _HAND_ORIGIN_KEYS | (_keys(wordlists.GENERATED_ORIGIN_WORDS) - _PLACE_KEYS)
_MIN_STEM = 5
_STEMS: dict[str, str] = {
    **{k: PLACE for k in _PLACE_KEYS if len(k) >= 6 and "-" not in k},
    **{k: ORIGIN for k in _HAND_ORIGIN_KEYS if len(k) >= 6 and "-" not in k},
    **{k: ORIGIN for k in _keys(wordlists.SHORT_STEMS)},  # "Indiase", "Syriëganger"
}
# First words of hyphenated entries, which may be written as separate words.
_PHRASE_STARTS = frozenset(k.split("-")[0] for k in _ORIGIN_KEYS | _PLACE_KEYS if "-" in k)
_FIRST_NAME_KEYS = _keys(wordlists.FIRST_NAMES)
_CAPITALISED_ONLY_KEYS = _keys(wordlists.CAPITALISED_ONLY_NAMES)
_SURNAME_KEYS = _keys(wordlists.SURNAMES)
_TITLE_KEYS = _keys(wordlists.TITLES)
_PARTICLE_KEYS = _keys(wordlists.NAME_PARTICLES)


def sensitive_terms() -> frozenset[str]:
    """Every origin, religion and place term in lookup form (for tests and audits)."""
    return _ORIGIN_KEYS | _PLACE_KEYS


def compound_terms() -> frozenset[str]:
    """The terms that are masked also where they open a compound (no generated forms)."""
    return _HAND_ORIGIN_KEYS | _PLACE_KEYS | _keys(wordlists.SHORT_STEMS)


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int
    key: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", _key(self.text))

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def _phrase_category(phrase: str) -> str | None:
    """Placeholder for a multi-word entry ("verenigde-staten"), parts not looked at."""
    if phrase in _ORIGIN_KEYS:
        return ORIGIN
    return PLACE if phrase in _PLACE_KEYS else None


@lru_cache(maxsize=65536)
def _category(key: str) -> str | None:
    """Placeholder for a word, a hyphenated compound ("Turks-Nederlandse") or a compound
    that opens with a sensitive stem ("Syriëganger", "moskeevereniging")."""
    for candidate in (key, *key.split("-")):
        if candidate in _ORIGIN_KEYS:
            return ORIGIN
        if candidate in _PLACE_KEYS:
            return PLACE
        for length in range(_MIN_STEM, len(candidate)):
            stem = _STEMS.get(candidate[:length])
            if stem:
                return stem
    return None


def _is_name(token: _Token) -> bool:
    parts = token.key.split("-")
    if any(p in _FIRST_NAME_KEYS for p in parts):
        return token.capitalised or not any(p in _CAPITALISED_ONLY_KEYS for p in parts)
    return token.capitalised and any(p in _SURNAME_KEYS for p in parts)


def _adjacent(text: str, left: _Token, right: _Token) -> bool:
    """Only whitespace (or the dot of an initial or title) between two words of one name."""
    gap = text[left.end : right.start].strip()
    return gap == "" or (gap == "." and (len(left.text) == 1 or left.key in _TITLE_KEYS))


def _origin_and_places(tokens: list[_Token]) -> dict[int, tuple[int, str]]:
    """token index -> (number of tokens covered, placeholder), longest phrase first."""
    found: dict[int, tuple[int, str]] = {}
    i = 0
    while i < len(tokens):
        longest = _MAX_PHRASE if tokens[i].key.split("-")[0] in _PHRASE_STARTS else 1
        for size in range(min(longest, len(tokens) - i), 0, -1):
            if size == 1:
                category = _category(tokens[i].key)
            else:
                phrase = "-".join(t.key for t in tokens[i : i + size])
                category = _phrase_category(phrase)
            if category:
                found[i] = (size, category)
                i += size
                break
        else:
            i += 1
    return found


def _names(text: str, tokens: list[_Token]) -> set[int]:
    """Indices of tokens that belong to a person's name."""
    names: set[int] = set()
    for i, token in enumerate(tokens):
        starts_name = _is_name(token)
        after_title = token.key in _TITLE_KEYS
        if not (starts_name or after_title):
            continue
        if starts_name:
            names.add(i)
        # Extend over following capitalised words, initials and particles ("El", "van der").
        j, pending = i + 1, []
        while j < len(tokens) and j - i <= 5 and _adjacent(text, tokens[j - 1], tokens[j]):
            nxt = tokens[j]
            if nxt.key in _PARTICLE_KEYS and not nxt.text.isupper():
                pending.append(j)
            elif nxt.capitalised:
                names.update([*pending, j])
                pending = []
            else:
                break
            j += 1
    return names


@dataclass(frozen=True)
class MaskedText:
    """A masked text and how its spans map back to the original."""

    text: str
    original: str
    # (masked_start, masked_end, original_start, original_end) of each replacement
    replacements: tuple[tuple[int, int, int, int], ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that masked[start:end] came from."""
        return self._to_original(start, is_end=False), self._to_original(end, is_end=True)

    def _to_original(self, pos: int, *, is_end: bool) -> int:
        starts = [r[0] for r in self.replacements]
        k = bisect_right(starts, pos) - 1
        if k < 0:
            return pos
        _, m_end, o_start, o_end = self.replacements[k]
        if pos < m_end or (is_end and pos == m_end):
            return o_end if is_end else o_start
        return o_end + (pos - m_end)


def mask_with_offsets(text: str) -> MaskedText:
    """Mask `text` and keep the offsets needed to show reviewers the original words."""
    tokens = [_Token(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
    spans: list[tuple[int, int, str]] = []
    covered: set[int] = set()
    for i, (size, placeholder) in _origin_and_places(tokens).items():
        spans.append((tokens[i].start, tokens[i + size - 1].end, placeholder))
        covered.update(range(i, i + size))
    spans += [(tokens[i].start, tokens[i].end, NAME) for i in _names(text, tokens) - covered]
    spans.sort()

    # Merge neighbours with the same placeholder so "Mohammed El Amrani" and "Jan" agree.
    merged: list[tuple[int, int, str]] = []
    for start, end, placeholder in spans:
        joinable = ("", ".") if placeholder == NAME else ("",)  # "J.P." is one name
        if (
            merged
            and merged[-1][2] == placeholder
            and text[merged[-1][1] : start].strip() in joinable
        ):
            merged[-1] = (merged[-1][0], end, placeholder)
        else:
            merged.append((start, end, placeholder))

    pieces: list[str] = []
    replacements: list[tuple[int, int, int, int]] = []
    cursor = length = 0
    for start, end, placeholder in merged:
        pieces.append(text[cursor:start])
        length += start - cursor
        pieces.append(placeholder)
        replacements.append((length, length + len(placeholder), start, end))
        length += len(placeholder)
        cursor = end
    pieces.append(text[cursor:])
    return MaskedText("".join(pieces), text, tuple(replacements))


def mask_sensitive(text: str) -> str:
    """Replace nationality, ethnicity, religion, country and person names by placeholders."""
    return mask_with_offsets(text).text


def mask_many(texts: Iterable[str]) -> list[str]:
    """`mask_sensitive` over a batch: the first step of the classifier's pipeline."""
    return [mask_sensitive(t) for t in texts]
