"""Colours, themes and the figure factory shared by every figure.

Colours come from the Okabe-Ito palette, which stays distinguishable under the
common forms of colour blindness; every coloured mark also carries a text
label, so colour is never the only cue. Figures have an opaque background in
either theme, so a PNG saved in one JupyterLab theme stays readable in the other.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from course.palette import OKABE_ITO, THEMES, Theme

if TYPE_CHECKING:
    from matplotlib.figure import Figure

ROLE_COLOURS = {
    "data_scientist": OKABE_ITO["blue"],
    "ml_engineer": OKABE_ITO["orange"],
    "mlops_engineer": OKABE_ITO["bluish_green"],
    "data_engineer": OKABE_ITO["sky_blue"],
    "platform_engineer": OKABE_ITO["vermillion"],
    "qa_engineer": OKABE_ITO["reddish_purple"],
}

# Cell colours of the RACI grid, keyed by the cell's canonical text.
CELL_COLOURS = {
    "R/A": OKABE_ITO["blue"],
    "R": OKABE_ITO["orange"],
    "A": OKABE_ITO["vermillion"],
    "S": OKABE_ITO["yellow"],
    "C": OKABE_ITO["sky_blue"],
    "I": "#BBBBBB",
}
CELL_ORDER = ("R/A", "R", "A", "S", "C", "I")

THEME_ENV = "MLOPS_COURSE_FIGURE_THEME"


_current: dict[str, str | None] = {"theme": None}


def set_theme(name: str) -> None:
    """Choose 'light' or 'dark' for figures drawn after this call (e.g. for projecting)."""
    if name not in THEMES:
        raise ValueError(f"unknown figure theme {name!r}; expected one of {', '.join(THEMES)}")
    _current["theme"] = name


def get_theme(name: str | None = None) -> Theme:
    """The theme to draw with: the argument, else `set_theme`, else the environment, else light."""
    chosen = name or _current["theme"] or os.environ.get(THEME_ENV) or "light"
    if chosen not in THEMES:
        raise ValueError(f"unknown figure theme {chosen!r}; expected one of {', '.join(THEMES)}")
    return THEMES[chosen]


def text_colour_on(fill: str) -> str:
    """Black or white, whichever reads better on `fill` (WCAG relative luminance)."""
    fill = fill.lstrip("#")
    channels = [int(fill[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#FFFFFF"


def blend(colour: str, background: str, amount: float) -> str:
    """Mix `amount` of `colour` into `background`: pale tints on light, deep ones on dark."""
    a = [int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    b = [int(background.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    mixed = [round(x * amount + y * (1 - amount)) for x, y in zip(a, b, strict=True)]
    return "#" + "".join(f"{v:02X}" for v in mixed)


def new_figure(width: float, height: float, theme: Theme) -> Figure:
    """A figure not registered with pyplot, so lessons show it exactly once.

    Figures are returned to the notebook, which displays them through IPython's
    formatter; keeping them out of pyplot's global list also means a batch of
    figures holds no memory after it is dropped.
    """
    _enable_notebook_display()
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, facecolor=theme.background, layout=None)
    fig.set_edgecolor(theme.background)
    return fig


def _enable_notebook_display() -> None:
    """Register the PNG formatter for Figure objects when running under IPython."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    formatter = shell.display_formatter.formatters.get("image/png")
    if formatter is None:
        return
    from matplotlib.figure import Figure

    if Figure not in formatter.type_printers:
        formatter.for_type(Figure, _figure_png)
    text = shell.display_formatter.formatters.get("text/plain")
    if text is not None and Figure not in text.type_printers:
        text.for_type(Figure, _figure_text)


def _figure_text(fig: Figure, printer: Any, cycle: bool) -> None:
    """The plain-text fallback of a figure output: its description, else matplotlib's own repr."""
    from course.figures.descriptions import description

    printer.text(description(fig) or repr(fig))


def _figure_png(fig: Figure) -> bytes:
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", facecolor=fig.get_facecolor(), metadata={"Software": None})
    return buffer.getvalue()
