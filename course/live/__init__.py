"""The live view for instructor-led sessions: the class's saved answers, tallied for the projector.

`tally` reads learners' saved notebooks the way the grader does (statically, never
running anything) and counts answers per exercise; `page` renders that as HTML;
`server` re-reads every few seconds and serves one local page.
"""
