"""The one list of extractors: what `ingest` can read is exactly what is listed here.

Each format module defines its extractor class and registers nothing itself; a
format that is not imported and listed below has no extractor, and
tests/ingest/test_catalogue.py fails for it (in a fresh interpreter, as
production imports it). After paperless-ngx's one explicit list of parsers.

Order: a media type is claimed by one extractor only (the test checks that), so
order decides only the fallbacks of `registry.find_extractor`: a file extension
when the media type is unknown, then the `text/*` family, which plain text
claims last as the catch-all.
"""

from __future__ import annotations

from ingest.archive import ZipExtractor
from ingest.doc import DocExtractor
from ingest.docx import DocxExtractor
from ingest.html import HtmlExtractor
from ingest.images import ImageExtractor
from ingest.mail import MailExtractor
from ingest.msg import MsgExtractor
from ingest.odf import OdfExtractor
from ingest.pdf import PdfExtractor
from ingest.presentation import PptxExtractor
from ingest.registry import Extractor
from ingest.rtf import RtfExtractor
from ingest.spreadsheet import OdsExtractor, XlsExtractor, XlsxExtractor
from ingest.text import TextExtractor
from ingest.tnef import TnefExtractor

EXTRACTORS: tuple[Extractor, ...] = (
    # mails and what mail clients wrap around attachments
    MailExtractor(),
    MsgExtractor(),
    TnefExtractor(),
    ZipExtractor(),
    # documents
    PdfExtractor(),
    DocxExtractor(),
    DocExtractor(),
    OdfExtractor(),
    RtfExtractor(),
    HtmlExtractor(),
    # spreadsheets
    XlsxExtractor(),
    XlsExtractor(),
    OdsExtractor(),
    # presentations
    PptxExtractor(),
    # scans
    ImageExtractor(),
    # last: it also takes any other text/* type
    TextExtractor(),
)
