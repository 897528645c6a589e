"""A generated year of fictional IKP traffic for the demo, with planted phenomena and a rise.

Everything is invented: names, streets, numbers, organisations (e-mail domains end in
.example). About 50 tips a week for 52 weeks, in Dutch and about one in twelve in
English, from the senders the IKP hears from (chain partners, IND staff, citizens and
anonymous reporters by mail, phone and desk), of every signal type with a seasonal
background inflow (fewer around Christmas and in the summer holidays).

Planted in it, each growing over some weeks up to the last ones:
- PLANTED: six phenomena of different kinds of shared value (an address where many people
  are registered, a smuggler's phone number, an IBAN receiving money for sham marriages,
  an employer's KvK number, a van's plate, a sponsor's e-mail address). Their tips name
  the value in the notations people write it in; every other value in them is unique.
- RISE: tips of type `mensenhandel` jump to several times their usual weekly number in
  the week RISE_WEEKS_AGO weeks before the last (an inspection at the employer).

Deterministic: the same seed, end and size give the same year. The loader is
scripts/load_demo_year.py; this module only writes the texts and the truth.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from contract.clock import AMSTERDAM
from routing.calendar import is_working_day
from scripts.demo_year_texts import (
    BACKGROUND,
    ENGLISH,
    PLANTED_TEXTS,
    SUBJECTS,
    Slots,
    fields,
    iban_of,
)

WEEKS = 52
PER_WEEK = 50  # mean weekly inflow of the background
ENGLISH_SHARE = 1 / 12
RISE_TYPE = "mensenhandel"
RISE_WEEKS_AGO = 3  # the rise's week, counted back from the week of `end`
RISE_EXTRA = 14  # tips of the rise on top of the usual ones
# Share of each signal type in the background (a tip may get a second type, see TYPE_PAIRS).
TYPE_SHARES = {
    "verblijfsfraude": 0.24, "schijnhuwelijk": 0.12, "algemene_vraag": 0.12,
    "referentfraude": 0.09, "identiteitsfraude": 0.08, "informatieverzoek": 0.08,
    "asielfraude": 0.07, "openbare_orde": 0.07, "mensenhandel": 0.05, "mensensmokkel": 0.04,
    "nationale_veiligheid": 0.025, "oorlogsmisdrijven": 0.015,
}  # fmt: skip
TYPE_PAIRS = {"mensenhandel": "referentfraude", "schijnhuwelijk": "verblijfsfraude"}
# Working days from receipt to the staff decision; most within the five-day deadline.
LEAD_DAYS = (1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 5, 5, 6, 8)


@dataclass(frozen=True)
class Tip:
    key: str  # unique and stable: the Message-ID's local part or the phone note's reference
    received: datetime  # UTC
    channel: str  # email / phone / desk
    sender: str  # From header ("Naam <adres>"); phone and desk: the reporter's name or ""
    subject: str
    text: str
    language: str  # nl / en
    types: tuple[str, ...]  # what staff confirm
    decided: datetime | None  # when staff decide; None: still open at the end
    planted: str | None = None  # the planted phenomenon's name


@dataclass(frozen=True)
class Planted:
    name: str
    kind: str  # linking.phenomena kind of the shared value
    value: str  # its normalised key, as ikp.phenomena computes it
    types: tuple[str, ...]
    weeks: tuple[int, ...]  # weeks (0 = oldest) with tips; several in one week allowed
    make: Callable[[Slots, random.Random], Slots]  # sets the shared value in a tip's slots


@dataclass(frozen=True)
class Year:
    end: datetime
    weeks: tuple[date, ...]  # Mondays, oldest first
    tips: tuple[Tip, ...]  # by receipt
    planted: tuple[Planted, ...]
    rise_type: str
    rise_week: date  # Monday of the rise

    def of(self, name: str) -> list[Tip]:
        return [t for t in self.tips if t.planted == name]


PLANTED_IBAN = iban_of("KNAB", 6283041957)


def _grown(last: int, spans: tuple[int, ...]) -> tuple[int, ...]:
    """Weeks counted back from `last`: a phenomenon that grows towards the end."""
    return tuple(sorted(last - s for s in spans))


def planted_phenomena(last: int) -> tuple[Planted, ...]:
    """The six phenomena; `last` is the index of the newest week."""
    rise = last - RISE_WEEKS_AGO

    def at(**slots: str) -> Callable[[Slots, random.Random], Slots]:
        return lambda s, rng: s.replace(**slots)

    def phone(s: Slots, rng: random.Random) -> Slots:
        notations = ("06 4187 3265", "06-41873265", "+31 6 41873265", "0641873265")
        return s.replace(telefoon=rng.choice(notations))

    def account(s: Slots, rng: random.Random) -> Slots:
        spaced = " ".join(PLANTED_IBAN[i : i + 4] for i in range(0, len(PLANTED_IBAN), 4))
        return s.replace(iban=rng.choice((PLANTED_IBAN, spaced)))

    return (
        Planted(
            "Zwanebloemlaan 41",
            "ADRES",
            "zwanebloemlaan|41",
            ("verblijfsfraude",),
            _grown(last, (11, 9, 8, 7, 5, 4, 2, 1, 0, 0)),
            at(adres="Zwanebloemlaan 41", postcode="7416 XN", plaats="Deventer"),
        ),
        Planted(
            "telefoon bemiddelaar",
            "TELEFOON",
            "+31641873265",
            ("mensensmokkel",),
            _grown(last, (12, 10, 9, 7, 5, 4, 2, 1, 0)),
            phone,
        ),
        Planted(
            "IBAN huwelijksbemiddeling",
            "IBAN",
            PLANTED_IBAN,
            ("schijnhuwelijk",),
            _grown(last, (15, 13, 11, 9, 8, 6, 4, 3, 1)),
            account,
        ),
        Planted(
            "uitzendbureau Kraanvogel",
            "KVK",
            "81947263",
            ("mensenhandel", "referentfraude"),
            (*_grown(last, (9, 8, 7, 6, 5, 2, 1, 0)), *[rise] * RISE_EXTRA),
            at(bedrijf="Uitzendbureau Kraanvogel B.V.", kvk="81947263"),
        ),
        Planted(
            "busje VT-482-K",
            "KENTEKEN",
            "VT482K",  # the search key: the plate without dashes
            ("openbare_orde",),
            _grown(last, (10, 9, 7, 6, 4, 3, 2, 1)),
            at(kenteken="VT-482-K"),
        ),
        Planted(
            "sponsor Kennisbrug",
            "EMAIL",
            "aanvragen@kennisbrug-international.example",
            ("referentfraude",),
            _grown(last, (14, 12, 11, 9, 7, 5, 3, 2, 1, 0)),
            at(
                sponsor="Stichting Kennisbrug International",
                sponsor_mail="aanvragen@kennisbrug-international.example",
            ),
        ),
    )


def _season(monday: date) -> float:
    """Inflow relative to the year's mean: a mild winter peak, dips in the holidays."""
    week = monday.isocalendar()[1]
    factor = 1 + 0.12 * math.cos(2 * math.pi * (week - 4) / 52)
    if week in (52, 53, 1):
        factor *= 0.6
    elif 29 <= week <= 33:
        factor *= 0.8
    return factor


