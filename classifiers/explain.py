"""`why`: the phrases of the original text that pushed a signal type's score up."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np

from classifiers.masking import PLACEHOLDERS, MaskedText

# Words that say nothing to a reviewer on their own; still used as features.
_FUNCTION_WORDS = frozenset(
    str.split(
        """de het een en in op van te is er dat die dit voor met aan als bij om of zijn ze zij hij
    ik je u we wij niet naar ook nog wel maar door over uit tot dan al was wordt worden heeft
    hebben kan the and of to in is for on that this with at be are was it from by an as have
    dhr mevr mw meneer mevrouw heer"""
    )
)
_SENTENCE_BREAK = re.compile(r"\n|[.!?]\s+[A-Z]")  # a line or sentence ends between
_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # the vectoriser's default token pattern


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
    spans: list[tuple[int, int, float]] = []  # token start, token end, contribution
    cited: list[str] = []  # n-grams already cited; their parts add nothing
    for contribution, index in ranked:
        if contribution <= 0 or len(spans) >= 3 * limit:
            break
        gram = names[index].split(" ")
        if (
            any(p in g for g in gram for p in PLACEHOLDERS)
            or any(g.isdigit() for g in gram)
            or (len(gram) == 1 and gram[0] in _FUNCTION_WORDS)
            or any(f" {names[index]} " in f" {chosen} " for chosen in cited)
        ):
            continue
        cited.append(names[index])
        for j in range(len(words) - len(gram) + 1):
            if words[j : j + len(gram)] == gram:
                inner = masked.text[tokens[j][1] : tokens[j + len(gram) - 1][0]]
                if not _SENTENCE_BREAK.search(inner):  # "werken. De" is no phrase
                    spans.append((j, j + len(gram), float(contribution)))
                break

    # Overlapping n-grams ("woont er" + "er niet") become one phrase ("woont er niet").
    phrases: list[tuple[int, int, float]] = []
    for start, end, weight in sorted(spans):
        if phrases and start < phrases[-1][1]:
            last = phrases[-1]
            phrases[-1] = (last[0], max(last[1], end), last[2] + weight)
        else:
            phrases.append((start, end, weight))
    phrases.sort(key=lambda p: -p[2])
    why = []
    for start, end, _ in phrases[:limit]:
        o_start, o_end = masked.original_span(tokens[start][0], tokens[end - 1][1])
        why.append(" ".join(masked.original[o_start:o_end].split()))
    return tuple(why)
