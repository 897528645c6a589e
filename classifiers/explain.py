"""`why`: the phrases of the original text that pushed a signal type's score up."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP_WORDS
from spacy.lang.nl.stop_words import STOP_WORDS as NL_STOP_WORDS

from classifiers.masking import PLACEHOLDERS, MaskedText

# Words that say nothing to a reviewer on their own (still used as features): spaCy's
# Dutch and English stop-word lists, plus titles and mail courtesies. A cited n-gram
# needs at least one word outside this set, so "in een" or "hij er" is never a reason.
_FUNCTION_WORDS = frozenset(
    {
        *NL_STOP_WORDS,
        *EN_STOP_WORDS,
        *str.split(
            """dhr mevr mw meneer mevrouw heer mr mrs ms sir madam dear beste geachte groet
        groeten vriendelijke regards kind best hallo hello hi bedankt dank thanks thank
        graag please zie see re fw fwd aan wij"""
        ),
    }
)
_NEGATIONS = frozenset({"niet", "geen", "nooit", "not", "no", "never", "nor"})
_MIN_CONTENT_LENGTH = 3  # "nr", "ca": two letters carry no meaning for a reviewer
_SENTENCE_BREAK = re.compile(r"\n|[.!?]\s+[A-Z]")  # a line or sentence ends between
_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # the vectoriser's default token pattern


def is_content_word(word: str) -> bool:
    """A word that can explain a score to a reviewer: no stop word, number or placeholder."""
    mixed = any(c.isdigit() for c in word) and any(c.isalpha() for c in word)  # "1F", "3a"
    return (
        (len(word) >= _MIN_CONTENT_LENGTH or mixed)
        and not word.isdigit()
        and word not in _FUNCTION_WORDS
        and not any(p in word for p in PLACEHOLDERS)
    )


def why_phrases(
    coef: np.ndarray,
    x_row: Any,
    masked: MaskedText,
    names: np.ndarray,
    normalise: Callable[[str], str],
    limit: int,
) -> tuple[str, ...]:
    """The original phrases whose word n-grams pushed a score up the most, at most `limit`.

    `coef` are the type's word-feature coefficients, `x_row` the text's word features
    (sparse row), `names` the n-gram of each feature, `normalise` the vectoriser's
    preprocessor.
    """
    coef = np.ravel(coef)[: x_row.shape[1]]
    contributions = x_row.data * coef[x_row.indices]
    ranked = sorted(zip(contributions, x_row.indices, strict=True), reverse=True)

    tokens = [(m.start(), m.end(), normalise(m.group())) for m in _TOKEN.finditer(masked.text)]
    words = [t[2] for t in tokens]
    # token start, token end, contribution, has a content word
    spans: list[tuple[int, int, float, bool]] = []
    cited: list[str] = []  # n-grams already cited; their parts add nothing
    for contribution, index in ranked:
        if contribution <= 0 or len(spans) >= 4 * limit:
            break
        gram = names[index].split(" ")
        if (
            any(p in g for g in gram for p in PLACEHOLDERS)
            or any(g.isdigit() for g in gram)
            or (len(gram) == 1 and not is_content_word(gram[0]))
            or any(f" {names[index]} " in f" {chosen} " for chosen in cited)
        ):
            continue
        cited.append(names[index])
        for j in range(len(words) - len(gram) + 1):
            if words[j : j + len(gram)] == gram:
                inner = masked.text[tokens[j][1] : tokens[j + len(gram) - 1][0]]
                if not _SENTENCE_BREAK.search(inner):  # "werken. De" is no phrase
                    content = any(is_content_word(g) for g in gram)
                    spans.append((j, j + len(gram), float(contribution), content))
                break

    # Overlapping n-grams ("woont er" + "er niet") become one phrase ("woont er niet");
    # an n-gram of function words only ("er niet", "in een") may extend a phrase but is
    # never a phrase of its own.
    phrases: list[tuple[int, int, float, bool]] = []
    for start, end, weight, content in sorted(spans):
        if phrases and start < phrases[-1][1]:
            last = phrases[-1]
            phrases[-1] = (last[0], max(last[1], end), last[2] + weight, last[3] or content)
        else:
            phrases.append((start, end, weight, content))
    # Function words at the edges add nothing ("een brief van" -> "brief"), except a
    # negation, which turns the meaning ("woont er niet").
    trimmed = []
    for start, end, weight, content in phrases:
        if not content:
            continue
        while not is_content_word(words[start]):
            start += 1
        while not (is_content_word(words[end - 1]) or words[end - 1] in _NEGATIONS):
            end -= 1
        trimmed.append((start, end, weight, content))
    phrases = trimmed
    phrases.sort(key=lambda p: -p[2])
    why = []
    for start, end, _, _ in phrases[:limit]:
        o_start, o_end = masked.original_span(tokens[start][0], tokens[end - 1][1])
        why.append(" ".join(masked.original[o_start:o_end].split()))
    return tuple(why)