def _poisson(rng: random.Random, mean: float) -> int:
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _moment(rng: random.Random, monday: date, end: datetime) -> datetime | None:
    """A moment of receipt in the week of `monday` (mostly working hours), before `end`."""
    days = [monday + timedelta(days=d) for d in range(7)]
    working = [d for d in days if is_working_day(d)] or days
    day = rng.choice(days if rng.random() < 0.08 else working)
    hour = rng.choice((7, 8, 9, 9, 10, 10, 11, 11, 12, 13, 14, 14, 15, 15, 16, 17, 19, 21))
    local = datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)), AMSTERDAM)
    moment = local.astimezone(UTC)
    return moment if moment < end else None


def _decided(rng: random.Random, received: datetime, end: datetime) -> datetime | None:
    day = received.astimezone(AMSTERDAM).date()
    for _ in range(rng.choice(LEAD_DAYS)):
        day += timedelta(days=1)
        while not is_working_day(day):
            day += timedelta(days=1)
    at = time(rng.randrange(8, 17), rng.randrange(60))
    moment = max(datetime.combine(day, at, AMSTERDAM).astimezone(UTC), received)
    return moment if moment < end else None


def _types(rng: random.Random) -> tuple[str, ...]:
    first = rng.choices(list(TYPE_SHARES), weights=list(TYPE_SHARES.values()))[0]
    second = TYPE_PAIRS.get(first)
    return (first, second) if second and rng.random() < 0.3 else (first,)


def generate_year(
    end: datetime, *, seed: int = 17, per_week: float = PER_WEEK, weeks: int = WEEKS
) -> Year:
    """The year of `weeks` weeks up to `end` (tz-aware): background, planted tips, rise."""
    rng = random.Random(seed)
    newest = end.astimezone(AMSTERDAM).date()
    newest -= timedelta(days=newest.weekday())
    mondays = tuple(newest - timedelta(weeks=weeks - 1 - i) for i in range(weeks))
    planted = planted_phenomena(len(mondays) - 1)
    slots = Slots.factory(rng, reserved={p.value for p in planted} | {"06 4187 3265", "VT-482-K"})
    drafts: list[tuple[datetime, tuple[str, ...], str | None, Callable[..., Slots] | None]] = []
    for i, monday in enumerate(mondays):
        for _ in range(_poisson(rng, per_week * _season(monday))):
            if at := _moment(rng, monday, end):
                drafts.append((at, _types(rng), None, None))
        for p in planted:
            for _ in range(p.weeks.count(i)):
                if at := _moment(rng, monday, end):
                    drafts.append((at, p.types, p.name, p.make))
    drafts.sort(key=lambda d: d[0])
    tips = []
    for n, (at, types, name, make) in enumerate(drafts):
        english = rng.random() < ENGLISH_SHARE
        if name:
            templates = PLANTED_TEXTS[f"{name} (en)" if english else name]
        else:
            templates = (ENGLISH if english else BACKGROUND)[types[0]]
        template = rng.choice(templates)
        filled = slots(rng, fields(template))
        if make is not None:
            filled = make(filled, rng)
        channel, sender, body = filled.reporter(rng, template, english, types[0])
        if channel != "email":  # a note of the call or visit, headed by its moment
            body = f"Notitie {at.astimezone(AMSTERDAM):%d-%m-%Y %H:%M}. {body}"
        tips.append(
            Tip(
                key=f"jaar-{n:05d}-{at:%Y%m%d}",
                received=at,
                channel=channel,
                sender=sender,
                subject=rng.choice(SUBJECTS["en" if english else "nl"][types[0]]),
                text=body,
                language="en" if english else "nl",
                types=types,
                decided=_decided(rng, at, end),
                planted=name,
            )
        )
    rise = mondays[len(mondays) - 1 - RISE_WEEKS_AGO]
    return Year(end, mondays, tuple(tips), planted, RISE_TYPE, rise)
