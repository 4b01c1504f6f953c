"""The class report's figures, written directly as SVG text: the same byte for byte every run.

Bar charts need no plotting library: writing the few rectangles and labels by
hand keeps the grader's start-up short (no matplotlib to import) and its output
deterministic. Okabe-Ito colours (course.palette) stay apart under colour
blindness, and every bar carries a text label, so colour is never the only cue.
No learner text is ever drawn: only exercise ids, scores and the misconception
names of the definitions (escaped all the same).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from html import escape

from course.palette import OKABE_ITO, THEMES

THEME = THEMES["light"]
FAMILY = "font-family='DejaVu Sans, Arial, sans-serif'"
FONT = f"{FAMILY} font-size='12'"
WIDTH = 700
ROW = 24
LABEL_WIDTH = 260


def svg_data_uri(svg: str) -> str:
    """SVG text as a data: URI for an <img> (the report runs no script and loads nothing)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
        f"viewBox='0 0 {width} {height}' role='img'><title>{escape(title)}</title>"
        f"<rect width='{width}' height='{height}' fill='{THEME.background}'/>"
        f"<text x='10' y='20' {FAMILY} font-size='14' fill='{THEME.text}'>{escape(title)}</text>"
        + "".join(body)
        + "</svg>"
    )


def _text(x: float, y: float, text: str, anchor: str = "start") -> str:
    return f"<text x='{x:.1f}' y='{y:.1f}' {FONT} fill='{THEME.text}' text-anchor='{anchor}'>{escape(text)}</text>"


def score_distribution(percents: Sequence[float]) -> str:
    """A histogram of the learners' percentages in 10-point bins, each bar labelled with its count."""
    counts = [0] * 10
    for value in percents:
        counts[min(int(max(value, 0.0) // 10), 9)] += 1
    top, left, plot_height, bar = 40, 50, 200, 60
    tallest = max([*counts, 1])
    body = []
    for index, count in enumerate(counts):
        height = plot_height * count / tallest
        x = left + index * bar
        y = top + plot_height - height
        body.append(
            f"<rect x='{x + 3}' y='{y:.1f}' width='{bar - 6}' height='{height:.1f}' fill='{OKABE_ITO['blue']}'/>"
        )
        if count:
            body.append(_text(x + bar / 2, y - 4, str(count), "middle"))
        body.append(_text(x, top + plot_height + 16, f"{index * 10}%", "middle"))
    body.append(_text(left + 10 * bar, top + plot_height + 16, "100%", "middle"))
    body.append(
        f"<line x1='{left}' y1='{top + plot_height}' x2='{left + 10 * bar}' y2='{top + plot_height}' "
        f"stroke='{THEME.line}'/>"
    )
    body.append(_text(left + 5 * bar, top + plot_height + 36, "Score (percent of the points available)", "middle"))
    body.append(_text(10, top + plot_height / 2, "Learners"))
    return svg_data_uri(_svg(WIDTH, top + plot_height + 50, "Score distribution", body))


def _bars(
    title: str,
    items: Sequence[tuple[str, float]],
    labels: list[str],
    colours: list[str],
    axis: str,
    full: float | None = None,
) -> str:
    """Labelled horizontal bars; a bar of length `full` fills the width (default: the largest value)."""
    top, usable = 36, WIDTH - LABEL_WIDTH - 70
    largest = full or max([value for _, value in items] + [1e-9])
    body = []
    for index, ((name, value), label, colour) in enumerate(zip(items, labels, colours, strict=True)):
        y = top + index * ROW
        length = usable * max(value, 0.0) / largest
        body.append(_text(LABEL_WIDTH - 8, y + ROW * 0.65, _short(name), "end"))
        body.append(f"<rect x='{LABEL_WIDTH}' y='{y + 3}' width='{length:.1f}' height='{ROW - 6}' fill='{colour}'/>")
        body.append(_text(LABEL_WIDTH + length + 6, y + ROW * 0.65, label))
    bottom = top + len(items) * ROW
    body.append(_text(LABEL_WIDTH, bottom + 20, axis))
    return svg_data_uri(_svg(WIDTH, bottom + 32, title, body))


def difficulty(items: Sequence[tuple[str, float]]) -> str:
    """Share of the points earned per exercise (lower is harder), as labelled horizontal bars."""
    colours = [OKABE_ITO["vermillion"] if share < 50 else OKABE_ITO["bluish_green"] for _, share in items]
    return _bars(
        "Difficulty per exercise",
        [(name, share) for name, share in items],
        [f"{share:.0f}%" for _, share in items],
        colours,
        "Points earned, as a share of the points available (below 50% in vermillion)",
        full=100.0,
    )


def misconceptions(items: Sequence[tuple[str, int]]) -> str:
    """How often each misconception showed in wrong answers, most common first."""
    return _bars(
        "Most common misconceptions",
        [(name, float(count)) for name, count in items],
        [str(count) for _, count in items],
        [OKABE_ITO["orange"]] * len(items),
        "Wrong answers showing it",
    )


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
