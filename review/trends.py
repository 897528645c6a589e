"""Trends for analysts: weekly inflow per type, source group and destination against a
baseline, with an alert when a week rises well above it; lead time and on-time share per
type over time.

The method, as the page explains it: a series' baseline for a week is the mean of the
TRAILING weeks before it (weeks without items count as 0). If inflow were as usual, a week's
count would follow a Poisson distribution with that mean; the week raises an alert when a
count at least this high would happen by chance less than once in 1/ALERT_P weeks
(P(X >= count) < ALERT_P) and the count is at least MIN_ALERT. A series needs TRAILING
weeks of history after its first item before it can alert.
"""

from __future__ import annotations

import csv
import io
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from markupsafe import Markup, escape
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.models import Decision, Item, Suggestion

TRAILING = 8
ALERT_P = 0.001
MIN_ALERT = 5
MIN_BASELINE = 0.5  # a quiet series' mean, so a first few items are not an alert by itself
DIMENSIONS = {"type": "type", "source": "bron", "destination": "bestemming"}


def week_start(moment: date) -> date:
    return moment - timedelta(days=moment.weekday())


def week_label(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def poisson_tail(k: int, mean: float) -> float:
    """P(X >= k) for X ~ Poisson(mean)."""
    if k <= 0:
        return 1.0
    term = math.exp(-mean)
    below = term
    for i in range(1, k):
        term *= mean / i
        below += term
    return max(0.0, 1.0 - below)


def threshold(mean: float) -> int:
    """The smallest count that raises an alert against baseline `mean`."""
    k = MIN_ALERT
    while poisson_tail(k, mean) >= ALERT_P:
        k += 1
    return k


@dataclass
class Series:
    dimension: str  # type / source / destination
    group: str
    counts: list[int]  # one per week of Trends.weeks
    baseline: list[float | None] = field(default_factory=list)  # None: too little history
    limit: list[int | None] = field(default_factory=list)
    alerts: list[int] = field(default_factory=list)  # indexes into Trends.weeks


def assess(series: Series) -> Series:
    """Fill in baseline, alert limit and alerts of `series` (see the module doc)."""
    series.baseline, series.limit, series.alerts = [], [], []
    # History starts at a series' first item: the weeks before a new installation or a
    # new type are no evidence of a quiet baseline.
    first = next((i for i, n in enumerate(series.counts) if n), len(series.counts))
    for i, n in enumerate(series.counts):
        if i < first + TRAILING:
            series.baseline.append(None)
            series.limit.append(None)
            continue
        mean = max(MIN_BASELINE, sum(series.counts[i - TRAILING : i]) / TRAILING)
        series.baseline.append(mean)
        series.limit.append(threshold(mean))
        if n >= series.limit[-1]:
            series.alerts.append(i)
    return series


@dataclass
class Trends:
    weeks: list[date] = field(default_factory=list)  # Mondays, oldest first
    series: list[Series] = field(default_factory=list)
    # type -> per week: (median lead time in days, share confirmed on time, n confirmed)
    lead: dict[str, list[tuple[float | None, float | None, int]]] = field(default_factory=dict)

    def alerts(self) -> list[tuple[date, Series]]:
        """Every alert, newest week first."""
        found = [(self.weeks[i], s) for s in self.series for i in s.alerts]
        return sorted(
            found, key=lambda a: (a[0], a[1].counts[self.weeks.index(a[0])]), reverse=True
        )


def compute(session: Session, *, until: date, weeks: int = 52) -> Trends:
    """The `weeks` weeks up to the week of `until`, from what the store holds."""
    last = week_start(until)
    mondays = [last - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]
    index = {m: i for i, m in enumerate(mondays)}
    newest = select(func.max(Suggestion.id)).group_by(Suggestion.item_id)
    suggested = {
        item_id: sorted({s["code"] for s in types})
        for item_id, types in session.execute(
            select(Suggestion.item_id, Suggestion.signal_types).where(Suggestion.id.in_(newest))
        )
    }
    decided: dict[int, Decision] = {d.item_id: d for d in session.scalars(select(Decision))}
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * weeks)
    leads: dict[str, list[list[float]]] = defaultdict(lambda: [[] for _ in range(weeks)])
    on_time: dict[str, list[list[bool]]] = defaultdict(lambda: [[] for _ in range(weeks)])
    rows = session.execute(
        select(Item.id, Item.received, Item.source, Item.channel, Item.primary, Item.due)
    )
    for item_id, received, source, channel, primary, due in rows:
        i = index.get(week_start(received.date()))
        if i is None:
            continue
        decision = decided.get(item_id)
        types = list(decision.signal_types) if decision else suggested.get(item_id, [])
        for code in types or ["(nog onbekend)"]:
            counts[("type", code)][i] += 1
        counts[("source", channel or source)][i] += 1
        counts[("destination", (decision.primary if decision else primary) or "(geen)")][i] += 1
        if decision is not None:
            days = (decision.decided_at - received).total_seconds() / 86400
            deadline = decision.due or due
            for code in decision.signal_types:
                leads[code][i].append(days)
                if deadline is not None:
                    on_time[code][i].append(decision.decided_at.date() <= deadline)
    trends = Trends(weeks=mondays)
    trends.series = [assess(Series(d, g, c)) for (d, g), c in sorted(counts.items())]
    for code in sorted(leads):
        trends.lead[code] = [
            (
                statistics.median(leads[code][i]) if leads[code][i] else None,
                sum(on_time[code][i]) / len(on_time[code][i]) if on_time[code][i] else None,
                len(leads[code][i]),
            )
            for i in range(weeks)
        ]
    return trends


