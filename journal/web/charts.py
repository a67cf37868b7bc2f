"""The stats page's charts, drawn here as SVG: no script, nothing to load, and every
label escaped like the rest of the page.

The charts have no viewBox: they are as wide as the page, placed in percentages, and their
text is drawn at its size in px, so the labels stay readable on a phone instead of being
scaled down with the picture."""

from __future__ import annotations

from markupsafe import Markup, escape

from journal.fields import FOUND_VIA

# One colour a way of finding people, the same in the chart and its legend.
COLOURS = dict(
    zip(
        (*FOUND_VIA, "unknown"),
        ("#2563eb", "#d97706", "#7c3aed", "#059669", "#db2777", "#64748b", "#a3a3a3"),
        strict=True,
    )
)


def month_labels(n: int, month: str) -> list[tuple[str, int]]:
    """What the time axis says under month number `n` of the chart ("2025-04"): the
    month of each quarter ("04"), and under January, or the first month when it is not
    too close to one, the year: short, so that 25 months fit in a phone's width."""
    year, mm = month.split("-")
    said = [(mm, 0)] if mm in ("01", "04", "07", "10") else []
    if mm == "01" or (n == 0 and int(mm) <= 10):
        said.append((year, 1))
    return said


def months_chart(months: list[str], per_month: list[dict], *, height: int = 170) -> Markup:
    """People met per month, a bar a month stacked by how they were found."""
    counts: dict[str, dict[str, int]] = {m: {} for m in months}
    for row in per_month:
        if row["month"] in counts:
            counts[row["month"]][row["how"]] = row["people"]
    most = max((sum(c.values()) for c in counts.values()), default=0) or 1
    column = 100 / max(len(months), 1)  # each month's share of the width, in %
    top, bottom = 16, 38  # room for the values over the bars, and the axis under them
    parts = [
        f'<svg class="journal-chart journal-chart-months" width="100%" height="{height + bottom}"'
        f' role="img" aria-labelledby="months-title">',
        f'<line x1="0" x2="100%" y1="{height + 0.5}" y2="{height + 0.5}"'
        ' class="journal-chart-axis"/>',
    ]
    for n, month in enumerate(months):
        x, y = n * column, height
        middle = f"{x + column / 2:.2f}%"
        total = sum(counts[month].values())
        for how, colour in COLOURS.items():
            k = counts[month].get(how, 0)
            if not k:
                continue
            h = k * (height - top) / most
            y -= h
            parts.append(
                f'<rect x="{x + column * 0.15:.2f}%" y="{y:.1f}" width="{column * 0.7:.2f}%"'
                f' height="{h:.1f}" fill="{colour}">'
                f"<title>{escape(month)}: {k} by {escape(how)}</title></rect>"
            )
        if total:
            parts.append(
                f'<text x="{middle}" y="{y - 3:.1f}" text-anchor="middle"'
                f' class="journal-chart-value">{total}</text>'
            )
        for text, line in month_labels(n, month):
            parts.append(
                f'<text x="{middle}" y="{height + 15 + 17 * line}" text-anchor="middle"'
                f' class="journal-chart-label">{escape(text)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def bars(rows: list[dict], *, label: str, value: str, link=None) -> Markup:
    """Horizontal bars, largest first: `label` of each row over its bar, `value` its
    length, so a long name has the whole width on a phone."""
    most = max((r[value] for r in rows), default=0) or 1
    step = 38
    parts = [
        f'<svg class="journal-chart journal-chart-bars" width="100%" height="{len(rows) * step}"'
        f' role="img">'
    ]
    for n, row in enumerate(rows):
        y = n * step
        w = row[value] * 88 / most  # in %, leaving room for the value after the bar
        text = str(row[label])
        short = text if len(text) <= 44 else text[:43] + "…"
        name = f'<text x="0" y="{y + 14}" class="journal-chart-label">{escape(short)}</text>'
        if link is not None:
            name = f'<a href="{escape(link(row))}">{name}</a>'
        parts.append(
            f'{name}<rect x="0" y="{y + 19}" width="{w:.2f}%" height="13" fill="#2563eb">'
            f"<title>{escape(text)}: {row[value]}</title></rect>"
            f'<text x="{w:.2f}%" dx="5" y="{y + 30}"'
            f' class="journal-chart-value">{row[value]}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def for_stats(stats: dict, *, person_url, event_url) -> dict:
    return {
        "months": months_chart(stats["months"], stats["per_month"]),
        "colours": COLOURS,
        "events": bars(stats["events"], label="name", value="people", link=event_url),
        "introducers": bars(stats["introducers"], label="name", value="people", link=person_url),
    }
