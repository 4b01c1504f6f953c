"""Figures: they show the chapter's words, read well in both themes, and are reproducible.

Text checks look at the figure's Text artists; layout checks use the Agg
renderer's bounding boxes of the texts that are actually drawn; colour checks
use the WCAG 2 contrast ratio, computed here from its definition.
"""

from __future__ import annotations

import functools
import io
import itertools
from collections import Counter
from collections.abc import Callable
from types import SimpleNamespace
from typing import TYPE_CHECKING
from unittest.mock import patch

import pytest

import course
from course import figures
from course.figures import style
from course.raci import RASCI, RaciMatrix

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.text import Text


@functools.cache
def mpl() -> SimpleNamespace:
    """The matplotlib names the tests use, imported when a test first needs them: every test process collects
    this module, but only the one that runs its tests needs matplotlib (about 0.7 s of a process's start)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import to_rgb
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch, Rectangle
    from matplotlib.text import Text

    return SimpleNamespace(
        FigureCanvasAgg=FigureCanvasAgg,
        to_rgb=to_rgb,
        Figure=Figure,
        FancyBboxPatch=FancyBboxPatch,
        Rectangle=Rectangle,
        Text=Text,
    )


THEMES = ["light", "dark"]
ROLE_NAMES = ["Data Scientist", "ML Engineer", "MLOps Engineer", "Data Engineer", "Platform Engineer", "QA Engineer"]
UNITS = {
    1: ["Product Team A", "Product Team B", "Shared Platform"],
    2: ["Central ML Platform Team", "DS Team A", "DS Team B"],
    3: [],  # a single team; its name is the kit's
}
RECALL_TODAY = __import__("datetime").date(2025, 3, 10)
RECALL_HISTORY = [(RECALL_TODAY.replace(day=4), 1, 2), (RECALL_TODAY.replace(day=6), 2, 3), (RECALL_TODAY, 3, 3)]
RECALL_FORECAST = [(RECALL_TODAY.replace(day=10 + i), 0.97 ** (1.5 * i)) for i in range(15)]
"""A learner's review so far and FSRS's forecast, as `course.review()` passes them to the recall chart."""
BUILDERS: dict[str, Callable[..., Figure]] = {
    "team_map": figures.team_map,
    "topology-1": lambda **kw: figures.topology(1, **kw),
    "topology-2": lambda **kw: figures.topology("centralized", **kw),
    "topology-3": lambda **kw: figures.topology("Full-Stack ML Teams", **kw),
    "topologies": figures.topologies,
    "raci_grid": figures.raci_grid,
    "workload": figures.workload,
    "recall": lambda **kw: figures.recall(RECALL_HISTORY, RECALL_FORECAST, RECALL_TODAY, **kw),
}


@pytest.fixture(autouse=True)
def _no_theme_leaks(monkeypatch):
    """Each test starts with no theme chosen by `set_theme` or the environment."""
    monkeypatch.setitem(style._current, "theme", None)
    monkeypatch.delenv(style.THEME_ENV, raising=False)


@pytest.fixture(scope="module")
def chapter():
    return course.load_chapter()


def all_texts(fig: Figure) -> list[str]:
    """Text of every Text artist (after a draw, so axis tick labels exist)."""
    mpl().FigureCanvasAgg(fig).draw()
    return texts_in(fig)


def texts_in(fig: Figure) -> list[str]:
    """Text of every Text artist of a figure already drawn."""
    return [t.get_text() for t in fig.findobj(mpl().Text) if t.get_text().strip()]


def drawn_texts(fig: Figure) -> tuple[list[Text], object]:
    """The Text artists the renderer really draws (not, e.g., tick labels outside the axis range)."""
    canvas = mpl().FigureCanvasAgg(fig)
    drawn: list[Text] = []
    original = mpl().Text.draw

    def spy(self: Text, renderer: object) -> None:
        original(self, renderer)
        if self.get_visible() and self.get_text().strip():
            drawn.append(self)

    with patch.object(mpl().Text, "draw", spy):
        canvas.draw()
    return drawn, canvas.get_renderer()


@functools.cache
def drawn_figure(name: str, theme: str) -> tuple[Figure, list[Text], object]:
    """A built and drawn figure, shared by the tests that only read it (building and drawing each figure
    once per theme, not once per test, keeps this module a few seconds long)."""
    fig = BUILDERS[name](theme=theme)
    texts, renderer = drawn_texts(fig)
    return fig, texts, renderer


def texts_of(name: str, theme: str) -> list[str]:
    """Text of every Text artist of the shared drawn figure (as `all_texts` gives of a new one)."""
    return texts_in(drawn_figure(name, theme)[0])


def png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def luminance(colour: object) -> float:
    """WCAG 2 relative luminance."""
    channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in mpl().to_rgb(colour)]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast(a: object, b: object) -> float:
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_helper_matches_known_values():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)


# --- every figure builds in both themes -------------------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", list(BUILDERS))
def test_builds_in_theme_with_the_theme_background(name, theme):
    fig = drawn_figure(name, theme)[0]
    assert isinstance(fig, mpl().Figure)
    assert mpl().to_rgb(fig.get_facecolor()) == mpl().to_rgb(style.THEMES[theme].background)
    assert len(texts_of(name, theme)) > 3


@pytest.mark.parametrize("name", list(BUILDERS))
def test_same_call_gives_byte_identical_png_and_the_theme_changes_it(name):
    light = png(BUILDERS[name](theme="light"))
    assert light.startswith(b"\x89PNG")
    assert png(drawn_figure(name, "light")[0]) == light  # built by another call, and drawn before
    dark = drawn_figure(name, "dark")[0]  # the theme changes it (its colours: see the contrast tests)
    assert mpl().to_rgb(dark.get_facecolor()) != mpl().to_rgb(drawn_figure(name, "light")[0].get_facecolor())


def test_figures_stay_out_of_pyplot():
    import matplotlib.pyplot as plt  # here, not at the top: the module's other tests never need pyplot

    plt.close("all")
    assert plt.get_fignums() == []
    for build in BUILDERS.values():
        build()  # the theme changes colours only, not how a figure is made
    assert plt.get_fignums() == []


# --- what each figure says ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
def test_team_map_names_every_role_and_its_duties(chapter, theme):
    texts = texts_of("team_map", theme)
    joined = "\n".join(texts)
    for name in ROLE_NAMES:
        assert sum(text.startswith(name + " (") for text in texts) == 1, name
    for duty in ("Problem framing", "Productionization", "CI/CD pipelines", "Feature eng.", "GPU infra", "Integration"):
        assert duty in joined
    for role in chapter.roles:
        assert role.focus in joined.replace("\n", " ")


@pytest.mark.parametrize("number", [1, 2, 3])
def test_topology_shows_its_units_and_roles(chapter, number):
    texts = texts_of(f"topology-{number}", "light")  # a figure built with no theme chosen is a light one
    model = chapter.topology(number)
    assert any(text == f"Model {number}: {model.name}" for text in texts)
    for unit in UNITS[number] or [u.name for u in model.units]:
        assert texts.count(unit) == 1, unit
    role_chips = Counter(text for text in texts if text in ROLE_NAMES)
    expected = Counter(chapter.role_name(r) for unit in model.units for r in unit.roles)
    assert role_chips == expected
    assert any("Best for" in text for text in texts)


def test_topologies_shows_every_model_and_unit(chapter):
    texts = texts_of("topologies", "light")
    for number in (1, 2, 3):
        assert sum(text.startswith(f"Model {number}: ") for text in texts) == 1
    for unit in [u.name for t in chapter.topologies for u in t.units]:
        assert unit in texts
    assert sum(text.startswith("Best for") for text in texts) == 3


def letter_counts(matrix: RaciMatrix) -> Counter:
    return Counter(str(cell) for cell in matrix.cells.values())


@pytest.mark.parametrize("theme", THEMES)
def test_raci_grid_prints_every_activity_and_every_letter(chapter, theme):
    matrix = chapter.raci_matrix
    texts = texts_of("raci_grid", theme)
    for activity in matrix.activities:
        assert texts.count(activity) == 1, activity
    headers = [text.replace("\n", " ") for text in texts]
    for role in matrix.roles:
        assert role in headers
    cells = letter_counts(matrix)
    for letter in ("R/A", "R", "A", "C", "I"):
        assert texts.count(letter) == cells[letter] + 1, letter  # each cell, plus its legend key
    assert texts.count("–") == 0  # the chapter has no blank cell
    for meaning in ("Responsible", "Accountable", "Consulted", "Informed"):
        assert meaning in texts


def test_raci_grid_of_a_custom_matrix_shows_blanks_and_only_used_keys():
    matrix = RaciMatrix.from_rows(
        {"Train": {"DS": "R/A", "MLE": "S", "Ops": ""}, "Ship": {"DS": "", "MLE": "R", "Ops": "A"}}, scheme=RASCI
    )
    texts = all_texts(figures.raci_grid(matrix, title="Custom"))
    assert "Custom" in texts
    assert texts.count("–") == 2
    assert texts.count("S") == 2 and "Support" in texts
    assert "C" not in texts and "Consulted" not in texts  # no C cell, so no C key


@pytest.mark.parametrize("theme", THEMES)
def test_workload_names_roles_and_its_bars_add_up(chapter, theme):
    matrix = chapter.raci_matrix
    fig = drawn_figure("workload", theme)[0]
    texts = texts_of("workload", theme)
    ax = fig.axes[0]
    tick_roles = [t.get_text() for t in ax.get_yticklabels()]
    assert sorted(tick_roles) == sorted(matrix.roles)
    for role in matrix.roles:
        assert role in texts
    # The numbers printed on the bars: per role they add up to every activity.
    positions = dict(zip(ax.get_yticks(), tick_roles, strict=True))
    per_role = Counter()
    for text in ax.texts:
        nearest = min(positions, key=lambda y: abs(y - text.get_position()[1]))
        per_role[positions[nearest]] += int(text.get_text())
    assert per_role == dict.fromkeys(matrix.roles, len(matrix.activities))
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["R/A (does and owns)", "R (does)", "A (owns)", "C (consulted)", "I (informed)"]


# --- layout ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
def test_team_map_texts_do_not_overlap_and_stay_in_their_box(theme):
    fig, texts, renderer = drawn_figure("team_map", theme)
    boxes = [p.get_window_extent(renderer) for p in fig.findobj(mpl().FancyBboxPatch)]
    assert len(boxes) == 6
    extents = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
    for (a, box_a), (b, box_b) in itertools.combinations(extents, 2):
        assert not box_a.overlaps(box_b), f"{a!r} overlaps {b!r}"
    for text, extent in extents:
        inside = [
            b for b in boxes if b.x0 <= extent.x0 and b.y0 <= extent.y0 and extent.x1 <= b.x1 and extent.y1 <= b.y1
        ]
        straddles = [b for b in boxes if b.overlaps(extent) and b not in inside]
        assert not straddles, f"{text!r} crosses the edge of a role box"
    # Three texts (name, focus, duties) inside each role box.
    per_box = Counter(
        i
        for _, e in extents
        for i, b in enumerate(boxes)
        if b.x0 <= e.x0 and e.x1 <= b.x1 and b.y0 <= e.y0 and e.y1 <= b.y1
    )
    assert per_box == dict.fromkeys(range(6), 3)


@pytest.mark.parametrize("name", ["topology-1", "topology-2", "topology-3", "topologies", "raci_grid", "recall"])
def test_texts_do_not_overlap(name):
    _, texts, renderer = drawn_figure(name, "light")
    extents = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
    for (a, box_a), (b, box_b) in itertools.combinations(extents, 2):
        assert not box_a.overlaps(box_b), f"{a!r} overlaps {b!r}"


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", list(BUILDERS))
def test_every_text_lies_inside_the_figure(name, theme):
    fig, texts, renderer = drawn_figure(name, theme)
    assert texts
    frame = fig.bbox
    for text in texts:
        box = text.get_window_extent(renderer)
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1, f"{text.get_text()!r} leaves the figure sideways"
        assert frame.y0 <= box.y0 and box.y1 <= frame.y1, f"{text.get_text()!r} leaves the figure vertically"


# --- colour -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
def test_theme_text_colours_contrast_with_their_backgrounds(theme):
    colours = style.THEMES[theme]
    for fg in (colours.text, colours.muted):
        for bg in (colours.background, colours.panel):
            assert contrast(fg, bg) >= 4.5, (theme, fg, bg)


def test_text_colour_on_any_fill_reaches_aa_contrast():
    fills = [*style.OKABE_ITO.values(), *style.CELL_COLOURS.values(), "#777777", "#808080", "#FFFFFF", "#000000"]
    for fill in fills:
        assert contrast(style.text_colour_on(fill), fill) >= 4.5, fill


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", list(BUILDERS))
def test_every_drawn_text_contrasts_with_what_is_behind_it(name, theme):
    """Behind a text is the last-drawn box or bar under its centre, else the figure background."""
    fig, texts, renderer = drawn_figure(name, theme)
    backdrops = [
        (p.get_window_extent(renderer), p.get_facecolor())
        for p in fig.findobj(lambda a: isinstance(a, mpl().FancyBboxPatch | mpl().Rectangle))
        if p is not fig.patch
        and all(p is not ax.patch for ax in fig.axes)
        and p.get_visible()
        and p.get_facecolor()[3] > 0
    ]
    for text in texts:
        box = text.get_window_extent(renderer)
        centre = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
        under = [colour for extent, colour in backdrops if extent.contains(*centre)]
        behind = under[-1] if under else fig.get_facecolor()
        assert contrast(text.get_color(), behind) >= 4.5, (text.get_text(), text.get_color(), behind)


# --- themes -----------------------------------------------------------------------------------------------------------


def test_set_theme_rejects_unknown_names():
    with pytest.raises(ValueError, match="unknown figure theme 'nope'; expected one of light, dark"):
        figures.set_theme("nope")


def test_set_theme_changes_later_figures():
    assert mpl().to_rgb(figures.team_map().get_facecolor()) == mpl().to_rgb(style.THEMES["light"].background)
    figures.set_theme("dark")
    assert figures.get_theme().name == "dark"
    assert mpl().to_rgb(figures.raci_grid().get_facecolor()) == mpl().to_rgb(style.THEMES["dark"].background)
    # An explicit argument wins over the chosen theme.
    assert mpl().to_rgb(figures.raci_grid(theme="light").get_facecolor()) == mpl().to_rgb(
        style.THEMES["light"].background
    )


def test_environment_chooses_the_theme(monkeypatch):
    monkeypatch.setenv(style.THEME_ENV, "dark")
    assert figures.get_theme().name == "dark"
    monkeypatch.setenv(style.THEME_ENV, "sepia")
    with pytest.raises(ValueError, match="sepia"):
        figures.get_theme()


def test_unknown_theme_argument_raises():
    with pytest.raises(ValueError, match="unknown figure theme"):
        figures.team_map(theme="nope")


# --- the text a saved notebook shows in place of the image ------------------------------------------


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_every_figure_carries_a_description_of_what_it_shows(name):
    fig = drawn_figure(name, "light")[0]
    text = figures.description(fig)
    assert text and not text.startswith("<Figure")
    drawn = {t.get_text().replace("\n", " ") for t in fig.findobj(mpl().Text) if t.get_text().strip()}
    titles = [t for t in drawn if t.startswith(("Model ", "Who does", "Workload", "Recall"))]
    assert titles and all(title in text for title in titles), (titles, text[:200])


def test_a_grid_description_lists_every_cell_in_column_order():
    matrix = RaciMatrix.from_frame(
        __import__("pandas").DataFrame({"DS": ["R/A", ""], "MLE": ["C", "R/A"]}, index=["Frame", "Serve"])
    )
    text = figures.description(figures.raci_grid(matrix, title="Two rows"))
    assert 'titled "Two rows" with 2 activity rows and 2 role columns (DS and MLE)' in text
    assert "Frame: R/A, C. Serve: –, R/A." in text


def test_the_notebook_shows_the_description_as_the_figures_text():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        fig = figures.team_map()
        data, _ = shell.display_formatter.format(fig)
        assert data["text/plain"] == figures.description(fig)
        assert data["image/png"].startswith(b"\x89PNG")
    finally:
        InteractiveShell.clear_instance()


def test_the_lessons_saved_figures_carry_their_description():
    import json
    from pathlib import Path

    found = 0
    for path in sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "image/png" in data:
                    found += 1
                    text = "".join(data.get("text/plain", ""))
                    assert text and not text.startswith("<Figure"), (path.name, cell.get("id"), text[:80])
    assert found >= 10


def test_the_recall_chart_says_every_day_and_the_forecast_in_its_description():
    text = figures.description(BUILDERS["recall"]())
    assert "on 4 Mar 1 of 2 right (50%); on 6 Mar 2 of 3 right (67%); today 3 of 3 right (100%)" in text
    assert "100% today" in text and "on 24 Mar" in text and "falls to 90%" in text
    empty = figures.description(figures.recall([], [], RECALL_TODAY))
    assert "No review done yet." in empty


@pytest.mark.parametrize("theme", THEMES)
def test_the_recall_chart_tells_its_series_apart_without_colour(theme):
    """Dots with a solid line for first tries, squares on a dashed line for the forecast, a dotted level."""
    fig = BUILDERS["recall"](theme=theme)
    lines = {line.get_label(): line for line in fig.axes[0].get_lines() if not line.get_label().startswith("_")}
    assert (
        lines["Your first tries: share right"].get_marker(),
        lines["Your first tries: share right"].get_linestyle(),
    ) == ("o", "-")
    assert lines["Predicted recall without review"].get_linestyle() == "--"
    assert lines["Review due at this level"].get_linestyle() == ":"
    background = fig.get_facecolor()
    for line in lines.values():
        assert contrast(line.get_color(), background) >= 3, (line.get_label(), line.get_color())


def test_every_public_name_is_its_function_after_every_figure_module_is_imported():
    """Four figure modules share their function's name: a package that binds names lazily loses the function
    to the module once someone imports the module itself (a notebook cell then calls a module)."""
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(figures.__path__):
        importlib.import_module(f"course.figures.{module.name}")
    for name in figures.__all__:
        value = getattr(figures, name)
        assert callable(value) and not isinstance(value, type(figures)), f"course.figures.{name} is {value!r}"
