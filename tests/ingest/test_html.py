from ingest import extract_bytes
from ingest.html import html_to_text


def test_scripts_styles_and_comments_are_dropped():
    markup = (
        "<html><head><title>Titel</title><style>p {color: red}</style></head><body>"
        "<script>alert('x')</script><!-- verborgen --><p>Zichtbare tekst</p></body></html>"
    )
    assert html_to_text(markup) == "Zichtbare tekst"


def test_block_elements_and_line_breaks_become_newlines():
    markup = (
        "<div>Geachte heer,</div><p>Regel een<br>regel   twee\n  loopt door</p>"
        "<ul><li>a</li><li>b</li></ul>"
    )
    assert html_to_text(markup) == "Geachte heer,\nRegel een\nregel twee loopt door\na\nb"


def test_inline_elements_stay_on_their_line():
    assert html_to_text("<p>Mevrouw <b>El Amrani</b> woont <i>niet</i> meer hier.</p>") == (
        "Mevrouw El Amrani woont niet meer hier."
    )


def test_table_rows_are_lines_and_cells_are_tab_separated():
    markup = (
        "<table><tr><td>Naam</td><td>Jan Jansen</td></tr>"
        "<tr><td>Plaats</td><td>Zwolle</td></tr></table>"
    )
    assert html_to_text(markup) == "Naam\tJan Jansen\nPlaats\tZwolle"


def test_entities_and_no_break_spaces_are_resolved():
    assert html_to_text("<p>1234&nbsp;AB &amp; co&euml;xistentie</p>") == "1234 AB & coëxistentie"


def test_preformatted_text_keeps_its_line_breaks():
    assert html_to_text("<pre>regel 1\nregel 2</pre>") == "regel 1\nregel 2"


def test_meta_charset_of_an_html_file_is_honoured():
    data = '<html><head><meta charset="windows-1252"></head><body>Café €</body></html>'
    document = extract_bytes(data.encode("cp1252"), "pagina.html")
    assert document.text == "Café €"


def test_very_deeply_nested_html_does_not_exhaust_the_stack():
    markup = "<div>" * 20000 + "diep" + "</div>" * 20000
    assert html_to_text(markup) == "diep"
