"""Charts as inline SVG, drawn on the server: no script, no network, nothing to load.

Every function returns a complete `<svg>` element as a string; every piece of text that comes
from the inputs goes through `esc` (the report inserts the result as markup).
"""
from __future__ import annotations

import math
from typing import Sequence

from markupsafe import escape

LEVEL_COLOURS = ["#c0392b", "#e67e22", "#f1c40f", "#7dbb42", "#2e8b57", "#1e6b45", "#145a32"]
SERIES = ["#2f6db5", "#d9822b", "#3a9d5d", "#b23a48", "#7b5ea7", "#2a9d8f", "#8c6d31", "#d45087", "#5b8e7d",
          "#6c757d", "#e9c46a", "#264653"]
FONT = "font-family='system-ui,-apple-system,Segoe UI,Roboto,sans-serif'"


def esc(s) -> str:
    return str(escape("" if s is None else str(s)))


def level_colour(level: float, top: int) -> str:
    if top <= 0:
        return LEVEL_COLOURS[0]
    i = round(max(0.0, min(1.0, level / top)) * 4)
    return LEVEL_COLOURS[min(i, 4)]


def _text_colour(fill: str) -> str:
    r, g, b = (int(fill[i:i + 2], 16) for i in (1, 3, 5))
    return "#111" if (0.299 * r + 0.587 * g + 0.114 * b) > 150 else "#fff"


def _svg(width: float, height: float, body: list[str], label: str) -> str:
    return (f"<svg xmlns='http://www.w3.org/2000/svg' width='{width:.0f}' height='{height:.0f}' "
            f"viewBox='0 0 {width:.0f} {height:.0f}' role='img' aria-label='{esc(label)}' {FONT} font-size='12'>"
            f"<title>{esc(label)}</title>" + "".join(body) + "</svg>")


def _short(s: str, n: int) -> str:
    s = str(s)
    return s if len(s) <= n else s[:n - 1] + "…"


def fmt_num(v: float) -> str:
    a = abs(v)
    if a >= 1e9:
        return f"{v / 1e9:.3g}bn"
    if a >= 1e6:
        return f"{v / 1e6:.3g}m"
    if a >= 1e4:
        return f"{v / 1e3:.3g}k"
    if a >= 100 or v == int(v):
        return f"{v:,.0f}"
    return f"{v:.2f}"


# --------------------------------------------------------------------------- heat map

def heatmap(rows: Sequence[str], columns: Sequence[str], value, label, top: int, *,
            title: str = "heat map", row_labels: dict[str, str] | None = None,
            column_labels: dict[str, str] | None = None) -> str:
    """A grid: one row per entity, one column per function; `value(r, c)` picks the colour (a level),
    `label(r, c)` the text in the cell."""
    cw, ch, top_pad = 92, 30, 46
    longest = max([len(_short((row_labels or {}).get(r, r), 28)) for r in rows] or [4])
    left = int(min(260, max(90, 7.2 * longest + 20)))
    width = max(left + cw * len(columns) + 10, left + 62 * (top + 1) + 10)
    height = top_pad + ch * len(rows) + 44
    body = []
    for j, c in enumerate(columns):
        x = left + j * cw + cw / 2
        body.append(f"<text x='{x:.0f}' y='20' text-anchor='middle' font-weight='600'>{esc(c)}</text>")
        if column_labels and c in column_labels:
            body.append(f"<text x='{x:.0f}' y='36' text-anchor='middle' font-size='10' fill='#555'>"
                        f"{esc(_short(column_labels[c], 15))}</text>")
    for i, r in enumerate(rows):
        y = top_pad + i * ch
        name = (row_labels or {}).get(r, r)
        body.append(f"<text x='{left - 8}' y='{y + ch / 2 + 4:.0f}' text-anchor='end'>{esc(_short(name, 28))}</text>")
        for j, c in enumerate(columns):
            v = value(r, c)
            fill = level_colour(v, top)
            x = left + j * cw
            body.append(f"<rect x='{x + 1}' y='{y + 1}' width='{cw - 2}' height='{ch - 2}' rx='3' fill='{fill}'>"
                        f"<title>{esc(name)} {esc(c)}: {esc(label(r, c))}</title></rect>")
            body.append(f"<text x='{x + cw / 2:.0f}' y='{y + ch / 2 + 4:.0f}' text-anchor='middle' "
                        f"fill='{_text_colour(fill)}'>{esc(label(r, c))}</text>")
    # legend
    ly = top_pad + ch * len(rows) + 16
    for k in range(top + 1):
        x = left + k * 60
        fill = level_colour(k, top)
        body.append(f"<rect x='{x}' y='{ly}' width='14' height='14' fill='{fill}' rx='2'/>"
                    f"<text x='{x + 18}' y='{ly + 11}'>level {k}</text>")
    return _svg(width, height, body, title)


