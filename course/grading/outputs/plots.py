"""The class report's figures, as SVG text that is the same byte for byte every run.

Okabe-Ito colours (course.figures.style) stay apart under colour blindness, and
every bar carries a text label, so colour is never the only cue. SVG ids are
salted with a fixed string and the date is left out, so a re-run writes an
identical report. No learner text is ever drawn: only exercise ids, scores
and the misconception names of the definitions.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from course.figures.style import OKABE_ITO, THEMES

if TYPE_CHECKING:
    from matplotlib.figure import Figure

SVG_SETTINGS = {"svg.hashsalt": "mlops-course-report", "svg.fonttype": "none", "font.size": 10}
THEME = THEMES["light"]


def preload() -> None:
    """Import the plotting libraries (about a second) while the parent would otherwise wait for workers."""
    try:
        import matplotlib.backends.backend_svg
        import matplotlib.figure  # noqa: F401
    except Exception:  # the report imports them again and says what is wrong
        pass


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, facecolor=THEME.background, layout="constrained")
    return fig


def _axes_style(ax: object) -> None:
    ax.set_facecolor(THEME.background)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors=THEME.text)


def svg_data_uri(fig: Figure) -> str:
    """The figure as an SVG data: URI (deterministic: fixed hash salt, no date)."""
    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context(SVG_SETTINGS):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def score_distribution(percents: Sequence[float]) -> str:
    """A histogram of the learners' percentages in 10-point bins, each bar labelled with its count."""
    import matplotlib

    with matplotlib.rc_context(SVG_SETTINGS):
        fig = _figure(7, 3.2)
        ax = fig.add_subplot()
        _axes_style(ax)
        edges = list(range(0, 101, 10))
        counts = [0] * 10
        for value in percents:
            counts[min(int(max(value, 0.0) // 10), 9)] += 1
        bars = ax.bar([e + 5 for e in edges[:-1]], counts, width=9, color=OKABE_ITO["blue"])
        ax.bar_label(bars, labels=[str(c) if c else "" for c in counts], color=THEME.text, padding=2)
        ax.set_xticks(edges, [f"{e}%" for e in edges])
        ax.set_xlim(0, 100)
        ax.set_xlabel("Score (percent of the points available)", color=THEME.text)
        ax.set_ylabel("Learners", color=THEME.text)
        ax.set_ylim(0, max([*counts, 1]) * 1.18)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_title("Score distribution", color=THEME.text, loc="left")
        return svg_data_uri(fig)


def difficulty(items: Sequence[tuple[str, float]]) -> str:
    """Share of the points earned per exercise (lower is harder), as labelled horizontal bars."""
    import matplotlib

    with matplotlib.rc_context(SVG_SETTINGS):
        fig = _figure(7, max(2.0, 0.32 * len(items) + 1.0))
        ax = fig.add_subplot()
        _axes_style(ax)
        names = [name for name, _ in items][::-1]
        shares = [share for _, share in items][::-1]
        colours = [OKABE_ITO["vermillion"] if s < 50 else OKABE_ITO["bluish_green"] for s in shares]
        bars = ax.barh(names, shares, color=colours)
        ax.bar_label(bars, labels=[f"{s:.0f}%" for s in shares], color=THEME.text, padding=3)
        ax.set_xlim(0, 110)
        ax.set_xlabel("Points earned, as a share of the points available (below 50% in vermillion)", color=THEME.text)
        ax.set_title("Difficulty per exercise", color=THEME.text, loc="left")
        return svg_data_uri(fig)


def misconceptions(items: Sequence[tuple[str, int]]) -> str:
    """How often each misconception showed in wrong answers, most common first."""
    import matplotlib

    with matplotlib.rc_context(SVG_SETTINGS):
        fig = _figure(7, max(2.0, 0.32 * len(items) + 1.0))
        ax = fig.add_subplot()
        _axes_style(ax)
        names = [_short(name) for name, _ in items][::-1]
        counts = [n for _, n in items][::-1]
        bars = ax.barh(names, counts, color=OKABE_ITO["orange"])
        ax.bar_label(bars, labels=[str(n) for n in counts], color=THEME.text, padding=3)
        ax.set_xlim(0, max([*counts, 1]) * 1.15)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel("Wrong answers showing it", color=THEME.text)
        ax.set_title("Most common misconceptions", color=THEME.text, loc="left")
        return svg_data_uri(fig)


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
