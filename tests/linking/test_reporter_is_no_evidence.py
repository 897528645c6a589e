"""The reporter's own details never make two items one case: the installed `ikp` stores
invented mails in one worker batch, and the related items each item page would show
are read from the store."""

from __future__ import annotations

import os
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import select

from store import Store
from store.models import Item

IKP = Path(sys.executable).parent / "ikp"
OFFICIAL = "Henk Fictief <h.fictief@handhaving-voorbeeld.example>"
SIGNATURE = (
    "Met vriendelijke groet,\n\nHenk Fictief\nTeam Handhaving, gemeente Voorbeeldstad\n"
    "Tel. 038 123 4567\nh.fictief@handhaving-voorbeeld.example"
)


def mail(n: int, sender: str, day: int, body: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "ikp@ind.example"
    msg["Subject"] = f"Melding {n}"
    msg["Message-ID"] = f"<melding-{n}@voorbeeld.example>"
    msg["Date"] = f"Mon, {day:02d} Nov 2026 09:30:00 +0100"
    msg.set_content(body)
    return bytes(msg)


def forwarded_from_web_form(n: int, tip: str) -> bytes:
    """A desk forwards what one citizen sent through its web form."""
    return mail(
        n,
        "Loket <loket@dienst-voorbeeld.example>",
        20 + n,
        "Doorgestuurd vanuit het contactformulier.\n\n---------- Doorgestuurd bericht "
        "----------\nVan: Kees Anoniem <kees.anoniem@webmail.example>\nAan: Contactformulier "
        f"Dienst <formulier@dienst-voorbeeld.example>\nOnderwerp: melding\n\n{tip}",
    )


def related_by_subject(tmp_path: Path, mails: list[bytes]) -> dict[str, list[dict]]:
    """Store `mails` with `ikp ingest --batch`; each item's stored related items, by subject."""
    files = []
    for n, raw in enumerate(mails):
        files.append(tmp_path / f"{n}.eml")
        files[-1].write_bytes(raw)
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("IKP_")}
    env["IKP_DATA_DIR"] = str(data)
    done = subprocess.run(
        [str(IKP), "ingest", "--batch", str(len(files)), *map(str, files)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    with Store(f"sqlite:///{data / 'ikp.sqlite3'}", data) as store, store.sessions() as session:
        items = session.scalars(select(Item)).all()
        ids = {item.id: item.subject for item in items}
        return {
            item.subject: [
                {**r, "subject": ids[r["item_id"]]} for r in item.suggestions[-1].related
            ]
            for item in items
        }


@pytest.mark.slow
def test_tips_from_one_official_or_one_web_form_are_not_one_case_but_a_repeat_is(
    tmp_path: Path,
) -> None:
    first = mail(
        1, OFFICIAL, 2,
        "Bij een huisbezoek aan de Lindelaan 17, 8011 AB Zwolle bleek dat mevrouw Roos "
        "Verzonnen daar niet meer woont, al staat zij er nog ingeschreven.\n\n" + SIGNATURE,
    )  # fmt: skip
    other_case = mail(
        2, OFFICIAL, 9,
        "De heer Bram Denkbeeld, V-nummer 2345678901, werkt volgens de buren zonder "
        "vergunning in een autowerkplaats aan de Havenkade 3 in Kampen.\n\n" + SIGNATURE,
    )  # fmt: skip
    repeat = mail(
        3, "Buurvrouw <buurvrouw@webmail.example>", 16,
        "Mevrouw Roos Verzonnen woont al maanden niet meer op de Lindelaan 17 in Zwolle, "
        "8011 AB. Ik zie er alleen andere mensen.\n\nGroet, een buurvrouw",
    )  # fmt: skip
    forwarded = [
        forwarded_from_web_form(4, "Meneer Tom Bedacht, V-nummer 3456789012, woont er niet."),
        forwarded_from_web_form(5, "Mevrouw Lies Uitgedacht verhuurt kamers aan de Brink 8."),
    ]
    related = related_by_subject(tmp_path, [first, other_case, repeat, *forwarded])
    assert related["Melding 2"] == [], "only the official's name, phone and address are shared"
    assert [r["subject"] for r in related["Melding 3"]] == ["Melding 1"]
    evidence = " ".join(related["Melding 3"][0]["evidence"])
    assert "038" not in evidence and "fictief" not in evidence.lower()
    assert related["Melding 5"] == [], "the web form and its first reporter are no evidence"
