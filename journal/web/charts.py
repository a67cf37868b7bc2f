"""The stats page's charts, drawn here as SVG: no script, nothing to load, and every
label escaped like the rest of the page."""

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


def months_chart(months: list[str], per_month: list[dict], *, height: int = 180) -> Markup:
    """People met per month, a bar a month stacked by how they were found."""
    counts: dict[str, dict[str, int]] = {m: {} for m in months}
    for row in per_month:
        if row["month"] in counts:
            counts[row["month"]][row["how"]] = row["people"]
    most = max((sum(c.values()) for c in counts.values()), default=0) or 1
    bar, gap, bottom, left = 22, 6, 28, 24  # room for the first month's label
    width = len(months) * (bar + gap) + gap + 2 * left
    parts = [
        f'<svg class="journal-chart" viewBox="0 0 {width} {height + bottom}" role="img"'
        f' aria-labelledby="months-title" preserveAspectRatio="xMinYMin meet">'
    ]
    for n, month in enumerate(months):
        x, y = left + gap + n * (bar + gap), height
        total = sum(counts[month].values())
        for how, colour in COLOURS.items():
            k = counts[month].get(how, 0)
            if not k:
                continue
            h = k * (height - 14) / most
            y -= h
            parts.append(
                f'<rect x="{x}" y="{y:.1f}" width="{bar}" height="{h:.1f}" fill="{colour}">'
                f"<title>{escape(month)}: {k} by {escape(how)}</title></rect>"
            )
        if total:
            parts.append(
                f'<text x="{x + bar / 2}" y="{y - 3:.1f}" text-anchor="middle"'
                f' class="journal-chart-value">{total}</text>'
            )
        if n % 3 == 0 or n == len(months) - 1:
            parts.append(
                f'<text x="{x + bar / 2}" y="{height + 16}" text-anchor="middle"'
                f' class="journal-chart-label">{escape(month)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def bars(rows: list[dict], *, label: str, value: str, link=None, width: int = 420) -> Markup:
    """Horizontal bars, largest first: `label` of each row, `value` its length."""
    most = max((r[value] for r in rows), default=0) or 1
    step, name_width = 24, 170
    parts = [
        f'<svg class="journal-chart" viewBox="0 0 {width} {len(rows) * step + 4}" role="img"'
        f' preserveAspectRatio="xMinYMin meet">'
    ]
    for n, row in enumerate(rows):
        y = n * step + 2
        w = row[value] * (width - name_width - 40) / most
        text = str(row[label])
        short = text if len(text) <= 24 else text[:23] + "…"
        name = f'<text x="0" y="{y + 15}" class="journal-chart-label">{escape(short)}</text>'
        if link is not None:
            name = f'<a href="{escape(link(row))}">{name}</a>'
        parts.append(
            f'{name}<rect x="{name_width}" y="{y + 3}" width="{w:.1f}" height="16"'
            f' fill="#2563eb"><title>{escape(text)}: {row[value]}</title></rect>'
            f'<text x="{name_width + w + 5:.1f}" y="{y + 15}"'
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
