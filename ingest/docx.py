"""Word documents (.docx) via python-docx: paragraphs and tables in reading order,
then the page headers and footers (letterheads name the sender)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ingest.archive import check_limits, open_zip
from ingest.cleanup import clean_text
from ingest.registry import DOCX, ExtractContext, Extracted, ExtractionError

if TYPE_CHECKING:  # python-docx is imported when a Word document arrives
    from docx.table import Table
    from docx.text.paragraph import Paragraph

MAX_TABLE_DEPTH = 10


def _blocks(items: Iterable[Paragraph | Table], depth: int = 0) -> Iterator[str]:
    from docx.text.paragraph import Paragraph

    for item in items:
        if isinstance(item, Paragraph):
            yield item.text
        elif depth < MAX_TABLE_DEPTH:
            yield from _table(item, depth)


def _table(table: Table, depth: int) -> Iterator[str]:
    """One line per row, cells separated by tabs; merged cells (repeated by python-docx) once."""
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(_blocks(cell.iter_inner_content(), depth + 1)).strip())
        yield "\t".join(cells).rstrip()


class DocxExtractor:
    name = "docx"
    media_types = (DOCX,)
    extensions = (".docx",)

    def extract(self, data: bytes, filename: str | None, ctx: ExtractContext) -> Extracted:
        with open_zip(data) as zf:
            check_limits(zf, max_total=ctx.max_bytes * 4)
        try:
            from docx import Document

            document = Document(io.BytesIO(data))
            lines = list(_blocks(document.iter_inner_content()))
            extra: list[str] = []
            for sec in document.sections:
                for part in (sec.header, sec.footer):
                    if not part.is_linked_to_previous:
                        extra.extend(_blocks(part.iter_inner_content()))
        except (ExtractionError, MemoryError):
            raise
        except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors
            raise ExtractionError(f"docx cannot be read: {type(exc).__name__}: {exc}") from exc
        seen = set(lines)
        extra = [line for line in dict.fromkeys(extra) if line.strip() and line not in seen]
        return Extracted(text=clean_text("\n".join([*lines, "", *extra] if extra else lines)))
