"""Spaced retrieval practice: the items a learner missed come back, days later, as fresh cases.

Practice testing and distributed practice are the two learning techniques of high utility in
Dunlosky et al. (2013); the best gap between sessions grows with how long something must be
remembered (Cepeda et al., 2006). `course.review()` builds today's review from the items this
learner got wrong (or only partly right) at their first check, or reached only after several
checks, plus the items due again, scheduled by FSRS (the `fsrs` package). The parts:

- `evidence`: what a record's first check says (which FSRS rating, and why, in words);
- `cases`: the one function that picks the case a review item shows (a fresh variant where one exists);
- `schedule`: the learner's schedule beside the answer journal, locked and written atomically;
- `sync`: enters new misses from the journal and the saved notebooks (a lost schedule is rebuilt this way);
- `review_records`: what a review writes into the notebook, apart from the graded answer records;
- `retention`: recall at one, three and seven days from collected review records (for `mlops-course grade`);
- `nudge`: the one line `course.progress()` and `mlops-course check` show;
- `today` and `widget`: the review a notebook shows.

This `__init__` imports nothing: the grader imports `retention` without the widgets.
"""
