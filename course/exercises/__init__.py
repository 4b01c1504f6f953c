"""Exercises: definitions as data, answers recorded in the notebook, one scorer for all.

Layers, from the bottom: `definitions` (data, validated), `answers` (canonical
forms), `scoring` (pure), `records` and `journal` (where answers go),
`session` (live state), `api` and `display` (the notebook face), `widgets`.
The notebook-facing functions are re-exported by the top-level `course` package.
"""
