"""The kit's colours: the Okabe-Ito palette and the light and dark themes.

Okabe-Ito colours stay distinguishable under the common forms of colour blindness. They live
here, apart from the figures, so that what draws without matplotlib (the grader's SVG charts)
takes the same colours without loading the figure modules.
"""

from __future__ import annotations

from dataclasses import dataclass

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}


@dataclass(frozen=True)
class Theme:
    """Background, text and line colours for one display theme."""

    name: str
    background: str
    panel: str
    text: str
    muted: str
    line: str


THEMES = {
    "light": Theme("light", "#FFFFFF", "#F4F4F4", "#1A1A1A", "#4D4D4D", "#333333"),
    "dark": Theme("dark", "#1E1E1E", "#2B2B2B", "#F0F0F0", "#C8C8C8", "#D0D0D0"),
}
