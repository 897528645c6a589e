import hashlib
from datetime import UTC, datetime, timedelta, timezone
from email.message import EmailMessage

import pytest

from ingest import extract_bytes
from ingest.mail import split_uuencoded

CET = timezone(timedelta(hours=1))


def _extract(msg: EmailMessage, filename: str = "melding.eml"):
    return extract_bytes(bytes(msg), filename, source="email")


def test_text_is_subject_then_body_then_each_attachment_under_a_separator(mail, text_pdf):
    pdf = text_pdf([["Brief van de buurman", "Hij woont er niet."]])
    msg = mail(attachments=(("brief.pdf", pdf, "application/pdf"),))
    document = _extract(msg)
    assert document.text.startswith("Melding schijnhuwelijk\n\nGeachte heer, mevrouw,\n")
    assert document.text.endswith(
        "\n\n--- bijlage: brief.pdf ---\nBrief van de buurman\nHij woont er niet."
    )
    assert [(p.origin, p.media_type) for p in document.parts] == [
        ("body", "text/plain"),
        ("attachment:brief.pdf", "application/pdf"),
    ]
    assert document.parts[1].size == len(pdf)
    assert document.parts[1].text == "Brief van de buurman\nHij woont er niet."


def test_source_subject_sender_and_a_small_header_subset_are_kept(mail):
    document = _extract(mail(headers=(("X-Spam-Score", "0.1"),)))
    assert document.source == "email"
    assert document.subject == "Melding schijnhuwelijk"
    assert document.sender == "Jan de Vries <j.devries@voorbeeld.nl>"
    assert dict(document.headers) == {
        "From": "Jan de Vries <j.devries@voorbeeld.nl>",
        "To": "meldpunt@ikp.example",
        "Date": "Tue, 04 Nov 2025 10:15:00 +0100",
        "Subject": "Melding schijnhuwelijk",
        "Message-ID": "<melding-001@voorbeeld.nl>",
    }


def test_message_id_without_brackets_is_the_source_reference(mail):
    assert _extract(mail()).source_ref == "melding-001@voorbeeld.nl"


def test_mail_without_message_id_is_referenced_by_the_hash_of_its_bytes(mail):
    data = bytes(mail(message_id=None))
    document = extract_bytes(data, "melding.eml")
    assert document.source_ref == f"sha256:{hashlib.sha256(data).hexdigest()}"


def test_received_is_the_date_of_the_newest_received_header(mail):
    msg = mail(
        headers=(
            ("Received", "from mx.ikp.example by imap.ikp.example; Wed, 5 Nov 2025 08:00:02 +0100"),
            (
                "Received",
                "from smtp.voorbeeld.nl by mx.ikp.example; Wed, 5 Nov 2025 07:59:58 +0100",
            ),
        )
    )
    assert _extract(msg).received == datetime(2025, 11, 5, 8, 0, 2, tzinfo=CET)


def test_received_header_without_a_date_falls_back_to_the_next_then_to_date(mail):
    msg = mail(headers=(("Received", "from a by b with LMTP"),))
    assert _extract(msg).received == datetime(2025, 11, 4, 10, 15, tzinfo=CET)


def test_date_without_timezone_is_taken_as_utc():
    raw = b"From: a@voorbeeld.nl\nDate: Tue, 4 Nov 2025 10:15:00 -0000\nSubject: x\n\nbody\n"
    received = extract_bytes(raw, "x.eml").received
    assert received == datetime(2025, 11, 4, 10, 15, tzinfo=UTC)
    assert received.tzinfo is not None


def test_plain_text_is_preferred_over_the_html_alternative(mail):
    msg = mail(body="Platte tekst.", html="<p>HTML <b>tekst</b>.</p>")
    document = _extract(msg)
    assert document.text == "Melding schijnhuwelijk\n\nPlatte tekst."
    assert [p.media_type for p in document.parts] == ["text/plain"]