# --------------------------------------------------------------------------- bars per function

def function_bars(functions: Sequence[str], current: dict[str, float], planned: dict[str, float] | None,
                  target: dict[str, float] | None, top: int, *, title: str, subtitle: str = "") -> str:
    """One entity's level per function: the current level (solid), the level at the end of the
    plan (outline) and the target (a tick)."""
    bw, gap, h, left, top_pad = 34, 14, 120, 26, 42
    width = max(left + len(functions) * (bw + gap) + 10, 190)
    height = top_pad + h + 30
    body = [f"<text x='4' y='14' font-weight='600'>{esc(_short(title, 26))}</text>"]
    if subtitle:
        body.append(f"<text x='4' y='28' font-size='10' fill='#555'>{esc(_short(subtitle, 30))}</text>")
    def y_of(v: float) -> float:
        return top_pad + h - (v / top) * h if top else top_pad + h
    for k in range(top + 1):
        y = y_of(k)
        body.append(f"<line x1='{left}' x2='{width - 6}' y1='{y:.1f}' y2='{y:.1f}' stroke='#e3e3e3'/>"
                    f"<text x='{left - 6}' y='{y + 4:.1f}' text-anchor='end' font-size='10' fill='#666'>{k}</text>")
    for i, f in enumerate(functions):
        x = left + gap / 2 + i * (bw + gap)
        cur = current.get(f, 0)
        if planned is not None and planned.get(f, cur) > cur:
            p = planned[f]
            body.append(f"<rect x='{x:.1f}' y='{y_of(p):.1f}' width='{bw}' height='{y_of(cur) - y_of(p):.1f}' "
                        f"fill='{level_colour(p, top)}' fill-opacity='0.35' stroke='{level_colour(p, top)}' "
                        f"stroke-dasharray='3 2'><title>{esc(f)}: planned {p}</title></rect>")
        body.append(f"<rect x='{x:.1f}' y='{y_of(cur):.1f}' width='{bw}' height='{top_pad + h - y_of(cur):.1f}' "
                    f"fill='{level_colour(cur, top)}'><title>{esc(f)}: now {cur}</title></rect>")
        if target is not None and f in target:
            ty = y_of(target[f])
            body.append(f"<line x1='{x - 4:.1f}' x2='{x + bw + 4:.1f}' y1='{ty:.1f}' y2='{ty:.1f}' stroke='#111' "
                        f"stroke-width='2'><title>{esc(f)}: target {target[f]}</title></line>")
        body.append(f"<text x='{x + bw / 2:.1f}' y='{top_pad + h + 16}' text-anchor='middle' font-size='11'>"
                    f"{esc(_short(f, 6))}</text>")
    return _svg(width, height, body, title)


# --------------------------------------------------------------------------- Gantt

