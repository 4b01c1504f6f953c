"""How big the learner edition is: its `course` package in Python lines and bytes, and the whole edition.

    python benchmarks/edition_size.py [--compare OTHER_TREE]

Writes the learner edition (`mlops-course release --learner`, through `build_edition`) into a temporary
folder and counts its package: Python modules, their lines and bytes, every file of the package in bytes,
and which of the instructor's tools (grading, live view, slides, authoring) it still holds. With
`--compare OTHER_TREE` (another checkout, e.g. `git worktree add --detach /tmp/base main`), the other
tree writes its own edition with its own code in the same run, and the two are printed side by side.

Prints figures only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INSTRUCTOR_TOOLS = ("grading", "live", "slides", "authoring")

MEASURE = """
import json, sys, tempfile
from pathlib import Path
from course.authoring.edition import build_edition

root = Path(sys.argv[1])
out = Path(tempfile.mkdtemp(prefix="edition-size-")) / "edition"
build_edition(root, out)
package = out / "course"
python = [p for p in package.rglob("*.py")]
print(json.dumps({
    "modules": len(python),
    "lines": sum(len(p.read_text(encoding="utf-8").splitlines()) for p in python),
    "python_bytes": sum(p.stat().st_size for p in python),
    "package_bytes": sum(p.stat().st_size for p in package.rglob("*") if p.is_file()),
    "edition_bytes": sum(p.stat().st_size for p in out.rglob("*") if p.is_file()),
    "tools": sorted(t for t in sys.argv[2:] if (package / t).exists()),
}))
import shutil
shutil.rmtree(out.parent, ignore_errors=True)
"""


def measure(tree: Path) -> dict[str, object]:
    """The edition `tree` writes with its own code (its `course` first on the path), counted."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(tree), *INSTRUCTOR_TOOLS],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def line(name: str, figures: dict[str, object]) -> str:
    tools = ", ".join(figures["tools"]) or "none"  # type: ignore[arg-type]
    return (
        f"{name}: package {figures['modules']} modules, {figures['lines']:,} lines of Python "
        f"({figures['python_bytes']:,} bytes), {figures['package_bytes']:,} bytes in all; "
        f"whole edition {figures['edition_bytes']:,} bytes; instructor's tools in it: {tools}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--compare", type=Path, metavar="TREE", help="another checkout to measure side by side")
    args = parser.parse_args()
    new = measure(ROOT)
    if args.compare:
        old = measure(args.compare.resolve())
        print(line(f"old ({args.compare})", old))
        print(line(f"new ({ROOT})", new))
        for key in ("lines", "python_bytes", "package_bytes"):
            print(f"new/old {key}: {new[key] / old[key]:.3f}")  # type: ignore[operator]
    else:
        print(line(str(ROOT), new))


if __name__ == "__main__":
    main()
