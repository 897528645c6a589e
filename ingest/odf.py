"""OpenDocument text and presentations (.odt, .odp): paragraphs and headings of content.xml,
via lxml. Spreadsheets (.ods) have their own reader in ingest.spreadsheet."""

from __future__ import annotations

import zipfile

from lxml import etree

from ingest.archive import check_limits, open_zip, read_member
from ingest.cleanup import clean_text
from ingest.registry import ExtractContext, Extracted, ExtractionError

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_BLOCKS = {f"{{{_TEXT}}}p", f"{{{_TEXT}}}h"}
_SPACE, _TAB, _BREAK = f"{{{_TEXT}}}s", f"{{{_TEXT}}}tab", f"{{{_TEXT}}}line-break"


def content_member(zf: zipfile.ZipFile, ctx: ExtractContext) -> zipfile.ZipInfo:
    """The `content.xml` of an OpenDocument zip, after the zip's size limits are checked."""
    check_limits(zf, max_total=ctx.max_bytes * 4)
    try:
        return zf.getinfo("content.xml")
    except KeyError as exc:
        raise ExtractionError("OpenDocument without content.xml") from exc


def paragraph_text(element: etree._Element) -> str:
    """Text of one paragraph; <text:s text:c="3"/> is three spaces, <text:tab/> a tab.

    Recursive over inline spans; lxml's parser caps their nesting at 256 levels.
    """
    chunks = [element.text or ""]
    for child in element:
        if child.tag == _SPACE:
            count = child.get(f"{{{_TEXT}}}c", "1")
            chunks.append(" " * min(int(count) if count.isdigit() else 1, 100))
        elif child.tag == _TAB:
            chunks.append("\t")
        elif child.tag == _BREAK:
            chunks.append("\n")
        elif child.tag not in _BLOCKS and isinstance(child.tag, str):
            chunks.append(paragraph_text(child))
        chunks.append(child.tail or "")
    return "".join(chunks)


class OdfExtractor:
    name = "odf"
    media_types = (
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.presentation",
    )
    extensions = (".odt", ".odp")

    def extract(self, data: bytes, filename: str | None, ctx: ExtractContext) -> Extracted:
        with open_zip(data) as zf:
            content = read_member(zf, content_member(zf, ctx), ctx.max_bytes * 4)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        try:
            root = etree.fromstring(content, parser)
        except etree.XMLSyntaxError as exc:
            raise ExtractionError(f"OpenDocument content.xml is damaged: {exc}") from exc
        lines = []
        for element in root.iter(*_BLOCKS, f"{{{_TABLE}}}table-row"):
            if element.tag == f"{{{_TABLE}}}table-row":
                lines.append("")  # rows apart; their cells' paragraphs follow
            elif not any(a.tag in _BLOCKS for a in element.iterancestors()):
                lines.append(paragraph_text(element))
        return Extracted(text=clean_text("\n".join(lines)))