def gantt(periods: Sequence[str], bars: Sequence[dict], *, title: str = "roadmap") -> str:
    """`bars`: dicts with label, start, finish (period indexes, inclusive), group (colour key),
    tooltip."""
    groups = list(dict.fromkeys(b["group"] for b in bars))
    colour = {g: SERIES[i % len(SERIES)] for i, g in enumerate(groups)}
    left, rh, top_pad = 300, 20, 34
    pw = max(34, min(80, 900 / max(1, len(periods))))
    width = left + pw * len(periods) + 12
    legend_rows = math.ceil(len(groups) / 6) if groups else 0
    height = top_pad + rh * len(bars) + 18 + legend_rows * 18
    body = []
    for t, p in enumerate(periods):
        x = left + t * pw
        body.append(f"<rect x='{x:.1f}' y='{top_pad - 4}' width='{pw:.1f}' height='{rh * len(bars) + 4}' "
                    f"fill='{'#f6f7f9' if t % 2 else '#ffffff'}'/>")
        body.append(f"<text x='{x + pw / 2:.1f}' y='{top_pad - 10}' text-anchor='middle' font-size='10'>"
                    f"{esc(p)}</text>")
    for i, b in enumerate(bars):
        y = top_pad + i * rh
        body.append(f"<text x='{left - 6}' y='{y + rh / 2 + 4:.1f}' text-anchor='end' font-size='11'>"
                    f"{esc(_short(b['label'], 46))}</text>")
        x = left + b["start"] * pw
        w = (b["finish"] - b["start"] + 1) * pw
        body.append(f"<rect x='{x + 2:.1f}' y='{y + 3}' width='{w - 4:.1f}' height='{rh - 6}' rx='3' "
                    f"fill='{colour[b['group']]}'><title>{esc(b.get('tooltip', b['label']))}</title></rect>")
    ly = top_pad + rh * len(bars) + 10
    for k, g in enumerate(groups):
        x = 10 + (k % 6) * 170
        y = ly + (k // 6) * 18
        body.append(f"<rect x='{x}' y='{y}' width='12' height='12' fill='{colour[g]}' rx='2'/>"
                    f"<text x='{x + 16}' y='{y + 10}' font-size='11'>{esc(_short(g, 24))}</text>")
    return _svg(width, height, body, title)


# --------------------------------------------------------------------------- axes charts

def axis_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """Round ticks from at or below `lo` to at or above `hi` (0 included when the range spans it)."""
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    span = hi - lo
    if span <= 0:
        return [0.0, 1.0]
    raw = span / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.floor(lo / step + 1e-9) * step
    ticks, v = [], first
    while v < hi + step * 0.999:
        ticks.append(round(v, 10))
        v += step
    return ticks if len(ticks) > 1 else ticks + [ticks[0] + step]


LEGEND_ROW = 16


def legend_rows(items: Sequence[tuple[str, str, str]], width: float, left: float) -> list[list[int]]:
    """Which legend items go on which row, wrapping at the chart's right edge."""
    rows: list[list[int]] = [[]]
    x = left
    for i, (label, _, _) in enumerate(items):
        w = 30 + 6.6 * len(label)
        if rows[-1] and x + w > width - 8:
            rows.append([])
            x = left
        rows[-1].append(i)
        x += w
    return rows


class _Axes:
    def __init__(self, n: int, hi: float, *, width: int = 760, height: int = 280, left: int = 70, lo: float = 0.0,
                 legend: int = 1):
        self.n, self.width, self.left = n, width, left
        self.top, self.right = 20, 16
        self.bottom = 48 + LEGEND_ROW * max(0, legend - 1)
        self.height = height + LEGEND_ROW * max(0, legend - 1)
        self.ticks = axis_ticks(lo, hi)
        self.lo, self.hi = self.ticks[0], self.ticks[-1]
        self.pw = (width - left - self.right) / max(1, n)

    def x(self, i: float) -> float:
        return self.left + (i + 0.5) * self.pw

    def y(self, v: float) -> float:
        span = self.hi - self.lo or 1
        return self.top + (self.height - self.top - self.bottom) * (1 - (v - self.lo) / span)

    def grid(self, labels: Sequence[str], y_title: str = "", fmt=None) -> list[str]:
        fmt = fmt or fmt_num
        out = []
        for t in self.ticks:
            y = self.y(t)
            stroke = "#9aa3ad" if t == 0 and self.lo < 0 else "#e3e3e3"
            out.append(f"<line x1='{self.left}' x2='{self.width - self.right}' y1='{y:.1f}' y2='{y:.1f}' "
                       f"stroke='{stroke}'/><text x='{self.left - 6}' y='{y + 4:.1f}' text-anchor='end' "
                       f"font-size='10' fill='#555'>{esc(fmt(t))}</text>")
        every = max(1, math.ceil(len(labels) / 16))
        for i, lab in enumerate(labels):
            if i % every == 0:
                out.append(f"<text x='{self.x(i):.1f}' y='{self.height - self.bottom + 16}' text-anchor='middle' "
                           f"font-size='10'>{esc(lab)}</text>")
        if y_title:
            mid = (self.height - self.bottom + self.top) / 2
            out.append(f"<text x='14' y='{(self.height - self.bottom + self.top) / 2:.0f}' font-size='11' "
                       f"text-anchor='middle' transform='rotate(-90 14 {mid:.0f})'>{esc(y_title)}</text>")
        return out

    def legend(self, items: Sequence[tuple[str, str, str]]) -> list[str]:
        """(label, colour, kind: box|line|dash|dot|ring), wrapped onto as many rows as the axes were made for."""
        out = []
        rows = legend_rows(items, self.width, self.left)
        for r, row in enumerate(rows):
            x = self.left
            y = self.height - 14 - LEGEND_ROW * (len(rows) - 1 - r)
            for i in row:
                label, colour, kind = items[i]
                out.append(legend_mark(x, y, colour, kind))
                out.append(f"<text x='{x + 20}' y='{y + 1}' font-size='11'>{esc(label)}</text>")
                x += 30 + 6.6 * len(label)
        return out


def legend_mark(x: float, y: float, colour: str, kind: str) -> str:
    if kind == "box":
        return f"<rect x='{x:.1f}' y='{y - 9}' width='12' height='12' fill='{colour}' rx='2'/>"
    if kind == "dot":
        return f"<circle cx='{x + 8:.1f}' cy='{y - 3}' r='5' fill='{colour}'/>"
    if kind == "ring":
        return f"<circle cx='{x + 8:.1f}' cy='{y - 3}' r='5' fill='#fff' stroke='{colour}' stroke-width='2'/>"
    dash = " stroke-dasharray='5 3'" if kind == "dash" else ""
    return (f"<line x1='{x:.1f}' x2='{x + 16:.1f}' y1='{y - 3}' y2='{y - 3}' stroke='{colour}' "
            f"stroke-width='2.5'{dash}/>")


def spend_chart(labels: Sequence[str], capex: Sequence[float], opex: Sequence[float],
                budget: Sequence[float | None], *, currency: str = "", title: str = "spend") -> str:
    """Stacked columns (capex, opex) per period against the budget (a step line)."""
    tops = [c + o for c, o in zip(capex, opex)] + [b for b in budget if b is not None]
    ax = _Axes(len(labels), max(tops or [1.0]) * 1.05)
    body = ax.grid(labels, f"spend per period {currency}".strip())
    bw = ax.pw * 0.6
    for i, (c, o) in enumerate(zip(capex, opex)):
        x = ax.x(i) - bw / 2
        body.append(f"<rect x='{x:.1f}' y='{ax.y(c):.1f}' width='{bw:.1f}' height='{ax.y(0) - ax.y(c):.1f}' "
                    f"fill='{SERIES[0]}'><title>{esc(labels[i])}: capex {c:,.0f}</title></rect>")
        body.append(f"<rect x='{x:.1f}' y='{ax.y(c + o):.1f}' width='{bw:.1f}' height='{ax.y(c) - ax.y(c + o):.1f}' "
                    f"fill='{SERIES[1]}'><title>{esc(labels[i])}: opex {o:,.0f}</title></rect>")
    pts = []
    for i, b in enumerate(budget):
        if b is None:
            continue
        x0, x1 = ax.x(i) - ax.pw / 2, ax.x(i) + ax.pw / 2
        pts += [f"{x0:.1f},{ax.y(b):.1f}", f"{x1:.1f},{ax.y(b):.1f}"]
    if pts:
        body.append(f"<polyline points='{' '.join(pts)}' fill='none' stroke='#b23a48' stroke-width='2.5'/>")
    body += ax.legend([("capex", SERIES[0], "box"), ("opex", SERIES[1], "box")]
                      + ([("budget", "#b23a48", "line")] if pts else []))
    return _svg(ax.width, ax.height, body, title)


def line_chart(labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], *, y_title: str = "",
               title: str = "chart", hi: float | None = None, dashed: Sequence[str] = (),
               bars: tuple[str, Sequence[float]] | None = None, emphasis: Sequence[str] = (),
               fmt=None, axis_fmt=None) -> str:
    """Lines over labelled periods (optionally over light bars); `emphasis` lines are drawn thick
    and dark; `fmt` formats the values in tooltips, `axis_fmt` the axis ticks."""
    fmt = fmt or (lambda v: f"{v:,.2f}")
    values = [v for _, vs in series for v in vs] + (list(bars[1]) if bars else [])
    legend = ([(bars[0], "#cfd8e3", "box")] if bars else [])
    colours = {}
    k = 0
    for name, _ in series:
        if name in emphasis:
            colours[name] = "#1d2430"
        else:
            colours[name] = SERIES[k % len(SERIES)]
            k += 1
        legend.append((name, colours[name], "dash" if name in dashed else "line"))
    rows = len(legend_rows(legend, 760, 70))
    ax = _Axes(len(labels), hi if hi is not None else max(values or [1.0]) * 1.08, lo=min(values + [0.0]),
               legend=rows)
    body = ax.grid(labels, y_title, axis_fmt)
    if bars:
        bw = ax.pw * 0.55
        for i, v in enumerate(bars[1]):
            body.append(f"<rect x='{ax.x(i) - bw / 2:.1f}' y='{ax.y(max(v, 0)):.1f}' width='{bw:.1f}' "
                        f"height='{abs(ax.y(0) - ax.y(v)):.1f}' fill='#cfd8e3'><title>{esc(labels[i])}: "
                        f"{esc(bars[0])} {esc(fmt(v))}</title></rect>")
    for name, vs in sorted(series, key=lambda s: s[0] in emphasis):     # emphasised lines on top
        colour = colours[name]
        width = 3.5 if name in emphasis else 2
        pts = " ".join(f"{ax.x(i):.1f},{ax.y(v):.1f}" for i, v in enumerate(vs))
        dash = " stroke-dasharray='6 4'" if name in dashed else ""
        body.append(f"<polyline points='{pts}' fill='none' stroke='{colour}' stroke-width='{width}'{dash}/>")
        for i, v in enumerate(vs):
            body.append(f"<circle cx='{ax.x(i):.1f}' cy='{ax.y(v):.1f}' r='2.5' fill='{colour}'>"
                        f"<title>{esc(name)} {esc(labels[i])}: {esc(fmt(v))}</title></circle>")
    body += ax.legend(legend)
    return _svg(ax.width, ax.height, body, title)


