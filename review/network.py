"""A cluster drawn as a small network, as inline SVG without script: shared values on an
inner ring (squares), items on an outer ring (circles, new ones filled darker), a line
from each item to each value it holds. Items sit near the values they hold, so a chain
reads as a chain. The page puts a table of the same nodes beside it for screen readers
and for anyone who prefers text; the SVG's title and desc say what it shows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

SIZE = 380
MAX_ITEMS = 60  # a larger cluster is drawn with its newest items; the table lists all


@dataclass(frozen=True)
class Node:
    key: str  # "i123" for an item, "v0" for a shared value
    label: str  # short text on the node
    title: str  # the whole description (tooltip, and the table's row)
    highlight: bool = False  # a new item


def _ring(n: int, radius: float, offset: float = 0.0) -> list[tuple[float, float]]:
    centre = SIZE / 2
    if n == 1 and radius < SIZE / 4:
        return [(centre, centre)]
    return [
        (
            centre + radius * math.cos(offset + 2 * math.pi * k / n - math.pi / 2),
            centre + radius * math.sin(offset + 2 * math.pi * k / n - math.pi / 2),
        )
        for k in range(n)
    ]


def draw(
    values: Sequence[Node],
    items: Sequence[Node],
    edges: Sequence[tuple[str, str]],
    *,
    ident: str,
    title: str,
    description: str,
) -> Markup:
    """The network of `values` and `items` joined by `edges` (item key, value key)."""
    inner = _ring(len(values), SIZE * (0.18 if len(values) > 1 else 0.0))
    where = {v.key: p for v, p in zip(values, inner, strict=True)}
    angle = {
        v.key: math.atan2(p[1] - SIZE / 2, p[0] - SIZE / 2)
        for v, p in zip(values, inner, strict=True)
    }
    holds: dict[str, list[str]] = {}
    for item_key, value_key in edges:
        holds.setdefault(item_key, []).append(value_key)

    def mean_angle(node: Node) -> float:
        keys = holds.get(node.key, [])
        x = sum(math.cos(angle[k]) for k in keys)
        y = sum(math.sin(angle[k]) for k in keys)
        return math.atan2(y, x) if keys else 0.0

    ordered = sorted(items, key=lambda n: (mean_angle(n), n.key))
    for node, point in zip(ordered, _ring(len(ordered), SIZE * 0.42), strict=True):
        where[node.key] = point
    out = [
        f'<svg class="network" role="img" aria-labelledby="{ident}-t {ident}-d" '
        f'width="{SIZE}" height="{SIZE}" viewBox="0 0 {SIZE} {SIZE}" '
        'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-t">{escape(title)}</title>'
        f'<desc id="{ident}-d">{escape(description)}</desc>'
    ]
    for item_key, value_key in edges:
        if item_key in where and value_key in where:
            (x1, y1), (x2, y2) = where[item_key], where[value_key]
            out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"></line>')
    for node in values:
        x, y = where[node.key]
        out.append(
            f'<g class="value"><title>{escape(node.title)}</title>'
            f'<rect x="{x - 22:.1f}" y="{y - 11:.1f}" width="44" height="22" rx="3"></rect>'
            f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle">'
            f"{escape(node.label)}</text></g>"
        )
    for node in items:
        x, y = where[node.key]
        cls = "item new" if node.highlight else "item"
        out.append(
            f'<g class="{cls}"><title>{escape(node.title)}</title>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="15"></circle>'
            f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle">'
            f"{escape(node.label)}</text></g>"
        )
    out.append("</svg>")
    return Markup("".join(out))
