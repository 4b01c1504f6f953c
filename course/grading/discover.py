"""Step 1 of grading: turn the PATHs given into a list of notebook sources, safely.

A PATH is a notebook, a folder (one sub-folder per learner, nbgrader's
`submitted/<learner>/<assignment>/` tree, or a flat LMS download), or a .zip of
any of these. Nothing is extracted to disk: zip members are read in memory by
the workers, so a `../` path inside an archive can never write anywhere. What
is unsafe or unreadable becomes a `FileProblem` and the rest goes on:

- hidden files and folders, `.ipynb_checkpoints` and `__MACOSX` are skipped;
- a symbolic link that leads out of the folder being graded is refused
  (links inside it are graded where they point, folder links are not followed);
  one file reached from two places (a link, a hard link, overlapping PATHs) is
  yielded from each with the same `inode`: `layout` decides what that means;
- in a zip: a member path with `..` or an absolute path, a link, an encrypted
  member, a member over the size cap, a member that unpacks to more than
  `max_ratio` times its compressed size (a zip bomb), an archive whose members
  add up to more than `max_total` bytes, and zips inside zips are refused; two
  entries of one name in a zip are both read (each names its entry: `(entry 1 of 2)`).
"""

from __future__ import annotations

import dataclasses
import os
import stat
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath

from course.errors import CourseUsageError
from course.exercises.record_reader import DEFAULT_MAX_BYTES, megabytes
from course.frozen import replaced

NOTEBOOK_SUFFIX = ".ipynb"
ARCHIVE_SUFFIX = ".zip"
SKIPPED_NAMES = frozenset({"__MACOSX", ".ipynb_checkpoints", "__pycache__"})
MAX_ZIP_MEMBERS = 100_000


@dataclass(frozen=True)
class Limits:
    """How much the grader reads: per notebook, per archive, and the zip-bomb ratio."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_total: int = 2 * 1024 * 1024 * 1024
    max_ratio: float = 200.0


@dataclass(frozen=True)
class Source:
    """One notebook to grade: a file, or a member of a zip archive.

    `label` names it in every output (the PATH as given, then the path inside);
    `parts` is its path under the PATH given (folders, then the file name), and
    `container` the name of the folder or archive holding it: both feed the
    learner rule in `identify`.
    """

    label: str
    path: str
    member: str | None
    parts: tuple[str, ...]
    container: str
    mtime: float
    size: int
    root: str = ""
    """The PATH given, made absolute: with `parts`, where the file sits among all PATHs (see `layout`)."""
    inode: tuple[int, int] = (0, 0)
    """(device, inode) of the file or archive: one file reached from two places is one file (see `layout`)."""
    archive: tuple[str, ...] = ()
    """For a member of a zip found in a folder (an upload), the zip's own path under the PATH given."""
    index: int = -1
    """For a zip member, its place in the archive's listing (two entries may share one name)."""

    @property
    def identity(self) -> tuple[int, int, str | None, int]:
        """The same for every path that reaches this file (or zip entry) on disk."""
        return (*self.inode, self.member, self.index)

    @property
    def location(self) -> tuple[str, ...]:
        """The file's place as absolute path parts (a zip's members as if unpacked where the zip is)."""
        return (*path_parts(self.root), *self.parts)


@lru_cache(maxsize=256)
def path_parts(path: str) -> tuple[str, ...]:
    """A PATH's parts, worked out once: every file under it asks (several times while planning)."""
    return Path(path).parts


@dataclass(frozen=True)
class FileProblem:
    """Something found while looking for notebooks that cannot be graded."""

    label: str
    problem: str
    detail: str = ""
    parts: tuple[str, ...] = ()
    container: str = ""


@dataclass
class Discovery:
    sources: list[Source] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)


class UsageError(CourseUsageError):
    """A PATH that does not exist or is not a notebook, folder or zip (exit status 2)."""


def check_paths(paths: Iterable[str | Path]) -> None:
    """UsageError for a PATH that is missing or not a notebook, zip or folder (before any work starts)."""
    for given in paths:
        path = Path(given)
        if path.is_dir() or (path.is_file() and path.suffix.lower() in (NOTEBOOK_SUFFIX, ARCHIVE_SUFFIX)):
            continue
        if not path.exists():
            raise UsageError(f"{given}: no such file or folder")
        raise UsageError(f"{given}: expected a .ipynb notebook, a .zip archive or a folder")


def iter_discover(paths: Iterable[str | Path], limits: Limits = Limits()) -> Iterator[Source | FileProblem]:
    """Every notebook under `paths` once, and a problem for each thing refused, in a fixed order
    (PATHs as given, folders sorted), one at a time: nothing per file is kept but its identity,
    so memory does not grow with the number of submissions."""
    paths = list(paths)
    check_paths(paths)
    for given in paths:
        path = Path(given)
        label = str(given).rstrip("/\\") or str(given)
        if path.is_dir():
            items = _walk_folder(path, label, limits)
            root = os.path.abspath(path)
        elif path.suffix.lower() == ARCHIVE_SUFFIX:
            items = _open_archive(path, label, (), limits)
            root = os.path.abspath(path)
        else:
            stats = path.stat()
            container = path.resolve().parent.name
            inode = (stats.st_dev, stats.st_ino)
            items = iter(
                [Source(label, str(path), None, (path.name,), container, stats.st_mtime, stats.st_size, inode=inode)]
            )
            root = os.path.abspath(path.parent)
        for item in items:
            if isinstance(item, Source) and item.root != root:
                item = replaced(item, root=root)  # once per file (see `course.frozen`)
            yield item