# --------------------------------------------------------------------------- frontier

GL_COLOUR = "#7b5ea7"
KNEE_COLOUR = "#b36b00"
HERE_COLOUR = "#b23a48"


def frontier_chart(budgets: Sequence[float], lines: Sequence, *, knee: int | None = None,
                   configured: int | None = None, above_gl: Sequence[bool] = (), gordon_loeb: float | None = None,
                   currency: str = "", unit: str = "", title: str = "frontier") -> str:
    """The frontier against the budget per period (a numeric axis): one line per series (`lines`:
    objects with name, values, emphasis), the plan's own budget in red, the knee ringed, the
    points whose spend is above the Gordon-Loeb reference hollow, and that reference as a vertical
    line where it falls within the budgets shown."""
    if not budgets:
        return ""
    width, left, right = 760, 78, 16
    legend = [(ln.name, SERIES[k % len(SERIES)] if not ln.emphasis else "#1d2430", "line")
              for k, ln in enumerate(lines)]
    legend.append(("the plan's budget", HERE_COLOUR, "dot"))
    if knee is not None:
        legend.append(("knee: more money buys markedly less beyond it", KNEE_COLOUR, "ring"))
    if any(above_gl):
        legend.append(("spend above the Gordon-Loeb reference", "#555", "ring"))
    b0, b1 = min(budgets), max(budgets)
    # the reference is drawn when it lies within reach of the budgets shown (the axis stretches to it)
    gl_in = gordon_loeb is not None and 0 <= gordon_loeb <= 2 * b1
    if gl_in:
        b0, b1 = min(b0, gordon_loeb), max(b1, gordon_loeb)
    if gl_in:
        legend.append(("Gordon-Loeb reference (37% of the expected annual loss addressed)", GL_COLOUR, "dash"))
    values = [v for ln in lines for v in ln.values]
    ax = _Axes(len(budgets), max(values + [0.0]) * 1.08, lo=min(values + [0.0]) * 1.08, width=width, left=left,
               legend=len(legend_rows(legend, width, left)))
    pad = (b1 - b0) * 0.06 or max(b1, 1.0) * 0.5

    def x(b: float) -> float:
        return left + 8 + (b - b0 + pad) / (b1 - b0 + 2 * pad) * (width - left - right - 16)
    body = ax.grid([], f"{currency or unit}".strip())
    for i, b in enumerate(budgets):
        body.append(f"<text x='{x(b):.1f}' y='{ax.height - ax.bottom + 16}' text-anchor='middle' font-size='10'>"
                    f"{esc(fmt_num(b))}</text>")
    body.append(f"<text x='{width - right}' y='{ax.height - ax.bottom + 30}' text-anchor='end' font-size='10' "
                f"fill='#555'>budget per period {esc(currency)}</text>")
    if gl_in:
        gx = x(gordon_loeb)
        body.append(f"<line x1='{gx:.1f}' x2='{gx:.1f}' y1='{ax.top}' y2='{ax.y(ax.lo):.1f}' stroke='{GL_COLOUR}' "
                    f"stroke-width='1.5' stroke-dasharray='6 4'><title>Gordon-Loeb reference: "
                    f"{esc(fmt_num(gordon_loeb))} a period</title></line>")
    carrier = next((k for k, ln in enumerate(lines) if ln.emphasis), 0)    # the line the knee is on
    for k, ln in enumerate(lines):
        colour = "#1d2430" if ln.emphasis else SERIES[k % len(SERIES)]
        pts = " ".join(f"{x(b):.1f},{ax.y(v):.1f}" for b, v in zip(budgets, ln.values))
        body.append(f"<polyline points='{pts}' fill='none' stroke='{colour}' "
                    f"stroke-width='{3 if ln.emphasis else 2}'/>")
        for i, (b, v) in enumerate(zip(budgets, ln.values)):
            here = i == configured
            hollow = i < len(above_gl) and above_gl[i]
            fill = HERE_COLOUR if here else ("#fff" if hollow else colour)
            body.append(f"<circle cx='{x(b):.1f}' cy='{ax.y(v):.1f}' r='{5 if here else 3.5}' fill='{fill}' "
                        f"stroke='{HERE_COLOUR if here else colour}' stroke-width='1.5'><title>budget "
                        f"{esc(fmt_num(b))} a period: {esc(ln.name)} {v:,.0f}</title></circle>")
            if i == knee and k == carrier:
                body.append(f"<circle cx='{x(b):.1f}' cy='{ax.y(v):.1f}' r='9' fill='none' stroke='{KNEE_COLOUR}' "
                            f"stroke-width='2'><title>the knee</title></circle>")
    if gordon_loeb is not None and not gl_in:
        body.append(f"<text x='{left + 8}' y='{ax.top + 10}' font-size='10' fill='{GL_COLOUR}'>Gordon-Loeb reference "
                    f"({esc(fmt_num(gordon_loeb))} a period) is far above the budgets shown</text>")
    body += ax.legend(legend)
    return _svg(ax.width, ax.height, body, title)


