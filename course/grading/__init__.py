"""Static auto-grading: read submitted notebooks as files, never run them.

`mlops-course grade PATH... --out DIR` is a pipeline of small named steps:

- `discover`: PATHs (notebooks, folders, nbgrader trees, zips) to sources,
  refusing unsafe paths, links out of the tree, zip bombs and oversized files;
- `pipeline`: per file, read -> parse -> extract -> identify -> choose
  notebooks -> score -> summarise (`read`, `identify`, `score` hold the rules);
- `run`: spreads files over worker processes, collects results in an on-disk
  `store`, applies the duplicate rule, and writes `outputs`.

Rules a teacher may need to know (also in `mlops-course grade --help`):

- Learner: --learner-pattern if given, else the learner id recorded with the
  answers, else the path (see `identify`).
- Duplicates: one learner, one course notebook, several files: the newest
  file counts, the others are listed in errors.csv (see `store`).
- Versions: an answer is graded against the version of the question it was
  given for when that version is known (current or in the definitions'
  `archive/`), else against the current version with a note (see `score`).
- Nothing from a submission is executed or imported, and no score, key or
  points written in it is read: answers are scored by the course's own scorer.

`mlops-course check` uses the same reader (`read`) on a learner's own files.
"""