def chart(series: Series, weeks: list[date], *, width: int = 520, height: int = 90) -> Markup:
    """Weekly counts as bars, the baseline as a line and alert weeks in another colour;
    inline SVG without script."""
    top = max([*series.counts, *(x for x in series.limit if x is not None), 1])
    bar = width / max(1, len(weeks))
    parts = [
        f'<svg class="trend" role="img" width="{width}" height="{height + 14}" '
        f'viewBox="0 0 {width} {height + 14}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(DIMENSIONS[series.dimension])} {escape(series.group)}</title>"
    ]
    for i, n in enumerate(series.counts):
        h = height * n / top
        cls = "alert" if i in series.alerts else "bar"
        parts.append(
            f'<rect class="{cls}" x="{i * bar:.1f}" y="{height - h:.1f}" width="{bar * 0.8:.1f}" '
            f'height="{h:.1f}"><title>{week_label(weeks[i])}: {n}</title></rect>'
        )
    points = [
        f"{(i + 0.4) * bar:.1f},{height - height * b / top:.1f}"
        for i, b in enumerate(series.baseline)
        if b is not None
    ]
    if points:
        parts.append(f'<polyline class="baseline" points="{" ".join(points)}"></polyline>')
    parts.append(
        f'<text x="0" y="{height + 12}">{week_label(weeks[0])}</text>'
        f'<text x="{width}" y="{height + 12}" text-anchor="end">{week_label(weeks[-1])}</text>'
        "</svg>"
    )
    return Markup("".join(parts))


def to_csv(trends: Trends) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["dimension", "group", "week", "count", "baseline", "alert_limit", "alert"])
    for s in trends.series:
        for i, monday in enumerate(trends.weeks):
            base = s.baseline[i]
            writer.writerow(
                [
                    s.dimension,
                    s.group,
                    week_label(monday),
                    s.counts[i],
                    "" if base is None else f"{base:.2f}",
                    "" if s.limit[i] is None else s.limit[i],
                    int(i in s.alerts),
                ]
            )
    writer.writerow([])
    writer.writerow(["type", "week", "lead_time_days_median", "on_time_share", "confirmed"])
    for code, values in trends.lead.items():
        for monday, (median, share, n) in zip(trends.weeks, values, strict=True):
            if n:
                writer.writerow(
                    [
                        code,
                        week_label(monday),
                        "" if median is None else f"{median:.2f}",
                        "" if share is None else f"{share:.3f}",
                        n,
                    ]
                )
    return out.getvalue()
