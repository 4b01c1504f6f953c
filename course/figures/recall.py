"""Recall over time: how the learner's review first tries went, and how recall fades until the next review.

Two series on one time axis, each with its own marker or line style and a legend entry, so
colour is never the only cue: the share of review items right at the first try on each day
with reviews (dots, with "right/reviewed" written above each), and FSRS's predicted recall of
the scheduled items from today on if they were not reviewed (a dashed line), with the level
at which the scheduler brings an item back (a dotted line). The data come from the review
(`course.spaced_review.today`); this module only draws them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from course.figures import descriptions
from course.figures.style import get_theme, new_figure
from course.palette import OKABE_ITO

if TYPE_CHECKING:
    from matplotlib.figure import Figure

TITLE = "Recall over time"
SERIES_COLOURS = {
    "light": (OKABE_ITO["blue"], OKABE_ITO["vermillion"]),
    "dark": (OKABE_ITO["sky_blue"], OKABE_ITO["orange"]),
}
"""(first tries, forecast) per theme: Okabe-Ito colours that stand out on that theme's background."""


def day_label(day: date) -> str:
    """'8 Dec': short, and the same on every computer (no locale)."""
    return f"{day.day} {('Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec')[day.month - 1]}"


def recall(
    history: Sequence[tuple[date, int, int]],
    forecast: Sequence[tuple[date, float]],
    today: date,
    *,
    target: float = 0.9,
    title: str = TITLE,
    theme: str | None = None,
) -> Figure:
    """The chart: `history` as (day, right at first try, reviewed), `forecast` as (day, predicted recall 0-1)."""
    colours = get_theme(theme)
    observed_colour, forecast_colour = SERIES_COLOURS[colours.name]
    fig = new_figure(8.0, 3.7, colours)
    ax = fig.add_axes((0.09, 0.12, 0.88, 0.66))
    ax.set_facecolor(colours.background)
    offset = {day: (day - today).days for day, _, _ in history} | {day: (day - today).days for day, _ in forecast}
    if history:
        xs = [offset[day] for day, _, _ in history]
        ys = [100.0 * right / total for _, right, total in history]
        ax.plot(
            xs,
            ys,
            linestyle="-",
            linewidth=1.4,
            marker="o",
            markersize=8,
            color=observed_colour,
            label="Your first tries: share right",
        )
        for x, y, (_, right, total) in zip(xs, ys, history, strict=True):
            ax.annotate(
                f"{right}/{total}",
                (x, y),
                xytext=(0, 9),
                textcoords="offset points",
                ha="center",
                fontsize=9,
                color=colours.text,
            )
    if forecast:
        ax.plot(
            [offset[day] for day, _ in forecast],
            [100.0 * value for _, value in forecast],
            linestyle="--",
            linewidth=2.0,
            marker="s",
            markersize=3.5,
            color=forecast_colour,
            label="Predicted recall without review",
        )
        ax.axhline(100.0 * target, linestyle=":", linewidth=1.4, color=colours.muted, label="Review due at this level")
    ax.axvline(0, ymax=100 / 112, linewidth=1.0, color=colours.muted, zorder=0)  # below the labels over 100%
    ax.set_ylim(0, 112)
    ax.set_yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
    days = sorted(offset.items(), key=lambda pair: pair[1])
    lowest = min([0, *(x for _, x in days)])
    highest = max([1, *(x for _, x in days)])
    ax.set_xlim(lowest - 0.7, highest + 0.7)
    step = max(1, (highest - lowest) // 7 + 1)
    ticks = sorted({0, *range(lowest, highest + 1, step)})
    labels = ["today" if x == 0 else day_label(date.fromordinal(today.toordinal() + x)) for x in ticks]
    ax.set_xticks(ticks, labels)
    ax.tick_params(colors=colours.text, labelsize=9.5)
    ax.set_ylabel("Recall", color=colours.text, fontsize=10)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(colours.muted)
    fig.text(0.5, 0.93, title, ha="center", va="center", fontsize=13, fontweight="bold", color=colours.text)
    if history or forecast:
        legend = fig.legend(
            loc="upper center", bbox_to_anchor=(0.5, 0.88), ncol=3, frameon=False, fontsize=9, handlelength=2.2
        )
        for text in legend.get_texts():
            text.set_color(colours.text)
    return descriptions.attach(fig, descriptions.recall(history, forecast, today, target, title))
