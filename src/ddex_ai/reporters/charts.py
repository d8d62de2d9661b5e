"""Bar charts as inline SVG, drawn by the reporter: the page needs no chart library.

Each chart comes with its data as rows, which the page shows as a table for screen readers
and in print; the bars carry their numbers and labels as text, never colour alone.
"""

from __future__ import annotations

from dataclasses import field

from markupsafe import Markup, escape

from ddex_ai.records import record

ROW_HEIGHT = 22
LABEL_WIDTH = 300
BAR_WIDTH = 260
WIDTH = LABEL_WIDTH + BAR_WIDTH + 70
MAX_BARS = 25  # more go into "N more" (the table lists them all)


@record(frozen=True, slots=True)
class Bar:
    label: str
    value: int
    href: str | None = None  # a link from the label (a rule's documentation)
    css: str = ""


@record(slots=True)
class Chart:
    id: str
    title: str
    bars: list[Bar]
    svg: Markup = field(default=Markup(""))

    @property
    def empty(self) -> bool:
        return not any(bar.value for bar in self.bars)


def bar_chart(chart_id: str, title: str, bars: list[Bar]) -> Chart:
    chart = Chart(chart_id, title, bars)
    if not chart.empty:
        chart.svg = _svg(chart)
    return chart


def _svg(chart: Chart) -> Markup:
    shown = chart.bars[:MAX_BARS]
    top = max(bar.value for bar in chart.bars) or 1
    height = ROW_HEIGHT * (len(shown) + (len(chart.bars) > MAX_BARS)) + 4
    title_id = f"chart-{chart.id}-title"
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{title_id}" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(chart.title)}</title>',
    ]
    for i, bar in enumerate(shown):
        y = i * ROW_HEIGHT + 2
        label = escape(_short(bar.label))
        text = f'<text class="label" x="{LABEL_WIDTH - 8}" y="{y + 15}">{label}</text>'
        if bar.href:
            text = f'<a href="{escape(bar.href)}">{text}</a>'
        width = round(BAR_WIDTH * bar.value / top) if bar.value else 0
        parts += [
            f"<g><title>{escape(bar.label)}: {bar.value}</title>",
            text,
            f'<rect class="bar {escape(bar.css)}" x="{LABEL_WIDTH}" y="{y + 3}" '
            f'width="{max(width, 1 if bar.value else 0)}" height="{ROW_HEIGHT - 6}"/>',
            f'<text class="value" x="{LABEL_WIDTH + width + 6}" y="{y + 15}">{bar.value}</text>',
            "</g>",
        ]
    if len(chart.bars) > MAX_BARS:
        y = len(shown) * ROW_HEIGHT + 2
        more = len(chart.bars) - MAX_BARS
        parts.append(
            f'<text class="label" x="{LABEL_WIDTH - 8}" y="{y + 15}">{more} more: see the table'
            "</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _short(label: str, limit: int = 44) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