def discover(paths: Iterable[str | Path], limits: Limits = Limits()) -> Discovery:
    """`iter_discover` collected into lists, sorted by label (for tools and tests; grading streams)."""
    found = Discovery()
    for item in iter_discover(paths, limits):
        if isinstance(item, Source):
            found.sources.append(item)
        else:
            found.problems.append(item)
    found.sources.sort(key=lambda s: s.label)
    found.problems.sort(key=lambda p: (p.label, p.problem))
    return found


def _hidden(name: str) -> bool:
    return name.startswith(".") or name in SKIPPED_NAMES


def _walk_folder(root: Path, label: str, limits: Limits) -> Iterator[Source | FileProblem]:
    """Every notebook and zip under a folder, sorted, links out of it refused. Paths are handled as text
    (a folder per learner holds thousands of files, and a `Path` per file cost more than its system call)."""
    real_root = root.resolve()
    absolute = os.path.abspath(root)
    for folder, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(folder)
        rel = here.relative_to(root).parts
        links = {d for d in dirnames if os.path.islink(os.path.join(folder, d))}
        for name in sorted(links):
            if not _inside(here / name, real_root) and not _hidden(name):
                yield _link_problem(label, (*rel, name), root.name)
        dirnames[:] = sorted(d for d in dirnames if not _hidden(d) and d not in links)
        container = here.name if rel else real_root.name
        for name in sorted(filenames):
            if _hidden(name):
                continue
            suffix = os.path.splitext(name)[1].lower()
            if suffix not in (NOTEBOOK_SUFFIX, ARCHIVE_SUFFIX):
                continue
            file = os.path.join(folder, name)
            parts = (*rel, name)
            try:  # one system call for an ordinary file (thousands of them): lstat, then stat only for a link
                stats = os.lstat(file)
                if stat.S_ISLNK(stats.st_mode):
                    if not _inside(Path(file), real_root):
                        yield _link_problem(label, parts, root.name)
                        continue
                    stats = os.stat(file)
            except OSError as err:
                yield FileProblem(_join(label, parts), "The file could not be opened.", str(err), parts, container)
                continue
            if suffix == ARCHIVE_SUFFIX:
                for item in _open_archive(Path(file), _join(label, parts), rel, limits):
                    yield dataclasses.replace(item, archive=parts) if isinstance(item, Source) else item
                continue
            yield Source(
                _join(label, parts),
                file,
                None,
                parts,
                container,
                stats.st_mtime,
                stats.st_size,
                absolute,
                inode=(stats.st_dev, stats.st_ino),
            )


def _join(label: str, parts: Iterable[str]) -> str:
    return "/".join([label, *parts])