def test_html_only_mail_becomes_clean_text(mail):
    html = (
        "<html><head><style>.x{}</style></head><body><div>Geachte heer,</div>"
        "<p>Zij woont&nbsp;niet meer op <b>Lindelaan 17</b>.</p><script>x()</script></body></html>"
    )
    document = _extract(mail(body=None, html=html))
    assert document.text == (
        "Melding schijnhuwelijk\n\nGeachte heer,\nZij woont niet meer op Lindelaan 17."
    )
    assert document.parts[0].media_type == "text/html"


def test_quoted_reply_text_stays_in_the_text(mail):
    body = "Zie hieronder.\n\n> Op 3 nov schreef Piet:\n> Zij is voor geld getrouwd."
    assert "> Zij is voor geld getrouwd." in _extract(mail(body=body)).text


def test_forwarded_mail_is_read_as_a_nested_mail_with_its_attachments(mail, text_pdf):
    inner = mail(
        subject="Tip over Lindelaan",
        body="De bemiddelaar kreeg 5000 euro.",
        attachments=(("scan.pdf", text_pdf([["Bewijs van betaling"]]), "application/pdf"),),
        message_id="<inner@voorbeeld.nl>",
    )
    outer = mail(subject="Fwd: Tip over Lindelaan", body="Zie doorgestuurd bericht.")
    outer.add_attachment(inner, filename="doorgestuurd.eml")
    document = _extract(outer)
    origins = [p.origin for p in document.parts]
    assert origins == [
        "body",
        "attachment:doorgestuurd.eml",
        "attachment:doorgestuurd.eml/body",
        "attachment:doorgestuurd.eml/attachment:scan.pdf",
    ]
    assert document.source_ref == "melding-001@voorbeeld.nl"  # the outer mail's
    text = document.text
    assert "\n\n--- bijlage: doorgestuurd.eml ---\nVan: Jan de Vries" in text
    assert "Onderwerp: Tip over Lindelaan\n\nDe bemiddelaar kreeg 5000 euro." in text
    assert text.endswith("--- bijlage: doorgestuurd.eml/scan.pdf ---\nBewijs van betaling")


def test_attachment_that_cannot_be_read_is_recorded_and_the_mail_still_read(mail):
    broken = b"%PDF-1.4\nthis is no pdf at all\n%%EOF\n"
    document = _extract(mail(attachments=(("kapot.pdf", broken, "application/pdf"),)))
    part = document.parts[1]
    assert part.origin == "attachment:kapot.pdf"
    assert part.error and "pdf" in part.error
    assert "--- bijlage: kapot.pdf (niet gelezen: " in document.text
    assert document.text.startswith("Melding schijnhuwelijk\n\nGeachte heer")


def test_attachment_without_extractor_is_listed_with_the_reason(mail):
    document = _extract(
        mail(attachments=(("data.bin", b"\x00\x01\x02\xff" * 10, "application/x-foo"),))
    )
    assert document.parts[1].error == "no extractor for application/x-foo"


def test_attached_eml_file_with_generic_type_is_read_as_mail(mail):
    inner = bytes(mail(subject="Binnenste", body="Tekst binnenin.", message_id="<b@x.nl>"))
    outer = mail(attachments=(("oud.eml", inner, "application/octet-stream"),))
    document = _extract(outer)
    assert document.parts[1].media_type == "message/rfc822"
    assert "Onderwerp: Binnenste\n\nTekst binnenin." in document.text


def test_part_with_unknown_charset_is_still_decoded():
    raw = (
        b"From: a@voorbeeld.nl\nSubject: x\nMIME-Version: 1.0\n"
        b"Content-Type: text/plain; charset=x-no-such-charset\n\nZo\xc3\xab woont hier niet.\n"
    )
    assert extract_bytes(raw, "x.eml").text == "x\n\nZoë woont hier niet."