# --------------------------------------------------------------------------- tornado

def tornado(rows: Sequence[dict], *, currency: str = "", title: str = "tornado") -> str:
    """NPV with each threat at its low and at its high estimate (the others at their likely
    values): one horizontal bar per threat from the lower to the higher NPV, the likely NPV as a
    vertical line, zero marked; the widest swing on top (`rows` in that order)."""
    if not rows:
        return ""
    width, left, right, top_pad, rh = 760, 200, 24, 24, 26
    likely = rows[0]["npv_likely"]
    lo = min([likely, 0.0] + [min(r["npv_low"], r["npv_high"]) for r in rows])
    hi = max([likely, 0.0] + [max(r["npv_low"], r["npv_high"]) for r in rows])
    ticks = axis_ticks(lo, hi)
    t0, t1 = ticks[0], ticks[-1]
    plot_w = width - left - right
    height = top_pad + rh * len(rows) + 56

    def x(v: float) -> float:
        return left + (v - t0) / ((t1 - t0) or 1) * plot_w
    body = []
    y_axis = top_pad + rh * len(rows)
    for t in ticks:
        body.append(f"<line x1='{x(t):.1f}' x2='{x(t):.1f}' y1='{top_pad - 6}' y2='{y_axis}' "
                    f"stroke='{'#9aa3ad' if t == 0 else '#e3e3e3'}'/><text x='{x(t):.1f}' y='{y_axis + 14}' "
                    f"text-anchor='middle' font-size='10' fill='#555'>{esc(fmt_num(t))}</text>")
    for i, r in enumerate(rows):
        y = top_pad + i * rh
        a, b = sorted((r["npv_low"], r["npv_high"]))
        body.append(f"<text x='{left - 8}' y='{y + rh / 2 + 4:.1f}' text-anchor='end' font-size='11'>"
                    f"{esc(_short(r['threat'], 30))}</text>")
        # the part below the likely NPV (the low estimate) and above it (the high estimate)
        for v0, v1, colour, what in ((a, likely, SERIES[3], "low"), (likely, b, SERIES[2], "high")):
            if v1 > v0:
                body.append(f"<rect x='{x(v0):.1f}' y='{y + 4}' width='{x(v1) - x(v0):.1f}' height='{rh - 8}' "
                            f"fill='{colour}' data-npv-from='{v0:.2f}' data-npv-to='{v1:.2f}'><title>"
                            f"{esc(r['threat'])}: NPV {r['npv_low']:,.0f} at the low estimate, {r['npv_high']:,.0f} "
                            f"at the high estimate</title></rect>")
    lx = x(likely)
    body.append(f"<line x1='{lx:.1f}' x2='{lx:.1f}' y1='{top_pad - 8}' y2='{y_axis}' stroke='#1d2430' "
                f"stroke-width='2'/><text x='{lx:.1f}' y='{top_pad - 10}' text-anchor='middle' font-size='10'>"
                f"likely NPV {esc(fmt_num(likely))}</text>")
    ly = height - 14
    items = [("NPV at the low estimate (frequency and impact)", SERIES[3], "box"),
             ("NPV at the high estimate", SERIES[2], "box")]
    lxx = left
    for label, colour, kind in items:
        body.append(legend_mark(lxx, ly, colour, kind) + f"<text x='{lxx + 20}' y='{ly + 1}' font-size='11'>"
                    f"{esc(label)}</text>")
        lxx += 30 + 6.6 * len(label)
    body.append(f"<text x='{width - right}' y='{y_axis + 28}' text-anchor='end' font-size='10' fill='#555'>"
                f"NPV {esc(currency)}</text>")
    return _svg(width, height, body, title)


