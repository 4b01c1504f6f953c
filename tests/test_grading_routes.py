"""Which worker grades which files: a course notebook's files stay on one worker, none is lost or numbered twice."""

from __future__ import annotations

from course.exercises.definitions import configured_definitions, load_bank
from course.grading.discover import Source
from course.grading.layout import Origin
from course.grading.pipeline import Context
from course.grading.run import CHUNK, routes


def source(learner: str, name: str) -> tuple[Source, Origin]:
    path = f"/class/{learner}/{name}"
    return Source(path, path, None, (learner, name), "class", 0.0, 1), Origin("folders", learner, file_name=name)


def class_of(learners: int, names: list[str]) -> list[tuple[Source, Origin]]:
    return [source(f"l{i:03d}", name) for i in range(learners) for name in names]


def routed(items: list[tuple[Source, Origin]], workers: int) -> list[list[tuple[int, str]]]:
    context = Context(load_bank(configured_definitions()))
    return [
        [(number, item[0].parts[-1]) for chunk, ids in queue for number, item in zip(ids, chunk, strict=True)]
        for queue in routes(items, context, workers)
    ]


def test_each_notebooks_files_go_to_one_worker_and_every_file_once_numbered_by_its_place() -> None:
    names = ["01_team_landscape.ipynb", "02_roles.ipynb", "04_raci.ipynb", "05_topologies.ipynb", "notes.ipynb"]
    items = class_of(120, names)
    shares = routed(items, 2)
    numbers = sorted(number for share in shares for number, _ in share)
    assert numbers == list(range(1, len(items) + 1))  # every file once, numbered by its place in the plan
    assert all(items[number - 1][0].parts[-1] == name for share in shares for number, name in share)
    owners = {name[:2]: {w for w, share in enumerate(shares) for _, n in share if n == name} for name in names}
    assert all(len(workers) == 1 for workers in owners.values()), owners  # 'no' (notes.ipynb) is one group too
    assert all(share for share in shares)  # both workers have notebooks of their own


def test_the_notebooks_are_shared_by_their_work_and_chunks_are_small() -> None:
    context = Context(load_bank(configured_definitions()))
    heavy = max(context.notebooks, key=lambda n: len(context.notebooks[n]))
    light = sorted((n for n in context.notebooks if n != heavy), key=lambda n: len(context.notebooks[n]))
    names = [f"{heavy}_a.ipynb", *(f"{n}_a.ipynb" for n in light)]
    queues = routes(class_of(200, names), context, 2)
    assert all(len(chunk) <= CHUNK and len(chunk) == len(ids) for queue in queues for chunk, ids in queue)
    work = [sum(2 + len(context.notebooks[item[0].parts[-1][:2]]) for chunk, _ in q for item in chunk) for q in queues]
    assert max(work) <= 0.5 * sum(work) + 200 * (2 + len(context.notebooks[heavy]))  # greedy: within one notebook


def test_one_notebook_for_the_whole_class_still_keeps_every_worker_fed() -> None:
    """The other worker takes chunks from the tail of the one route (see `_graded`); here: nothing is lost."""
    items = class_of(300, ["04_raci.ipynb"])
    shares = routed(items, 3)
    assert sorted(len(s) for s in shares) == [0, 0, 300]
