"""Summary -> SVG charts for the audit page: rule frequency, scores per group, trend per period.

matplotlib (Agg, SVG output) because it is the long-maintained standard, draws offline with no
browser or JavaScript, and its SVG inlines into one HTML file of a few hundred KB (plotly or
bokeh would embed megabytes of script per page). Text stays text (svg.fonttype none), so
Cyrillic agent and team names render in the reader's fonts. Not for layout: see page.py.
"""
from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - the backend must be chosen first

from .periods import ALL, UNKNOWN  # noqa: E402
from .summary import Summary, Tally  # noqa: E402

GROUPS_SHOWN = 20
TREND_RULES = 5
BOX_COLOUR, MEDIAN_COLOUR, MEAN_COLOUR = "#e8f0fe", "#e8710a", "#1a73e8"
_STYLE = {"svg.fonttype": "none", "svg.hashsalt": "replylint", "font.size": 9,
          "axes.spines.top": False, "axes.spines.right": False}


def _svg(fig) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg"):]  # inline: no XML prologue or DOCTYPE


def rule_frequency(summary: Summary) -> str | None:
    """Share of replies in which each rule fired, most frequent on top."""
    total = summary.total
    if not total.replies or not total.rules:
        return None
    rules = sorted(total.rules.items(), key=lambda item: (item[1], item[0]))
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(7, 0.28 * len(rules) + 0.8))
        shares = [100 * n / total.replies for _, n in rules]
        ax.barh([r for r, _ in rules], shares, color="#c62828")
        for y, (share, (_, n)) in enumerate(zip(shares, rules)):
            ax.text(share, y, f" {share:.1f}% ({n:,})", va="center", fontsize=8)
        ax.set_xlabel("% of replies")
        ax.set_xlim(0, max(shares) * 1.25)
        return _svg(fig)


def _box(tally: Tally, label: str) -> dict:
    return {"label": label, "med": tally.quantile(0.5), "q1": tally.quantile(0.25), "q3": tally.quantile(0.75),
            "whislo": tally.quantile(0.05), "whishi": tally.quantile(0.95), "mean": tally.mean_score, "fliers": []}


def _box_legend() -> list:
    """What each part of a box means: a reader should not have to guess the line and the dot."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    return [Line2D([], [], color=MEDIAN_COLOUR, linewidth=2, label="median"),
            Line2D([], [], color=MEAN_COLOUR, marker="o", markersize=4, linestyle="none", label="mean"),
            Patch(facecolor=BOX_COLOUR, edgecolor="black", label="middle half (25th–75th percentile)"),
            Line2D([], [], color="black", linewidth=1, label="whiskers: 5th–95th percentile")]


def score_by_group(summary: Summary, dimension: str) -> str | None:
    """Score distribution (line: median, box: quartiles, whiskers: 5th-95th percentile, dot:
    mean, all named in a legend) of the largest groups, worst median at the top."""
    groups = sorted(summary.groups.get(dimension, {}).items(), key=lambda item: (-item[1].replies, item[0]))
    groups = [(value, tally) for value, tally in groups[:GROUPS_SHOWN] if tally.replies]
    if not groups:
        return None
    groups.sort(key=lambda item: (-item[1].quantile(0.5), -item[1].mean_score, item[0]))
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(7, 0.32 * len(groups) + 0.9))
        ax.bxp([_box(t, f"{v} ({t.replies:,})") for v, t in groups], orientation="horizontal", showmeans=True, patch_artist=True,
               boxprops={"facecolor": BOX_COLOUR}, medianprops={"color": MEDIAN_COLOUR, "linewidth": 2},
               meanprops={"marker": "o", "markerfacecolor": MEAN_COLOUR, "markeredgecolor": MEAN_COLOUR, "markersize": 4})
        ax.set_xlim(-2, 102)
        ax.set_xlabel(f"score per reply, by {dimension} (replies)")
        ax.legend(handles=_box_legend(), loc="lower left", bbox_to_anchor=(0, 1), ncol=4, frameon=False, fontsize=8)
        return _svg(fig)


def trend(summary: Summary) -> str | None:
    """Mean score per period, and the share of replies with each of the most frequent rules."""
    periods = sorted((k, t) for k, t in summary.periods.items() if k not in (UNKNOWN, ALL) and t.replies)
    if not periods:
        return None
    top = [r for r, _ in sorted(summary.total.rules.items(), key=lambda item: (-item[1], item[0]))[:TREND_RULES]]
    labels = [k for k, _ in periods]
    x = range(len(labels))
    with plt.rc_context(_STYLE):
        fig, (score_ax, rule_ax) = plt.subplots(2, 1, sharex=True, figsize=(8, 5.2),
                                                gridspec_kw={"height_ratios": [1, 1.4]})
        score_ax.plot(x, [t.mean_score for _, t in periods], marker="o", color="#1a73e8")
        score_ax.set_ylabel("mean score")
        for rule in top:
            rule_ax.plot(x, [100 * t.rules.get(rule, 0) / t.replies for _, t in periods], marker=".", label=rule)
        rule_ax.set_ylabel("% of replies")
        if top:
            rule_ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        step = max(1, len(labels) // 16)
        rule_ax.set_xticks(list(x)[::step], labels[::step], rotation=45, ha="right")
        return _svg(fig)
