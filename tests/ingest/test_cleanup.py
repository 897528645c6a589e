from ingest.cleanup import clean_text


def test_no_break_spaces_become_plain_spaces():
    assert clean_text("1234\u00a0AB\u202fUtrecht\u2007x") == "1234 AB Utrecht x"


def test_runs_of_blank_lines_collapse_to_one_blank_line():
    assert clean_text("Geachte heer,\n\n\n\n\nHierbij\n \n\t\nmeld ik") == (
        "Geachte heer,\n\nHierbij\n\nmeld ik"
    )


def test_trailing_spaces_go_but_indentation_stays():
    assert clean_text("  Betreft: melding   \n\tV-nummer 1234567890\t ") == (
        "  Betreft: melding\n\tV-nummer 1234567890"
    )


def test_dutch_ij_ligature_and_soft_hyphens_are_normalised():
    assert clean_text("ĳsselmeer, Ĳmuiden, verblijfs\u00advergunning") == (
        "ijsselmeer, IJmuiden, verblijfsvergunning"
    )


def test_decomposed_diacritics_are_composed():
    assert clean_text("Belgie\u0308 en re\u0301sume\u0301") == "België en résumé"


def test_windows_line_ends_form_feeds_and_control_characters_are_cleaned():
    assert clean_text("regel een\r\nregel twee\rpagina\fvolgende\x00\x07") == (
        "regel een\nregel twee\npagina\nvolgende"
    )


def test_pdf_ligatures_and_zero_width_spaces_are_resolved():
    assert clean_text("ﬁnanciële \u200bhulp van de ﬂat") == "financiële hulp van de flat"


def test_spaces_in_postcodes_and_phone_numbers_are_left_to_nlp() -> None:
    text = "1234 AB Westerveld, bel 06 1234 5678"
    assert clean_text(text) == text
