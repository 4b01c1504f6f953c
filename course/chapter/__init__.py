"""The chapter's content as typed objects, loaded from `course/data/chapter.yaml`."""

from course.chapter.loader import DEFAULT_CHAPTER_FILE, load_chapter
from course.chapter.model import (
    Chapter,
    CodeReviewRule,
    CollaborationCategory,
    Handoff,
    Role,
    Topology,
    TopologyLink,
    TopologyUnit,
)

__all__ = [
    "DEFAULT_CHAPTER_FILE",
    "Chapter",
    "CodeReviewRule",
    "CollaborationCategory",
    "Handoff",
    "Role",
    "Topology",
    "TopologyLink",
    "TopologyUnit",
    "load_chapter",
]
