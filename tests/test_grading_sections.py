"""Feedback sections stored in pieces (`store.SectionFile`): an exercise's HTML shared by many files is written
once, and every section reads back exactly as it was rendered."""

from __future__ import annotations

from array import array

from course.grading.store import ResultStore, SectionFile


def spans_of(blob: bytes) -> list[tuple[int, int]]:
    cut = array("q")
    cut.frombytes(blob)
    return [(cut[i], cut[i + 1]) for i in range(0, len(cut), 2)]


def read_back(file: SectionFile, blob: bytes) -> str:
    data = file.path.read_bytes()
    return b"".join(data[start : start + size] for start, size in spans_of(blob)).decode("utf-8")


def test_a_piece_shown_in_many_sections_is_written_once_and_each_section_reads_back_whole(tmp_path) -> None:
    shared, end = "<article>same answer, ünïcode</article>\n", "</section>\n"
    sections = [(f"<section>head of file {i}\n", (shared, f"<p>reflection {i}</p>\n", end)) for i in range(50)]
    file = SectionFile(tmp_path)
    placed = file.append(sections[:20]) + file.append(sections[20:])
    for (head, pieces), blob in zip(sections, placed, strict=True):
        assert read_back(file, blob) == head + "".join(pieces)
    assert file.path.read_bytes().count(shared.encode("utf-8")) == 1  # once, in either batch
    assert file.path.read_bytes().count(end.encode("utf-8")) == 1


def test_an_equal_text_that_is_another_object_is_written_again_never_confused(tmp_path) -> None:
    file = SectionFile(tmp_path)
    first = "".join(["<p>", "x", "</p>\n"])
    second = "".join(["<p>", "x", "</p>\n"])  # equal, not the same object
    assert first == second and first is not second
    placed = file.append([("h1\n", (first,)), ("h2\n", (second,))])
    assert [read_back(file, blob) for blob in placed] == ["h1\n<p>x</p>\n", "h2\n<p>x</p>\n"]


def test_pieces_forgotten_when_many_are_given_are_written_again_and_still_read_back(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(SectionFile, "KEPT", 3)
    file = SectionFile(tmp_path)
    pieces = [f"<p>piece {i}</p>\n" for i in range(6)]
    sections = [(f"h{i}\n", tuple(pieces[i % 6 : i % 6 + 2])) for i in range(30)]
    placed = file.append(sections)
    assert [read_back(file, blob) for blob in placed] == [head + "".join(p) for head, p in sections]
    assert len(file._written) <= 3


def test_the_store_puts_a_learners_winning_sections_together_from_their_pieces(tmp_path) -> None:
    with ResultStore(tmp_path) as store:
        file = SectionFile(tmp_path)
        shared = "<article>shared</article>\n"
        blobs = file.append([("<section>ada\n", (shared, "</section>\n")), ("<section>bo\n", (shared, "</section>\n"))])
        for file_id, learner, blob in ((1, "ada", blobs[0]), (2, "bo", blobs[1])):
            store.db.execute("INSERT INTO files (id, learner) VALUES (?, ?)", (file_id, learner))
            store.db.execute("INSERT INTO winners VALUES (?, '01', ?)", (file_id, learner))
            store.db.execute("INSERT INTO sections VALUES (?, '01', ?, ?)", (file_id, file.name, blob))
        assert list(store.winning_sections()) == [
            ("ada", "01", b"<section>ada\n<article>shared</article>\n</section>\n"),
            ("bo", "01", b"<section>bo\n<article>shared</article>\n</section>\n"),
        ]


def test_a_range_of_learners_gets_only_their_sections(tmp_path) -> None:
    with ResultStore(tmp_path) as store:
        file = SectionFile(tmp_path)
        learners = ["ada", "bo", "cy", "dee"]
        blobs = file.append([(f"<section>{name}\n", ("</section>\n",)) for name in learners])
        for file_id, (learner, blob) in enumerate(zip(learners, blobs, strict=True), start=1):
            store.db.execute("INSERT INTO files (id, learner) VALUES (?, ?)", (file_id, learner))
            store.db.execute("INSERT INTO winners VALUES (?, '01', ?)", (file_id, learner))
            store.db.execute("INSERT INTO sections VALUES (?, '01', ?, ?)", (file_id, file.name, blob))
        assert [learner for learner, _, _ in store.winning_sections("bo", "cy")] == ["bo", "cy"]
        assert [learner for learner, _, _ in store.winning_sections()] == learners


def test_page_shares_are_sorted_runs_that_hold_every_learner_once() -> None:
    from course.grading.run import page_shares

    names = {f"l{i:03d}": f"file{i}" for i in range(10)}
    shares = page_shares(dict(reversed(list(names.items()))), 4)
    assert [list(share) for share in shares] == [sorted(names)[i : i + 3] for i in range(0, 10, 3)]
    assert {k: v for share in shares for k, v in share.items()} == names
    assert page_shares({}, 4) == [] and page_shares({"a": "a"}, 4) == [{"a": "a"}]