# --------------------------------------------------------------------------- by fiscal year

def fiscal_chart(labels: Sequence[str], capex: Sequence[float], opex: Sequence[float],
                 benefit: Sequence[float | None], budget: Sequence[float | None], in_horizon: Sequence[bool], *,
                 currency: str = "", title: str = "by fiscal year") -> str:
    """Per fiscal year: spend (capex and opex stacked) beside the expected loss avoided, the budget
    as a red tick over the spend; years after the plan's horizon shaded."""
    legend = [("capex", SERIES[0], "box"), ("opex", SERIES[1], "box")]
    if any(b is not None for b in benefit):
        legend.append(("expected loss avoided", SERIES[2], "box"))
    if any(b is not None for b in budget):
        legend.append(("budget", HERE_COLOUR, "line"))
    if not all(in_horizon):
        legend.append(("after the plan's horizon", "#eef1f5", "box"))
    tops = [c + o for c, o in zip(capex, opex)] + [b for b in benefit if b is not None] + \
        [b for b in budget if b is not None]
    ax = _Axes(len(labels), max(tops or [1.0]) * 1.05, legend=len(legend_rows(legend, 760, 70)))
    body = []
    for i, inside in enumerate(in_horizon):
        if not inside:
            body.append(f"<rect x='{ax.x(i) - ax.pw / 2:.1f}' y='{ax.top}' width='{ax.pw:.1f}' "
                        f"height='{ax.y(ax.lo) - ax.top:.1f}' fill='#eef1f5'/>")
    body += ax.grid(labels, f"{currency} per fiscal year".strip())
    two = any(b is not None for b in benefit)
    bw = ax.pw * (0.36 if two else 0.6)
    for i in range(len(labels)):
        c, o = capex[i], opex[i]
        x0 = ax.x(i) - (bw if two else bw / 2)
        body.append(f"<rect x='{x0:.1f}' y='{ax.y(c):.1f}' width='{bw:.1f}' height='{ax.y(0) - ax.y(c):.1f}' "
                    f"fill='{SERIES[0]}'><title>{esc(labels[i])}: capex {c:,.0f}</title></rect>")
        body.append(f"<rect x='{x0:.1f}' y='{ax.y(c + o):.1f}' width='{bw:.1f}' height='{ax.y(c) - ax.y(c + o):.1f}' "
                    f"fill='{SERIES[1]}'><title>{esc(labels[i])}: opex {o:,.0f}</title></rect>")
        if two and benefit[i] is not None:
            v = benefit[i]
            body.append(f"<rect x='{ax.x(i):.1f}' y='{ax.y(v):.1f}' width='{bw:.1f}' height='{ax.y(0) - ax.y(v):.1f}' "
                        f"fill='{SERIES[2]}'><title>{esc(labels[i])}: expected loss avoided {v:,.0f}</title></rect>")
        if budget[i] is not None:
            y = ax.y(budget[i])
            body.append(f"<line x1='{x0 - 3:.1f}' x2='{x0 + bw + 3:.1f}' y1='{y:.1f}' y2='{y:.1f}' "
                        f"stroke='{HERE_COLOUR}' stroke-width='2.5'><title>{esc(labels[i])}: budget "
                        f"{budget[i]:,.0f}</title></line>")
    body += ax.legend(legend)
    return _svg(ax.width, ax.height, body, title)


