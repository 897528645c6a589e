"""A cheaper embedding layer for the NER's tok2vec (registered as `ikp.HashEmbed.v1`).

spaCy's MultiHashEmbed gives every feature a table as wide as the network and
mixes the concatenation with a 3-piece Maxout: with five features that mixing
layer costs more than one encoder layer. Here each feature has its own width
(SHAPE or the list code need far fewer dimensions than NORM) and the Maxout has
`pieces` pieces, which keeps the NER fast enough for the entity stage.
"""

from __future__ import annotations

from typing import cast

from spacy.ml.featureextractor import FeatureExtractor
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import (
    HashEmbed,
    Maxout,
    Model,
    chain,
    concatenate,
    list2ragged,
    ragged2list,
    with_array,
)
from thinc.types import Floats2d, Ints2d, Ragged


@registry.architectures("ikp.HashEmbed.v1")
def hash_embed(
    width: int, attrs: list[str], rows: list[int], widths: list[int], pieces: int = 2
) -> Model[list[Doc], list[Floats2d]]:
    """Embed each attribute in its own table of `widths[i]` columns, then Maxout to `width`."""
    if not len(attrs) == len(rows) == len(widths):
        raise ValueError(f"attrs, rows and widths differ in length: {attrs} {rows} {widths}")
    tables = [
        HashEmbed(w, r, column=i, seed=8 + i, dropout=0.0)
        for i, (w, r) in enumerate(zip(widths, rows, strict=True))
    ]
    mix: Model[Ragged, Ragged] = with_array(
        Maxout(width, sum(widths), nP=pieces, dropout=0.0, normalize=True)
    )
    return chain(
        FeatureExtractor(attrs),
        cast(Model[list[Ints2d], Ragged], list2ragged()),
        with_array(concatenate(*tables)),
        mix,
        ragged2list(),
    )
