"""Figures for analists and beheerders: intake, lead time, backlog, deadlines, agreement."""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from markupsafe import Markup, escape
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from contract.clock import local_today
from store.models import Decision, Item, Suggestion
from store.outbox import state_counts
from store.pairs import confirmed_pairs
from store.retention import ITEMS_ROW, retired_counts
from store.review import OPEN_STATUSES
from store.unprocessed import unprocessed_counts


@dataclass
class Figures:
    intake_by_type: dict[str, Counter[str]] = field(default_factory=dict)  # week -> type -> n
    intake_by_source: dict[str, Counter[str]] = field(default_factory=dict)
    lead_time: dict[str, tuple[float, float, int]] = field(default_factory=dict)  # median, p90, n
    backlog: int = 0
    overdue: int = 0
    within_deadline: tuple[int, int] = (0, 0)  # confirmed on time, confirmed with a due date
    agreement: dict[str, tuple[float, int]] = field(default_factory=dict)  # share, n
    # waiting on the "Niet verwerkt" page: failed, quarantined items, unstored mails
    unprocessed: dict[str, int] = field(default_factory=dict)

    @property
    def unprocessed_total(self) -> int:
        return sum(self.unprocessed.values())

    forwarded: Counter[str] = field(default_factory=Counter)  # outbox mails by state
    # pairs confirmed as one case, and the later items of those pairs ("repeats"): a repeat
    # is left out of the intake per type (its case was counted at the first report) but
    # stays in the intake per source (it did arrive)
    duplicate_pairs: int = 0
    repeats: int = 0

    @property
    def within_share(self) -> float | None:
        on_time, total = self.within_deadline
        return on_time / total if total else None


def _week(moment: datetime) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def compute(session: Session, today: date | None = None) -> Figures:
    today = today or local_today()
    fig = Figures()
    newest = select(func.max(Suggestion.id)).group_by(Suggestion.item_id)
    suggested: dict[int, set[str]] = {
        item_id: {s["code"] for s in types}
        for item_id, types in session.execute(
            select(Suggestion.item_id, Suggestion.signal_types).where(Suggestion.id.in_(newest))
        )
    }
    decided: dict[int, Decision] = {d.item_id: d for d in session.scalars(select(Decision))}
    by_type: dict[str, Counter[str]] = defaultdict(Counter)
    by_source: dict[str, Counter[str]] = defaultdict(Counter)
    leads: dict[str, list[float]] = defaultdict(list)
    on_time = with_due = 0
    rows = session.execute(select(Item.id, Item.received, Item.source, Item.status, Item.due))
    pairs = confirmed_pairs(session)
    arrived: dict[int, tuple[datetime, int]] = {}
    for item_id, received, source, status, due in rows:
        arrived[item_id] = (received, item_id)
        week = _week(received)
        by_source[week][source] += 1
        decision = decided.get(item_id)
        types = set(decision.signal_types) if decision else suggested.get(item_id, set())
        for code in types or {"(nog onbekend)"}:
            by_type[week][code] += 1
        if status in OPEN_STATUSES:
            fig.backlog += 1
            fig.overdue += bool(due and due < today)
        if decision is not None:
            days = (decision.decided_at - received).total_seconds() / 86400
            for code in decision.signal_types:
                leads[code].append(days)
            deadline = decision.due or due
            if deadline is not None:
                with_due += 1
                on_time += decision.decided_at.date() <= deadline
    _count_repeats_once(fig, pairs, arrived, by_type, decided, suggested)
    fig.unprocessed = unprocessed_counts(session)
    # Items deleted under the retention policy still count in the intake (store.retention).
    for row in retired_counts(session):
        if row.code == ITEMS_ROW:
            by_source[row.week][row.source] += row.n
        else:
            by_type[row.week][row.code] += row.n
    fig.intake_by_type = dict(sorted(by_type.items()))
    fig.intake_by_source = dict(sorted(by_source.items()))
    fig.lead_time = {
        code: (statistics.median(v), _p90(v), len(v)) for code, v in sorted(leads.items())
    }
    fig.within_deadline = (on_time, with_due)
    # Agreement per type: of the items where suggestion or decision has the type, the
    # share where both have it (Jaccard), so misses and false alarms both count.
    either: Counter[str] = Counter()
    both: Counter[str] = Counter()
    for item_id, decision in decided.items():
        got, want = suggested.get(item_id, set()), set(decision.signal_types)
        for code in got | want:
            either[code] += 1
            both[code] += code in got and code in want
    fig.agreement = {code: (both[code] / either[code], either[code]) for code in sorted(either)}
    fig.forwarded = state_counts(session)
    return fig


