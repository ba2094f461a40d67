"""A small SVG writer for latency_curves.py (stdlib only): one figure per suite with a panel per percentile, x the
load in percent (linear), y the latency in microseconds on a log scale, one polyline per system in each panel, a
legend, axis labels and the 1 ms line of issue 23's targets."""
import math
from xml.sax.saxutils import escape, quoteattr

COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]
PANEL_W, PANEL_H = 380, 280
LEFT, TOP, GAP, RIGHT, BOTTOM = 70, 50, 90, 170, 60
FLOOR_US = 0.1  # a log axis cannot show 0: anything below is drawn at 0.1 µs


def _us_label(value):
    if value >= 1e6:
        return f"{value / 1e6:g} s"
    if value >= 1e3:
        return f"{value / 1e3:g} ms"
    return f"{value:g} µs"


def _decades(values, line_us):
    low = min([v for v in values if v > 0] + [line_us]) if values else line_us
    high = max(values + [line_us]) if values else line_us
    lo = math.floor(math.log10(max(low, FLOOR_US)))
    hi = math.ceil(math.log10(max(high, FLOOR_US)))
    return lo, max(hi, lo + 1)


def plot(title, panels, systems, loads, line_us=1000.0, line_label="1 ms (issue 23's target)"):
    """SVG text. ``panels``: [(percentile label, {system: {load: µs}})]; ``systems``: legend order; ``loads``: x ticks."""
    everything = [v for _, series in panels for points in series.values() for v in points.values()]
    lo, hi = _decades(everything, line_us)
    width = LEFT + len(panels) * PANEL_W + (len(panels) - 1) * GAP + RIGHT
    height = TOP + PANEL_H + BOTTOM
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{width / 2:.1f}" y="20" text-anchor="middle" font-size="15" font-weight="bold">{escape(title)}</text>',
    ]

    def x_of(load):
        return PANEL_W * load / 100.0

    def y_of(us):
        return PANEL_H * (1 - (math.log10(max(us, FLOOR_US)) - lo) / (hi - lo))

    for index, (label, series) in enumerate(panels):
        x0 = LEFT + index * (PANEL_W + GAP)
        out.append(f'<g class="panel" data-percentile={quoteattr(label)} transform="translate({x0},{TOP})">')
        out.append(f'<text x="{PANEL_W / 2}" y="-8" text-anchor="middle" font-weight="bold">{escape(label)} latency</text>')
        for decade in range(lo, hi + 1):
            y = y_of(10 ** decade)
            out.append(f'<line x1="0" y1="{y:.1f}" x2="{PANEL_W}" y2="{y:.1f}" stroke="#ddd"/>')
            out.append(f'<text x="-6" y="{y + 4:.1f}" text-anchor="end">{escape(_us_label(10 ** decade))}</text>')
        for load in loads:
            x = x_of(load)
            out.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{PANEL_H}" stroke="#eee"/>')
            out.append(f'<text x="{x:.1f}" y="{PANEL_H + 16}" text-anchor="middle">{load:g}</text>')
        out.append(f'<rect x="0" y="0" width="{PANEL_W}" height="{PANEL_H}" fill="none" stroke="#333"/>')
        y = y_of(line_us)
        out.append(f'<line class="target" x1="0" y1="{y:.1f}" x2="{PANEL_W}" y2="{y:.1f}" stroke="#d62728" stroke-dasharray="6,4"/>')
        out.append(f'<text x="{PANEL_W - 4}" y="{y - 4:.1f}" text-anchor="end" fill="#d62728">{escape(line_label)}</text>')
        out.append(f'<text x="{PANEL_W / 2}" y="{PANEL_H + 36}" text-anchor="middle">load, % of the system\'s own maximum rate</text>')
        out.append(f'<text transform="translate(-52,{PANEL_H / 2}) rotate(-90)" text-anchor="middle">latency (log scale)</text>')
        for number, system in enumerate(systems):
            points = series.get(system)
            if not points:
                continue
            color = COLORS[number % len(COLORS)]
            xy = [(x_of(load), y_of(points[load])) for load in sorted(points)]
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
            weight = 3 if number == 0 else 1.8
            out.append(f'<polyline class="series" data-system={quoteattr(system)} points="{path}" fill="none" '
                       f'stroke="{color}" stroke-width="{weight}"/>')
            out.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{color}"/>' for x, y in xy)
        out.append("</g>")

    legend_x = LEFT + len(panels) * PANEL_W + (len(panels) - 1) * GAP + 20
    out.append(f'<g class="legend" transform="translate({legend_x},{TOP + 10})">')
    for number, system in enumerate(systems):
        color = COLORS[number % len(COLORS)]
        y = number * 20
        out.append(f'<line x1="0" y1="{y}" x2="24" y2="{y}" stroke="{color}" stroke-width="3"/>')
        out.append(f'<text x="30" y="{y + 4}">{escape(system)}</text>')
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"
