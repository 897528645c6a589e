"""`ikp analyse --json` on every file of ../shared/corpora/office/: real Outlook mails,
Word 97 and Office documents from other projects' test suites (ARCHITECTURE, move 0)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.acceptance.textcheck import markup_in, word_coverage

pytestmark = pytest.mark.slow

MIN_COVERAGE = 0.85
# textract compares its standardized_text.* files with this sentence when the
# folder has no standardized_text.txt of its own (the copy here is empty).
STANDARDIZED = "the quick brown fox jumps over the lazy dog"


def office_files(shared_dir: Path) -> list[Path]:
    """Every document; the .txt files are the texts the source projects expect."""
    root = shared_dir / "corpora" / "office"
    return sorted(
        path for path in root.rglob("*") if path.is_file() and path.suffix not in (".txt", ".md")
    )


def reference(path: Path) -> str | None:
    """The expected text: the .txt of the same name beside the file, where there is one."""
    beside = path.with_suffix(".txt")
    if beside.exists() and beside.stat().st_size:
        return beside.read_text(encoding="utf-8", errors="replace")
    return STANDARDIZED if path.stem == "standardized_text" else None


@pytest.fixture(scope="module")
def analysed(shared_dir, ikp_analyse):
    return ikp_analyse(office_files(shared_dir))


def test_the_office_corpus_holds_the_formats_people_send(shared_dir):
    suffixes = {path.suffix for path in office_files(shared_dir)}
    assert {".msg", ".doc", ".docx", ".odt", ".rtf", ".eml", ".xlsx", ".pptx"} <= suffixes


def test_every_office_file_is_analysed_without_an_error(analysed):
    code, lines = analysed
    assert {f.name: line["error"] for f, line in lines.items() if "error" in line} == {}
    assert all(line["text"].strip() for line in lines.values())
    assert code == 0


def test_the_text_holds_the_words_the_source_project_expects(analysed):
    _, lines = analysed
    coverage = {
        f"{f.parent.name}/{f.name}": word_coverage(expected, lines[f].get("text", ""))
        for f in lines
        if (expected := reference(f)) is not None
    }
    assert len(coverage) >= 11
    assert {name: round(c, 3) for name, c in coverage.items() if c < MIN_COVERAGE} == {}


def test_no_text_is_xml_markup(analysed):
    _, lines = analysed
    found = {f.name: markup_in(line.get("text", "")) for f, line in lines.items()}
    assert {name: markers for name, markers in found.items() if markers} == {}
