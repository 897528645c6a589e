"""How much of one item's extracted text travels past the extraction sandbox.

A mail may hold any amount of text (a 30 MB body, zips that expand to tens of
millions of characters), and each copy of it in the daemon costs memory: the
sandbox's answer, the Document, the analysed text, the stored row. The raw bytes are
always stored whole; of the text, only the start is passed on: the part the
pipeline analyses (`ikp.pipeline.MAX_ANALYSED_CHARS`, 2,000,000) and the item page
shows (`review.routes.items.SHOWN_CHARS`, 2,100,000), and a little more. The whole
text's length goes along (`Document.whole_length`), so a cut still says how much
there was.
"""

from __future__ import annotations

MAX_TEXT_CHARS = 2_200_000