def _count_repeats_once(
    fig: Figures,
    pairs: list[tuple[int, int]],
    arrived: dict[int, tuple[datetime, int]],
    by_type: dict[str, Counter[str]],
    decided: dict[int, Decision],
    suggested: dict[int, set[str]],
) -> None:
    """Take the later item of each confirmed pair out of the intake per type, once."""
    fig.duplicate_pairs = len(pairs)
    repeats = {max(pair, key=arrived.__getitem__) for pair in pairs}
    fig.repeats = len(repeats)
    for item_id in repeats:
        received, _ = arrived[item_id]
        decision = decided.get(item_id)
        types = set(decision.signal_types) if decision else suggested.get(item_id, set())
        counts = by_type[_week(received)]
        for code in types or {"(nog onbekend)"}:
            counts[code] -= 1
            if counts[code] <= 0:
                del counts[code]


def bar_chart(values: dict[str, float], *, title: str, unit: str = "", width: int = 560) -> Markup:
    """A horizontal bar chart as inline SVG (no script, no external resources); `title`
    names it for screen readers (the table beside it has the numbers)."""
    if not values:
        return Markup('<p class="muted">Geen gegevens.</p>')
    bar_h, label_w = 20, 190
    top = max(values.values()) or 1
    height = bar_h * len(values) + 4
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" '
        f'width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (label, value) in enumerate(values.items()):
        y = i * bar_h + 2
        w = max(1, int((width - label_w - 70) * value / top))
        shown = (
            f"{value:.1f}" if isinstance(value, float) and not value.is_integer() else f"{value:g}"
        )
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{bar_h - 6}"></rect>'
            f'<text x="{label_w + w + 4}" y="{y + 14}">{escape(shown)}{escape(unit)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def to_csv(fig: Figures) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["figure", "group", "key", "value"])
    for week, counts in fig.intake_by_type.items():
        for code, n in sorted(counts.items()):
            writer.writerow(["intake_by_type", week, code, n])
    for week, counts in fig.intake_by_source.items():
        for source, n in sorted(counts.items()):
            writer.writerow(["intake_by_source", week, source, n])
    for code, (median, p90, n) in fig.lead_time.items():
        writer.writerow(["lead_time_days_median", code, "", f"{median:.2f}"])
        writer.writerow(["lead_time_days_p90", code, "", f"{p90:.2f}"])
        writer.writerow(["lead_time_n", code, "", n])
    writer.writerow(["backlog", "", "", fig.backlog])
    for what, n in fig.unprocessed.items():
        writer.writerow(["unprocessed", what, "", n])
    writer.writerow(["overdue", "", "", fig.overdue])
    writer.writerow(["confirmed_duplicates", "", "pairs", fig.duplicate_pairs])
    writer.writerow(["confirmed_duplicates", "", "repeats_not_in_intake_by_type", fig.repeats])
    on_time, total = fig.within_deadline
    writer.writerow(["confirmed_within_deadline", "", "on_time", on_time])
    writer.writerow(["confirmed_within_deadline", "", "total", total])
    for code, (share, n) in fig.agreement.items():
        writer.writerow(["agreement", code, "share", f"{share:.3f}"])
        writer.writerow(["agreement", code, "n", n])
    for state in ("pending", "sent", "failed"):
        writer.writerow(["forwarded_mails", "", state, fig.forwarded.get(state, 0)])
    return out.getvalue()
