"""Many files written into one folder, each atomically (`course.atomic.AtomicFiles`): the feedback pages."""

from __future__ import annotations

import os
import stat

import pytest

from course.atomic import AtomicFiles


def test_new_files_are_written_with_the_mode_open_would_give(tmp_path) -> None:
    writer = AtomicFiles(tmp_path / "pages")
    assert writer.write("a.html", b"<p>one</p>") is True
    assert (tmp_path / "pages" / "a.html").read_bytes() == b"<p>one</p>"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((tmp_path / "pages" / "a.html").stat().st_mode) == 0o666 & ~umask
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == ["a.html"]  # no temporary file left


def test_a_file_that_already_holds_the_bytes_is_left_as_it_is(tmp_path) -> None:
    page = tmp_path / "a.html"
    page.write_bytes(b"same")
    os.utime(page, (1_000_000, 1_000_000))
    inode = page.stat().st_ino
    assert AtomicFiles(tmp_path).write("a.html", b"same") is False
    assert page.stat().st_mtime == 1_000_000 and page.stat().st_ino == inode  # not rewritten


@pytest.mark.parametrize("before", [b"old", b"sam\xc3", b"same but longer"])
def test_a_file_with_other_bytes_is_replaced_whole(tmp_path, before) -> None:
    page = tmp_path / "a.html"
    page.write_bytes(before)
    inode = page.stat().st_ino
    assert AtomicFiles(tmp_path).write("a.html", b"same") is True
    assert page.read_bytes() == b"same" and page.stat().st_ino != inode  # renamed over, never written in place


def test_a_temporary_file_left_by_a_crash_or_planted_as_a_link_is_never_written_through(tmp_path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"keep me")
    pages = tmp_path / "pages"
    writer = AtomicFiles(pages)
    os.symlink(outside, writer.temporary)
    assert writer.write("a.html", b"page") is True
    assert outside.read_bytes() == b"keep me"
    assert (pages / "a.html").read_bytes() == b"page" and not (pages / "a.html").is_symlink()


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch) -> None:
    page = tmp_path / "a.html"
    page.write_bytes(b"old")
    writer = AtomicFiles(tmp_path)

    def full_disk(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", full_disk)
    with pytest.raises(OSError, match="No space"):
        writer.write("a.html", b"new")
    assert page.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html"]