def test_x_mac_cyrillic_and_utf7_parts_are_decoded():
    cyrillic = "Привет".encode("mac_cyrillic")
    raw = (
        b"From: a@voorbeeld.nl\nSubject: x\nMIME-Version: 1.0\n"
        b"Content-Type: text/plain; charset=x-mac-cyrillic\n\n" + cyrillic + b"\n"
    )
    assert extract_bytes(raw, "x.eml").text.endswith("Привет")
    raw = (
        b"From: a@voorbeeld.nl\nSubject: x\nMIME-Version: 1.0\n"
        b"Content-Type: text/plain; charset=utf-7\n\n" + "Zoë".encode("utf-7") + b"\n"
    )
    assert extract_bytes(raw, "x.eml").text.endswith("Zoë")


def test_multipart_whose_boundary_never_comes_is_read_as_text():
    raw = (
        b"From: a@voorbeeld.nl\nSubject: kapot\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="nooit"\n\n'
        b"Deze tekst staat er toch.\n"
    )
    document = extract_bytes(raw, "x.eml")
    assert "Deze tekst staat er toch." in document.text


def test_uuencoded_file_in_a_plain_body_becomes_an_attachment():
    encoded = (
        b"begin 644 notitie.txt\n"
        + b"".join(
            __import__("binascii").b2a_uu(chunk)
            for chunk in (b"Hij woont in Almere, ", b"niet in Zwolle.")
        )
        + b"`\nend\n"
    )
    raw = b"From: a@voorbeeld.nl\nSubject: uu\n\nZie bijlage.\n\n" + encoded
    document = extract_bytes(raw, "x.eml")
    assert document.text == (
        "uu\n\nZie bijlage.\n\n--- bijlage: notitie.txt ---\nHij woont in Almere, niet in Zwolle."
    )
    assert [p.origin for p in document.parts] == ["body", "attachment:notitie.txt"]


def test_split_uuencoded_leaves_text_without_blocks_untouched():
    data = b"begin hier met lezen\nniets gecodeerd\n"
    assert split_uuencoded(data) == (data, [])


def test_small_inline_logo_of_an_html_mail_is_listed_but_not_read(mail):
    msg = mail(body=None, html='<p>Zie logo <img src="cid:logo"></p>')
    html_part = msg.get_body(("html",))
    html_part.add_related(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image", "png", cid="<logo>")
    document = _extract(msg)
    logo = [p for p in document.parts if p.media_type == "image/png"]
    assert len(logo) == 1 and "logo" in (logo[0].error or "")
    assert "bijlage" not in document.text


def test_stored_mail_with_a_txt_name_is_still_read_as_mail(mail):
    document = extract_bytes(bytes(mail()), "bericht-0001.txt")
    assert document.media_type == "message/rfc822"
    assert document.subject == "Melding schijnhuwelijk"


def test_winmail_dat_body_and_attachments_are_read(mail, corpora):
    tnef = (corpora / "emails" / "tnef-raw" / "two-files.tnef").read_bytes()
    msg = mail(attachments=(("winmail.dat", tnef, "application/ms-tnef"),))
    document = _extract(msg)
    origins = [p.origin for p in document.parts]
    assert origins[:3] == ["body", "attachment:winmail.dat", "attachment:winmail.dat/body"]
    assert "attachment:winmail.dat/attachment:AUTHORS" in origins
    assert "--- bijlage: winmail.dat/README ---" in document.text


def test_rtf_body_of_winmail_dat_is_turned_into_text(corpora):
    tnef = (corpora / "emails" / "tnef-raw" / "rtf.tnef").read_bytes()
    document = extract_bytes(tnef, "winmail.dat")
    assert document.media_type == "application/ms-tnef"
    assert document.text.strip()
    assert "{\\rtf" not in document.text and "\\par" not in document.text


@pytest.mark.parametrize("name", ["m0006.txt", "m0007.txt"])
def test_corpus_utf7_mails_decode_to_readable_text(corpora, name):
    data = (corpora / "emails" / "hunnysoft-via-zbateson" / name).read_bytes()
    document = extract_bytes(data, name)
    assert document.media_type == "message/rfc822"
    assert "+A" not in document.text.split("\n\n", 1)[1][:200]  # no raw UTF-7 shifts
