"""The grader's HTML, from Jinja2 templates (package files in `templates/`) with autoescape on.

Every value a template shows is escaped unless it is `Markup` (HTML built by another
template), so no page depends on remembering to escape. Pages forbid scripts outright
(a Content-Security-Policy allowing only inline styles and data: images).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, Template
from markupsafe import Markup

from course import disk_cache
from course.grading.outputs.html import CSP, STYLE


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The templates' environment. Compiling a template costs more than rendering a class's pages, so
    compiled templates are kept in the private cache (`course.disk_cache`), by name and text."""
    compiled = disk_cache.folder("templates")
    env = Environment(
        loader=PackageLoader("course.grading.outputs", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # package files do not change during a run: no stat of the file per page rendered
        bytecode_cache=FileSystemBytecodeCache(str(compiled)) if compiled else None,
    )
    env.globals.update(csp=Markup(CSP), style=Markup(STYLE))  # the kit's own constants
    return env


def template(name: str) -> Template:
    return environment().get_template(name)


def render(name: str, **context: Any) -> Markup:
    """A template rendered to HTML, marked safe for use inside another template."""
    return Markup(template(name).render(**context))


def generate(name: str, **context: Any) -> Iterator[str]:
    """A template rendered piece by piece (a large page is written without holding it whole)."""
    return template(name).generate(**context)
