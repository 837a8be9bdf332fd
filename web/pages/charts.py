"""The dashboard's two charts as inline SVG, drawn on the server (no script, no CDN; decision 019): the daily
trend (cases ended on time and late, one stacked bar per day) and the colour distribution of the open cases
(one bar split by colour). Pure functions of counts and already-translated labels; sizes are exact decimals,
so the same counts always draw the same bytes. Every label is escaped; each chart has a <title> and an
aria-label, and every segment its own <title> with its count, so nothing is said by colour alone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from markupsafe import Markup, escape

WIDTH, HEIGHT, AXIS = 600, 160, 20  # the trend's plot area; AXIS is the room left for the day labels below
BAR_HEIGHT = 28  # the colour bar; its legend sits in the AXIS room below
FILLS = {"on_time": "#17603a", "late": "#9b1c1c", "red": "#9b1c1c", "amber": "#b7791f", "green": "#17603a",
         "waiting": "#7a8794"}
CENT = Decimal("0.01")


def _n(value: Decimal | int) -> str:
    text = f"{Decimal(value).quantize(CENT, ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".")


def _scaled(value: int, whole: int, length: int) -> Decimal:
    return Decimal(value) * length / whole if whole else Decimal(0)


def _open(chart_id: str, title: str, width: int, height: int) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" role="img" '
            f'viewBox="0 0 {width} {height}" width="100%" aria-label="{escape(title)}" data-test="{escape(chart_id)}">',
            f"<title>{escape(title)}</title>"]


def _rect(x: Decimal | int, y: Decimal | int, w: Decimal | int, h: Decimal | int, fill: str, tip: str,
          kind: str) -> str:
    return (f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" fill="{fill}" data-kind="{kind}">'
            f"<title>{escape(tip)}</title></rect>")


def trend_chart(days: Sequence[Mapping[str, Any]], *, title: str, on_time: str, late: str, empty: str) -> Markup:
    """One stacked bar per day (on time below, late above), heights proportional to the busiest day."""
    parts = _open("trend-chart", title, WIDTH, HEIGHT + AXIS)
    parts.append(f'<line x1="0" y1="{HEIGHT}" x2="{WIDTH}" y2="{HEIGHT}" stroke="#5b6876" stroke-width="1"/>')
    tallest = max((int(d["on_time"]) + int(d["late"]) for d in days), default=0)
    if not tallest:
        parts.append(f'<text x="{WIDTH // 2}" y="{HEIGHT // 2}" text-anchor="middle" fill="#5b6876">'
                     f"{escape(empty)}</text>")
    slot = Decimal(WIDTH) / max(len(days), 1)
    for i, day in enumerate(days if tallest else ()):
        x, bar = slot * i + slot / 10, slot * 8 / 10
        top = Decimal(HEIGHT)
        for kind, wording in (("on_time", on_time), ("late", late)):
            count = int(day[kind])
            if count:
                height = _scaled(count, tallest, HEIGHT)
                top -= height
                parts.append(_rect(x, top, bar, height, FILLS[kind], f"{day['day']} {wording}: {count}", kind))
    for i, day in enumerate(days):
        if i % 7 == len(days) % 7 or i == len(days) - 1:  # a label a week, and the last day
            anchor = "end" if i == len(days) - 1 else "middle"  # the last day's label inside the chart
            x = slot * (i + 1) if i == len(days) - 1 else slot * i + slot / 2
            parts.append(f'<text x="{_n(x)}" y="{HEIGHT + AXIS - 4}" font-size="11" '
                         f'text-anchor="{anchor}" fill="#5b6876">{escape(str(day["day"])[5:])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def colour_bar(counts: Mapping[str, int], wordings: Mapping[str, str], *, title: str, empty: str) -> Markup:
    """One bar split by colour, each part as long as its share of the open cases, named with its count."""
    total = sum(int(n) for n in counts.values())
    parts = _open("colour-chart", title, WIDTH, BAR_HEIGHT + AXIS)
    if not total:
        parts.append(f'<rect x="0" y="0" width="{WIDTH}" height="{BAR_HEIGHT}" fill="#eef1f4"/>'
                     f'<text x="{WIDTH // 2}" y="{BAR_HEIGHT - 9}" text-anchor="middle" fill="#5b6876">'
                     f"{escape(empty)}</text>")
    x, legend = Decimal(0), Decimal(WIDTH) / max(len(counts), 1)
    for i, (colour, count) in enumerate(counts.items()):
        label = f"{wordings.get(colour, colour)}: {int(count)}"
        if total and int(count):
            width = _scaled(int(count), total, WIDTH)
            parts.append(_rect(x, 0, width, BAR_HEIGHT, FILLS.get(colour, "#7a8794"), label, colour))
            x += width
        # the legend names every colour with its count, evenly spaced, whatever the parts' lengths
        parts.append(f'<rect x="{_n(legend * i)}" y="{BAR_HEIGHT + 8}" width="10" height="10" '
                     f'fill="{FILLS.get(colour, "#7a8794")}"/><text x="{_n(legend * i + 14)}" '
                     f'y="{BAR_HEIGHT + AXIS - 3}" font-size="12" fill="#1d2733">{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
