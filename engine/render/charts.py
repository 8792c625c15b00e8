"""The report's charts as PNG images (matplotlib, drawn off-screen with the Agg canvas: no display,
no network, its own fonts), for formats that cannot hold SVG, such as the Word business case.
They draw the same series as the SVG charts of report.html (engine.render.story)."""
from __future__ import annotations

import io
from typing import Sequence

from cyberplan.engine.render.svg import GL_COLOUR, HERE_COLOUR, KNEE_COLOUR, SERIES, fmt_num

WIDTH_IN, HEIGHT_IN, DPI = 6.4, 3.0, 150


def _figure(height: float = HEIGHT_IN):
    from matplotlib.figure import Figure
    fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
    ax = fig.add_subplot(1, 1, 1)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=7)
    ax.grid(axis="y", color="#e3e3e3", linewidth=0.6)
    ax.set_axisbelow(True)
    return fig, ax


def _money_axis(ax, axis: str = "y") -> None:
    from matplotlib.ticker import FuncFormatter
    fmt = FuncFormatter(lambda v, _pos: fmt_num(v))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def _png(fig) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    FigureCanvasAgg(fig)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})   # no version stamp: same inputs, same bytes
    return buf.getvalue()


def frontier_png(series: dict, *, currency: str = "") -> bytes:
    """`series`: engine.render.story.frontier_series."""
    fig, ax = _figure(3.6)
    budgets = series["budgets"]
    carrier = next((k for k, ln in enumerate(series["lines"]) if ln.emphasis), 0)
    for k, ln in enumerate(series["lines"]):
        colour = "#1d2430" if ln.emphasis else SERIES[k % len(SERIES)]
        ax.plot(budgets, ln.values, marker="o", markersize=3.5, linewidth=2.4 if ln.emphasis else 1.6,
                color=colour, label=ln.name)
        hollow = [i for i, a in enumerate(series["above_gl"]) if a]
        if hollow:
            ax.scatter([budgets[i] for i in hollow], [ln.values[i] for i in hollow], s=22, facecolors="white",
                       edgecolors=colour, zorder=3)
        if series["configured"] is not None:
            i = series["configured"]
            ax.scatter([budgets[i]], [ln.values[i]], s=40, color=HERE_COLOUR, zorder=4,
                       label="the plan's budget" if k == 0 else None)
        if series["knee"] is not None and k == carrier:
            i = series["knee"]
            ax.scatter([budgets[i]], [ln.values[i]], s=160, facecolors="none", edgecolors=KNEE_COLOUR, linewidths=1.6,
                       zorder=5, label="knee: more money buys markedly less beyond it")
    gl = series.get("gordon_loeb")
    if gl is not None and 0 <= gl <= 2 * max(budgets):
        ax.axvline(gl, color=GL_COLOUR, linestyle="--", linewidth=1.2,
                   label="Gordon-Loeb reference (37% of the expected annual loss addressed)")
    ax.axhline(0, color="#9aa3ad", linewidth=0.8)
    _money_axis(ax, "x")
    _money_axis(ax, "y")
    ax.set_xlabel(f"budget per period {currency}".strip(), fontsize=7)
    ax.set_ylabel(currency or series.get("unit", ""), fontsize=7)
    ax.legend(fontsize=6, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2)
    return _png(fig)


def tornado_png(rows: Sequence[dict], *, currency: str = "") -> bytes:
    """NPV at each threat's low and high estimates around the likely NPV; widest swing on top."""
    fig, ax = _figure(max(1.6, 0.35 * len(rows) + 1.0))
    likely = rows[0]["npv_likely"]
    ys = list(range(len(rows)))[::-1]
    for y, r in zip(ys, rows):
        lo, hi = sorted((r["npv_low"], r["npv_high"]))
        ax.barh(y, likely - lo, left=lo, color=SERIES[3], height=0.6,
                label="NPV at the low estimate" if y == ys[0] else None)
        ax.barh(y, hi - likely, left=likely, color=SERIES[2], height=0.6,
                label="NPV at the high estimate" if y == ys[0] else None)
    ax.axvline(likely, color="#1d2430", linewidth=1.6)
    ax.axvline(0, color="#9aa3ad", linewidth=0.8)
    ax.set_yticks(ys, [r["threat"][:34] for r in rows], fontsize=7)
    ax.grid(axis="x", color="#e3e3e3", linewidth=0.6)
    ax.grid(axis="y", visible=False)
    _money_axis(ax, "x")
    ax.set_xlabel(f"NPV {currency} (likely: {fmt_num(likely)})".strip(), fontsize=7)
    ax.legend(fontsize=6, frameon=False, loc="lower right")
    return _png(fig)


def fiscal_png(years: Sequence, *, currency: str = "", money: bool = True) -> bytes:
    """Spend (capex and opex) beside the expected loss avoided per fiscal year, budget as a tick."""
    fig, ax = _figure()
    xs = list(range(len(years)))
    w = 0.38 if money else 0.6
    left = [x - (w / 2 if money else 0) for x in xs]
    ax.bar(left, [y.capex for y in years], width=w, color=SERIES[0], label="capex")
    ax.bar(left, [y.opex for y in years], width=w, bottom=[y.capex for y in years], color=SERIES[1], label="opex")
    if money:
        ax.bar([x + w / 2 for x in xs], [y.benefit or 0 for y in years], width=w, color=SERIES[2],
               label="expected loss avoided")
    budgets = [(x, y.budget) for x, y in zip(left, years) if y.in_horizon and y.budget is not None]
    if budgets:
        ax.hlines([b for _, b in budgets], [x - w / 2 - 0.04 for x, _ in budgets],
                  [x + w / 2 + 0.04 for x, _ in budgets], colors=HERE_COLOUR, linewidth=2, label="budget")
    for x, y in zip(xs, years):
        if not y.in_horizon:
            ax.axvspan(x - 0.5, x + 0.5, color="#eef1f5", zorder=0)
    ax.set_xticks(xs, [y.label for y in years], fontsize=7, rotation=0 if len(years) <= 10 else 45)
    _money_axis(ax, "y")
    ax.set_ylabel(f"{currency} per fiscal year".strip(), fontsize=7)
    ax.legend(fontsize=6, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=5)
    return _png(fig)


def attainment_png(labels: Sequence[str], series: Sequence) -> bytes:
    """Target attainment (%) over time: the portfolio bold, each entity thin."""
    fig, ax = _figure(3.4)
    xs = list(range(len(labels)))
    k = 0
    for s in series:
        if s.emphasis:
            ax.plot(xs, s.values, color="#1d2430", linewidth=2.6, label=s.name, zorder=5)
        else:
            ax.plot(xs, s.values, color=SERIES[k % len(SERIES)], linewidth=1.2, label=s.name)
            k += 1
    ax.set_ylim(0, 100)
    ax.set_ylabel("target attainment (%)", fontsize=7)
    every = max(1, len(labels) // 12)
    ax.set_xticks(xs[::every], list(labels)[::every], fontsize=6)
    ax.legend(fontsize=5.5, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=4)
    return _png(fig)
