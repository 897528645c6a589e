"""Presentations (.pptx) via python-pptx: slide by slide the text of its shapes (text
boxes, placeholders, tables row by row with tab-separated cells, grouped shapes,
chart titles) in the order the slide holds them, then the speaker notes.

Limits against hostile files: MAX_SLIDES slides, groups nested MAX_GROUP_DEPTH
deep, MAX_TABLE_CELLS cells per table; what was left out is said at the end of
the text and in the part's error. The package itself is checked for zip bombs
before python-pptx unpacks it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ingest.archive import check_limits, open_zip
from ingest.cleanup import clean_text
from ingest.registry import (
    OLE_MAGIC,
    PPTX,
    ExtractContext,
    Extracted,
    ExtractionError,
    ole_streams,
)

if TYPE_CHECKING:  # python-pptx (9 MB) is imported when a presentation arrives
    from pptx.shapes.base import BaseShape
    from pptx.table import Table

MAX_SLIDES = 1_000
MAX_GROUP_DEPTH = 20
MAX_TABLE_CELLS = 10_000


class _Cuts(list[str]):
    """What a limit left out, said once each."""

    def note(self, reason: str) -> None:
        if reason not in self:
            self.append(reason)


def _shapes(shapes: Iterable[BaseShape], cuts: _Cuts, depth: int = 0) -> Iterator[str]:
    from pptx.shapes.group import GroupShape

    for shape in shapes:
        if isinstance(shape, GroupShape):
            if depth < MAX_GROUP_DEPTH:
                yield from _shapes(shape.shapes, cuts, depth + 1)
            else:
                cuts.note(f"shapes grouped more than {MAX_GROUP_DEPTH} deep")
        elif shape.has_text_frame:
            yield shape.text_frame.text  # type: ignore[attr-defined]
        elif shape.has_table:
            yield from _table(shape.table, cuts)  # type: ignore[attr-defined]
        elif shape.has_chart:
            chart = shape.chart  # type: ignore[attr-defined]
            if chart.has_title and chart.chart_title.has_text_frame:
                yield chart.chart_title.text_frame.text


def _table(table: Table, cuts: _Cuts) -> Iterator[str]:
    """One line per row; a merged cell once (python-pptx also lists the cells it covers)."""
    budget = MAX_TABLE_CELLS
    for row in table.rows:
        cells = [cell.text for cell in row.cells if not cell.is_spanned]
        budget -= len(cells)
        if budget < 0:
            cuts.note(f"tables: only the first {MAX_TABLE_CELLS} cells of a table read")
            return
        yield "\t".join(" ".join(cell.split()) for cell in cells).rstrip()


def _refuse_ole(data: bytes) -> None:
    """A .pptx with a password is an OLE file holding an EncryptedPackage."""
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage" in ole_streams(data):
            raise ExtractionError("PowerPoint presentation is encrypted with a password")
        raise ExtractionError("not a PowerPoint presentation (.pptx): an OLE compound file")


def slides_text(data: bytes) -> Extracted:
    """The text of every slide and its notes, each slide under a separator line."""
    from pptx import Presentation

    cuts = _Cuts()
    lines: list[str] = []
    presentation = Presentation(io.BytesIO(data))
    for number, slide in enumerate(presentation.slides, start=1):
        if number > MAX_SLIDES:
            cuts.note(f"only the first {MAX_SLIDES} slides read")
            break
        lines += ["", f"--- dia {number} ---", *_shapes(slide.shapes, cuts)]
        notes = slide.notes_slide.notes_text_frame if slide.has_notes_slide else None
        if notes is not None and notes.text.strip():
            lines += ["Notities:", notes.text]
    text = clean_text("\n".join(lines))
    if not cuts:
        return Extracted(text)
    warning = "; ".join(cuts)
    return Extracted(f"{text}\n\n[niet alles gelezen: {warning}]", meta={"warning": warning})


class PptxExtractor:
    name = "pptx"
    media_types = (PPTX, "application/vnd.ms-powerpoint.presentation.macroenabled.12")
    extensions = (".pptx", ".pptm")

    def extract(self, data: bytes, filename: str | None, ctx: ExtractContext) -> Extracted:
        _refuse_ole(data)
        with open_zip(data) as zf:
            check_limits(zf, max_total=ctx.max_bytes * 4)
        try:
            return slides_text(data)
        except (ExtractionError, MemoryError, RecursionError):
            raise
        except Exception as exc:  # python-pptx raises KeyError, ValueError, lxml errors
            reason = f"{type(exc).__name__}: {exc}"[:300]
            raise ExtractionError(f"PowerPoint presentation cannot be read: {reason}") from exc