def _inside(path: Path, real_root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(real_root)
    except (OSError, RuntimeError):
        return False


def _link_problem(label: str, parts: tuple[str, ...], container: str) -> FileProblem:
    return FileProblem(
        _join(label, parts),
        "The file is a link to something outside the submissions folder; it was not followed.",
        "symbolic link leading out of the tree",
        parts,
        container,
    )


def _open_archive(path: Path, label: str, rel: tuple[str, ...], limits: Limits) -> Iterator[Source | FileProblem]:
    """An archive's notebooks as sources, and problems for unsafe members (see the module docstring)."""
    container = Path(path.name).stem
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as err:
        yield FileProblem(
            label, "The zip archive is damaged or not a zip archive.", str(err), (*rel, path.name), container
        )
        return
    if len(infos) > MAX_ZIP_MEMBERS:
        yield FileProblem(
            label,
            f"The zip archive lists {len(infos)} entries, more than {MAX_ZIP_MEMBERS}; it was not opened.",
            "",
            (*rel, path.name),
            container,
        )
        return
    archive_stats = path.stat()
    mtime = archive_stats.st_mtime
    problems: list[FileProblem] = []
    members = list(_archive_members(infos, label, rel, path.name, container, problems, limits))
    yield from problems
    strip = _common_top_folder([parts for _, _, parts in members])
    names = Counter(info.filename for _, info, _ in members)
    seen: Counter[str] = Counter()
    for index, info, parts in members:
        inner = parts[1:] if strip else parts
        holder = strip or container
        stamp = _zip_time(info) or mtime
        member_label = f"{label}!/{info.filename}"
        if names[info.filename] > 1:  # unzip tools keep one of them: both are graded, and named apart
            seen[info.filename] += 1
            member_label += f" (entry {seen[info.filename]} of {names[info.filename]})"
        yield Source(
            member_label,
            str(path),
            info.filename,
            (*rel, *inner),
            holder,
            stamp,
            info.file_size,
            inode=(archive_stats.st_dev, archive_stats.st_ino),
            index=index,
        )


def _archive_members(
    infos: list[zipfile.ZipInfo],
    label: str,
    rel: tuple[str, ...],
    name: str,
    container: str,
    problems: list[FileProblem],
    limits: Limits,
) -> Iterator[tuple[int, zipfile.ZipInfo, tuple[str, ...]]]:
    total = 0
    for index, info in enumerate(infos):
        member_label = f"{label}!/{info.filename}"
        raw = info.filename.replace("\\", "/")
        parts = tuple(p for p in PurePosixPath(raw).parts if p not in ("", "."))
        if info.is_dir() or not parts:
            continue
        suffix = PurePosixPath(raw).suffix.lower()
        if suffix not in (NOTEBOOK_SUFFIX, ARCHIVE_SUFFIX):
            continue

        def refuse(problem: str, detail: str = "", *, member_label: str = member_label) -> None:
            problems.append(FileProblem(member_label, problem, detail, (*rel, name), container))

        if raw.startswith("/") or ".." in parts or (len(raw) > 1 and raw[1] == ":"):
            refuse("The archive holds a file with an unsafe path (absolute or with ../); it was not read.", raw)
            continue
        if any(_hidden(p) for p in parts):
            continue
        if stat.S_ISLNK(info.external_attr >> 16):
            refuse("The archive holds a link instead of a file; it was not followed.", raw)
            continue
        if suffix == ARCHIVE_SUFFIX:
            refuse("The archive holds another zip archive; unpack it first, zips inside zips are not opened.")
            continue
        if info.flag_bits & 0x1:
            refuse("The file in the archive is password-protected and cannot be read.")
            continue
        if info.file_size > 1024 * 1024 and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            refuse(
                "The file in the archive is compressed suspiciously well (a zip bomb?); it was not unpacked.",
                f"{megabytes(info.file_size)} from {info.compress_size} bytes",
            )
            continue
        if info.file_size > limits.max_bytes:
            refuse(
                f"The file unpacks to {megabytes(info.file_size)}, over the size limit of {megabytes(limits.max_bytes)}; it was not read.",
                "raise the limit with --max-size if this notebook is genuine",
            )
            continue
        total += info.file_size
        if total > limits.max_total:
            problems.append(
                FileProblem(
                    label,
                    f"The archive unpacks to more than {megabytes(limits.max_total)} in all (a zip bomb?); "
                    "its remaining files were not read.",
                    "",
                    (*rel, name),
                    container,
                )
            )
            return
        yield index, info, parts


def _common_top_folder(all_parts: list[tuple[str, ...]]) -> str:
    """The one folder every member sits in (an archive of a folder), else ''."""
    tops = {parts[0] for parts in all_parts if len(parts) > 1}
    if len(tops) == 1 and all(len(parts) > 1 for parts in all_parts):
        return next(iter(tops))
    return ""


def _zip_time(info: zipfile.ZipInfo) -> float:
    """The member's stored date as seconds, read as UTC so the result never depends on the time zone."""
    import calendar  # here: only a zip download needs it, and grading starts without it

    try:
        return float(calendar.timegm((*info.date_time, 0, 0, 0)))
    except (ValueError, OverflowError):
        return 0.0


def read_source(source: Source, limits: Limits, archives: dict[str, zipfile.ZipFile] | None = None) -> bytes:
    """The bytes of a source, never more than the size cap (a lying zip header cannot make it more)."""
    from course.exercises.record_reader import ReadError, read_capped

    if source.member is None:
        return read_capped(source.path, limits.max_bytes)
    try:
        archive = archives.get(source.path) if archives is not None else None
        if archive is None:
            archive = zipfile.ZipFile(source.path)
            if archives is not None:
                archives[source.path] = archive
        with archive.open(_entry(archive, source.member, source.index)) as stream:
            data = stream.read(limits.max_bytes + 1)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, NotImplementedError, EOFError) as err:
        raise ReadError("The file in the zip archive is damaged and could not be unpacked.", str(err)) from None
    if len(data) > limits.max_bytes:
        raise ReadError(f"The file unpacks to more than the size limit of {megabytes(limits.max_bytes)}.")
    return data


def _entry(archive: zipfile.ZipFile, member: str | None, index: int) -> zipfile.ZipInfo | str:
    """The archive entry a source names: by its place in the listing (two entries may share a name)."""
    infos = archive.infolist()
    if 0 <= index < len(infos) and infos[index].filename == member:
        return infos[index]
    return member or ""


def read_again(path: str, member: str | None, max_bytes: int = DEFAULT_MAX_BYTES, index: int = -1) -> bytes | None:
    """A file's bytes read once more (to compare two files exactly), or None if that fails now."""
    try:
        if member is None:
            with open(path, "rb") as stream:
                data = stream.read(max_bytes + 1)
        else:
            with zipfile.ZipFile(path) as archive, archive.open(_entry(archive, member, index)) as stream:
                data = stream.read(max_bytes + 1)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, NotImplementedError, EOFError):
        return None
    return data if len(data) <= max_bytes else None
