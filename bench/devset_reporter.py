"""Reporter data that an analist still sees, over every mail of ../shared/devset/.

    .venv/bin/python bench/devset_reporter.py [--devset DIR] [--show]

Every mail goes in as the product takes it: `ikp ingest` (the installed command,
sandboxed extraction and the full analysis) into a fresh SQLite store. Then the web
queue, as run by `ikp run`, renders each item page for an analist and a
datascientist and the JSON export for the receiving team as a medewerker fetches it
(masked unless the destination must answer the reporter). A mail counts as leaking
when any of its reporter data shows in one of these.

The reporter data come from this script's own reading of the raw mail, not from
review.reporter: the From address and display name, the addresses and phone numbers
of the signature block (the last lines of the sender's own text, before a quoted or
forwarded mail), the From line of a forwarded mail, and phone numbers in
first-person contact lines ("mijn nummer", "bel me", "reach me"). With --show the
leaking values are printed, which prints dev-set text: keep it out of the repository.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import re
import subprocess
import sys
import tempfile
from email import message_from_bytes
from email.policy import default
from email.utils import getaddresses
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

DEVSET = REPO.parent / "shared" / "devset"
PASSWORD = "bench password for masking"
USERS = {"ana": "analist", "dana": "datascientist", "mia": "medewerker"}
SIGNATURE_LINES = 8
SHORT_LINE = 70
# A phone number as a signature writes it: national (0...) or international (+, 00).
PHONE = re.compile(r"(?<![\w+])(?:\+|0)\d[\d \-().]{7,16}\d(?!\w)")
NOT_A_PHONE = re.compile(r"(?i)(?:v-?n(?:umme)?r|bsn|iban|kvk|dossier|zaak|kenmerk|ref)\W{0,12}$")
EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
CLOSING = re.compile(
    r"(?i)^\W*(?:\w+\s+){0,2}(?:groet\w*|regards|hoogachtend|sincerely|mvg|m\.v\.g|gr\.?|cheers"
    r"|thanks|bedankt|dank\s+u)\b"
)
# Where the sender's own text ends: a quoted or forwarded mail below it.
QUOTED = re.compile(
    r"(?im)^[ \t>]*(?:-{2,}\s*(?:original message|oorspronkelijk bericht|forwarded message"
    r"|doorgestuurd bericht)|(?:van|from)\s*:\s*\S|op .{5,80} schreef|on .{5,80} wrote)"
)
FORWARDED_FROM = re.compile(r"(?im)^[ \t>*]*(?:van|from)\s*:\s*(.+)$")
FIRST_PERSON = re.compile(
    r"(?i)\b(?:(?:mijn|m'n|my)\s+(?:\w+\s+)?(?:telefoon\w*|mobiel\w*|nummer|gsm|mobile|phone"
    r"|number|cell)|(?:bel|call|app|sms|reach|contact|bereiken)\s+(?:me|mij)"
    r"|(?:me|mij)\s+(?:\w+\s+){0,2}(?:bellen|bereiken|spreken)"
    r"|(?:ik\s+ben|ben\s+ik)\s+(?:\w+\s+){0,4}bereikbaar)\b(.{0,60})"
)


def digits(value: str) -> str:
    found = re.sub(r"\D", "", value)
    if value.strip().startswith("+31") or found.startswith("0031"):
        found = "0" + found.removeprefix("00").removeprefix("31")
    return found


def phone_numbers(text: str) -> set[str]:
    """Digits of the phone numbers in `text`, not identifiers that look like one."""
    return {
        digits(m.group())
        for m in PHONE.finditer(text)
        if 9 <= len(digits(m.group())) <= 13 and not NOT_A_PHONE.search(text[: m.start()])
    }


def body_text(raw: bytes) -> tuple[str, str]:
    """(From header, plain text of the body) read with the standard library."""
    msg = message_from_bytes(raw, policy=default)
    part = msg.get_body(("plain", "html"))
    text = ""
    if part is not None:
        try:
            text = part.get_content()
        except (LookupError, ValueError):
            text = part.get_payload(decode=True).decode("utf-8", "replace")
        if part.get_content_type() == "text/html":
            text = re.sub(r"<[^>]+>", "\n", text)
    return str(msg.get("From", "")), html.unescape(text)


def reporter_data(raw: bytes) -> tuple[set[str], set[str]]:
    """(strings, phone digit strings) that identify the reporter of mail `raw`."""
    sender, text = body_text(raw)
    strings: set[str] = set()
    phones: set[str] = set()
    for name, address in getaddresses([sender]):
        strings.add(address.lower())
        if len(name.split()) >= 2:
            strings.add(" ".join(name.split()).lower())
    cut = QUOTED.search(text)
    own = text[: cut.start()] if cut else text
    lines = [line.strip() for line in own.splitlines() if line.strip()]
    closings = [n for n, line in enumerate(lines) if CLOSING.match(line)]
    signature = lines[closings[-1] :][:SIGNATURE_LINES] if closings else []
    for line in reversed(lines[-SIGNATURE_LINES:]):  # a signature without a closing
        if len(line) > SHORT_LINE or (len(line.split()) >= 6 and line[-1] in ".?!:"):
            break
        signature.append(line)
    for line in signature:
        strings.update(e.lower() for e in EMAIL.findall(line))
        phones.update(phone_numbers(line))
    for line in FORWARDED_FROM.finditer(text[cut.start() :] if cut else ""):
        strings.update(e.lower() for e in EMAIL.findall(line.group(1)))
    for match in FIRST_PERSON.finditer(text):
        phones.update(phone_numbers(match.group(1)))
    return {s for s in strings if s}, phones


def shown(page: str, strings: set[str], phones: set[str]) -> list[str]:
    """The reporter data visible in `page` (HTML or JSON text)."""
    text = " ".join(html.unescape(page).split()).lower()
    seen = [s for s in strings if " ".join(s.split()) in text]
    numbers = {digits(p) for p in PHONE.findall(text)}  # all, also those behind a label
    return seen + [p for p in phones if p in numbers]


def ikp(env: dict[str, str], *args: str, stdin: str | None = None) -> None:
    command = [sys.executable, "-m", "ikp.cli", *args]
    subprocess.run(command, env=env, cwd=REPO, input=stdin, text=True, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devset", type=Path, default=DEVSET)
    parser.add_argument("--data", type=Path, help="reuse this data directory if it exists")
    parser.add_argument("--show", action="store_true", help="print what leaks (dev-set text)")
    args = parser.parse_args()
    mails = sorted((args.devset / "items").glob("*.eml"))
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data or Path(tmp) / "data"
        if not data.exists():
            env = {**os.environ, "IKP_DATA_DIR": str(data), "PYTHONPATH": str(REPO)}
            env.pop("DATABASE_URL", None)
            ikp(env, "ingest", *map(str, mails))
            for name, role in USERS.items():
                ikp(env, "users", "add", name, "--role", role, stdin=PASSWORD + "\n")
        leaks = measure(data, mails)
    found = sum(len(s) + len(p) for s, p in (reporter_data(m.read_bytes()) for m in mails))
    print(f"{len(mails)} mails, {found} reporter values found by this script")
    for where in ("page", "export"):
        bad = sorted(n for n, places in leaks.items() if places.get(where))
        print(f"{where}: {len(bad)} of {len(mails)} mails show reporter data {bad}")
        if args.show:
            for n in bad:
                print(f"  {n}: {leaks[n][where]}")
    print(f"any: {sum(1 for p in leaks.values() if any(p.values()))} of {len(mails)}")


def measure(data: Path, mails: list[Path]) -> dict[str, dict[str, list[str]]]:
    """Per mail name: what the analist's pages and the export show of its reporter."""
    from fastapi.testclient import TestClient
    from sqlalchemy import select

    from ikp.config import Settings, open_store
    from ikp.web import web_app
    from store.models import Item

    settings = Settings(data_dir=data)
    with open_store(settings) as store, store.sessions() as session:
        digests = dict(session.execute(select(Item.id, Item.content_sha256)).tuples().all())
    by_digest = {hashlib.sha256(m.read_bytes()).hexdigest(): m for m in mails}
    leaks: dict[str, dict[str, list[str]]] = {}
    clients = {}
    for name in USERS:
        client = TestClient(web_app(settings), follow_redirects=False)
        client.__enter__()
        login = client.get("/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)  # type: ignore[union-attr]
        form = {"username": name, "password": PASSWORD, "csrf_token": token}
        assert client.post("/login", data=form).status_code == 303, name
        clients[name] = client
    for item_id, digest in sorted(digests.items()):
        mail = by_digest.get(digest)
        if mail is None:
            continue
        strings, phones = reporter_data(mail.read_bytes())
        pages = [clients[u].get(f"/items/{item_id}") for u in ("ana", "dana")]
        assert all(p.status_code == 200 for p in pages), item_id
        export = clients["mia"].get(f"/items/{item_id}/export.json").json()
        places = {"page": sorted({s for p in pages for s in shown(p.text, strings, phones)})}
        if export.get("reporter_masked"):
            dumped = json.dumps(export, ensure_ascii=False)
            places["export"] = sorted(shown(dumped, strings, phones))
        leaks[mail.name] = places
    for client in clients.values():
        client.__exit__(None, None, None)
    return leaks


if __name__ == "__main__":
    main()
