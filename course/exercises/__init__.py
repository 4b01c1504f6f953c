"""Exercises: definitions as data, answers recorded in the notebook, one scorer for all.

Layers, from the bottom (held by import-linter: pyproject.toml, docs/architecture.md): the model
(`model`, `status`, `practice_key`), the helpers every type uses (`results`, `answer_forms`,
`wording`, `sealed_parts`, `answer_samples`), the type interface and registry, the types (one
module each in `types/`), dispatch and the bank (`answers`, `scoring`, `policy`, `edition_data`,
`definitions`), where answers go (`records`, `record_reader`, `notebook_file`, `journal`),
`session` and `progress`, the widgets (`widgets/`, one per type), `display` and `api`, the
notebook face the top-level `course` package re-exports.
"""
