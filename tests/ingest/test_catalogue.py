"""The extractor catalogue against the formats the product claims (README: ingest/).

Like spaCy's registry test: a reference list, compared with what a fresh
interpreter finds after `import ingest` and nothing else, as production imports
it. Unit tests of one format import its module themselves, which once hid that
.msg and .doc had no extractor in production.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import ingest
from ingest.catalogue import EXTRACTORS

REPO = Path(__file__).resolve().parents[2]

# media type: (a file extension people send it with, the extractor that must read it)
CLAIMED: dict[str, tuple[str, str]] = {
    "message/rfc822": (".eml", "mail"),
    "application/vnd.ms-outlook": (".msg", "msg"),
    "application/ms-tnef": (".dat", "tnef"),  # winmail.dat
    "application/zip": (".zip", "zip"),
    "text/plain": (".txt", "text"),
    "text/csv": (".csv", "text"),
    "text/html": (".html", "html"),
    "application/rtf": (".rtf", "rtf"),
    "application/pdf": (".pdf", "pdf"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx", "docx"),
    "application/msword": (".doc", "doc"),
    "application/vnd.oasis.opendocument.text": (".odt", "odf"),
    "application/vnd.oasis.opendocument.presentation": (".odp", "odf"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx", "xlsx"),
    "application/vnd.ms-excel": (".xls", "xls"),
    "application/vnd.oasis.opendocument.spreadsheet": (".ods", "ods"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (".pptx", "pptx"),
    "image/png": (".png", "image-ocr"),
    "image/jpeg": (".jpg", "image-ocr"),
    "image/tiff": (".tif", "image-ocr"),
}

# Run in a fresh interpreter: imports `ingest` only, then asks the dispatcher.
PROBE = """
import json, sys
import ingest
from ingest.registry import find_extractor

claimed = json.loads(sys.argv[1])
name = lambda extractor: extractor.name if extractor else None
print(json.dumps({
    "listed": [extractor.name for extractor in ingest.EXTRACTORS],
    "by_type": {kind: name(find_extractor(kind)) for kind in claimed},
    "by_extension": {
        kind: name(find_extractor("application/octet-stream", "bijlage" + ext))
        for kind, (ext, _) in claimed.items()
    },
}))
"""


def _fresh_interpreter() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(CLAIMED)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


def test_import_ingest_alone_gives_an_extractor_for_every_claimed_format() -> None:
    found = _fresh_interpreter()
    expected = {kind: name for kind, (_, name) in CLAIMED.items()}
    assert found["by_type"] == expected
    assert found["by_extension"] == expected
    assert found["listed"] == [extractor.name for extractor in EXTRACTORS]


def test_no_media_type_or_extension_is_claimed_twice() -> None:
    for attribute in ("media_types", "extensions"):
        seen: dict[str, str] = {}
        for extractor in EXTRACTORS:
            for key in getattr(extractor, attribute):
                assert key not in seen, f"{key} claimed by {seen[key]} and {extractor.name}"
                seen[key] = extractor.name


def test_every_extractor_class_in_ingest_is_in_the_catalogue() -> None:
    """A new format module whose class was never listed fails here, not in production."""
    listed = {type(extractor) for extractor in EXTRACTORS}
    defined = set()
    for module_info in pkgutil.iter_modules(ingest.__path__):
        if module_info.ispkg:
            continue
        module = importlib.import_module(f"ingest.{module_info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            is_extractor = callable(getattr(cls, "extract", None)) and hasattr(cls, "media_types")
            if cls.__module__ == module.__name__ and is_extractor:
                defined.add(cls)
    assert defined - listed == set()
    assert len(defined) == len(EXTRACTORS)


def test_a_declared_media_type_is_matched_whatever_its_case() -> None:
    """Mail clients and mimetypes write "macroEnabled"; the catalogue lists lower case."""
    from ingest.registry import find_extractor

    assert find_extractor("application/vnd.ms-excel.sheet.macroEnabled.12").name == "xlsx"
    assert find_extractor("Application/PDF").name == "pdf"
