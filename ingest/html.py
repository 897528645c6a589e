"""HTML to clean text: no scripts or styles, block elements on their own lines.

bs4's UnicodeDammit finds the encoding (container charset, BOM, <meta>, UTF-8,
cp1252); lxml parses and is walked iteratively, so deeply nested mail HTML
cannot exhaust the stack.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from bs4.dammit import UnicodeDammit
from lxml import etree

from ingest.cleanup import clean_text
from ingest.registry import ExtractContext, Extracted, ExtractionError
from ingest.text import codec_for

_SKIP = {"script", "style", "head", "title", "noscript", "template", "svg", "object", "iframe"}
_BLOCK = {
    *("address", "article", "aside", "blockquote", "center", "dd", "div", "dl", "dt"),
    *("fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5"),
    *("h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table"),
    *("tbody", "thead", "tfoot", "tr", "ul", "caption", "details", "summary", "body", "html"),
}
_CELLS = {"td", "th"}
_WHITESPACE = re.compile(r"[ \t\r\n\f\v]+")
_LINE_EDGES = re.compile(r"^[ \t]+|[ \t]+$", re.MULTILINE)


def decode_html(data: bytes, charset: str | None = None) -> str:
    """Unicode from HTML bytes: a declared charset wins over <meta>, as mail clients do."""
    known = [codec] if (codec := codec_for(charset)) else []
    dammit = UnicodeDammit(data, known_definite_encodings=known, is_html=True)
    if dammit.unicode_markup is None:
        return data.decode("cp1252", errors="replace")
    return dammit.unicode_markup


def html_to_text(markup: str) -> str:
    """Readable text of an HTML document or fragment."""
    parser = etree.HTMLParser(
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        recover=True,
        huge_tree=True,
    )
    try:
        root = etree.fromstring(markup.encode("utf-8", errors="replace"), parser)
    except (etree.LxmlError, ValueError) as exc:
        raise ExtractionError(f"html cannot be parsed: {exc}") from exc
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        return _flat_text(markup)  # libxml2 stops at 2048 levels and drops the rest
    if root is None:
        return ""
    chunks: list[str] = []
    skipping: etree._Element | None = None
    in_pre = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if skipping is None and tag in _SKIP:
                skipping = element
            if skipping is not None:
                continue
            if tag in _BLOCK:
                _line_break(chunks)
            in_pre += tag == "pre"
            if tag == "br":
                chunks.append("\n")
            if element.text:
                chunks.append(element.text if in_pre else _WHITESPACE.sub(" ", element.text))
            continue
        if skipping is element:
            skipping = None
        elif skipping is not None:
            continue
        else:
            if tag in _BLOCK:
                _line_break(chunks)
            elif tag in _CELLS:
                chunks.append("\t")
            in_pre -= tag == "pre"
        if element.tail:
            chunks.append(element.tail if in_pre else _WHITESPACE.sub(" ", element.tail))
    text = _LINE_EDGES.sub("", "".join(chunks))
    return clean_text(text)


def _flat_text(markup: str) -> str:
    """All visible text of pathological HTML, one text node per line (bs4's pure-Python
    parser has no depth limit; the block structure is lost)."""
    soup = BeautifulSoup(markup, "html.parser")
    for element in soup.find_all(_SKIP):
        element.decompose()
    return clean_text(_LINE_EDGES.sub("", soup.get_text("\n")))


def _line_break(chunks: list[str]) -> None:
    """Start a new line unless one was just started: adjacent blocks need one break, not two."""
    for chunk in reversed(chunks):
        if chunk.strip(" "):
            if not chunk.rstrip(" ").endswith("\n"):
                chunks.append("\n")
            return
    # nothing but spaces so far: no line to end


class HtmlExtractor:
    name = "html"
    media_types = ("text/html", "application/xhtml+xml")
    extensions = (".html", ".htm", ".xhtml")

    def extract(self, data: bytes, filename: str | None, ctx: ExtractContext) -> Extracted:
        return Extracted(text=html_to_text(decode_html(data, ctx.charset)))