def trend_chart(labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], *,
                title: str = "trend", y_title: str = "target attainment (%)",
                highlight: str | None = None) -> str:
    """Shares (0..1) over time, one line per series, drawn as percentages on a 0–100% axis. A
    missing point (None: not assessed then) breaks the line rather than dropping to zero; the
    `highlight` series (the portfolio) is drawn thicker and dashed."""
    ax = _Axes(len(labels), 100.0)
    body = ax.grid(labels, y_title)
    legend = []
    for k, (name, values) in enumerate(series):
        colour = "#1d2430" if name == highlight else SERIES[k % len(SERIES)]
        width, dash = ("3.5", " stroke-dasharray='7 4'") if name == highlight else ("2.2", "")
        run: list[str] = []
        runs: list[list[str]] = []
        for i, v in enumerate(values):
            if v is None:
                if run:
                    runs.append(run)
                run = []
                continue
            run.append(f"{ax.x(i):.1f},{ax.y(v * 100):.1f}")
            body.append(f"<circle cx='{ax.x(i):.1f}' cy='{ax.y(v * 100):.1f}' r='3' fill='{colour}'>"
                        f"<title>{esc(name)} {esc(labels[i])}: {v:.0%}</title></circle>")
        if run:
            runs.append(run)
        for pts in runs:
            if len(pts) > 1:
                body.append(f"<polyline points='{' '.join(pts)}' fill='none' stroke='{colour}' "
                            f"stroke-width='{width}'{dash}/>")
        legend.append((name, colour, "dash" if name == highlight else "line"))
    # one legend line fits about six names: the portfolio first; every entity is in the report's table
    legend.sort(key=lambda item: item[0] != highlight)
    shown, width_used = [], 0
    for item in legend:
        width_used += 30 + 7 * len(item[0])
        if width_used > ax.width - ax.left - 20:
            break
        shown.append(item)
    body += ax.legend(shown)
    return _svg(ax.width, ax.height, body, title)
