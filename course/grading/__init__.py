"""Static auto-grading: read submitted notebooks as files, never run them.

`mlops-course grade PATH... --out DIR` is a pipeline of small named steps:

- `discover`: PATHs (notebooks, folders, nbgrader trees, zips) to sources,
  refusing unsafe paths, links out of the tree, zip bombs and oversized files;
- `layout`: which sources are learners' own work and whose, from where they
  came from (Canvas, Moodle, nbgrader, GitHub Classroom, JupyterHub homes, a
  folder per learner, single files), printed as detected;
- `pipeline`: per file, read -> parse -> extract -> identify -> refuse
  solutions -> choose notebooks -> score -> file result (`course.exercises.record_reader`,
  `identify`, `grade_answers` hold the rules);
- `run`: spreads files over worker processes, collects results in an on-disk
  `store`, applies the duplicate rule, finds what only shows across learners
  (identical files and answer sets), matches a `roster`, and writes `outputs`.

Rules a teacher may need to know (also in `mlops-course grade --help`):

- Learner: --learner-pattern if given (a file it misses is an error), else
  where the file came from (`layout`); the recorded id is a cross-check.
- Duplicates: one learner, one course notebook, several files: the file with
  the notebook's own name beats a '-CopyN' copy, then the later Canvas upload,
  then the newest file; the others are notices in errors.csv (see `store`).
- Solution notebooks (cells tagged 'solution') are never credited to anyone.
- Versions: an answer is graded against the version of the question it was
  given for when that version is known (current or in the definitions'
  `archive/`), else against the current version with a note (see `grade_answers`).
- Nothing from a submission is executed or imported, and no score, key or
  points written in it is read: answers are scored by the course's own scorer.

`mlops-course check` uses the same reader (`course.exercises.record_reader`) on a learner's own files.
"""
