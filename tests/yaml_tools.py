"""YAML for the tests, through libyaml when it is built, as `course.datafile` reads the course's files.

The tests read and rewrite definitions files often; the pure-Python parser and emitter take about ten
times as long as libyaml's for the same safe subset and the same text.
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def load_yaml(text: str) -> Any:
    """`yaml.safe_load`, with libyaml's parser when there is one."""
    return yaml.load(text, Loader=_LOADER)


def dump_yaml(data: Any, **options: Any) -> str:
    """`yaml.safe_dump` (same options), with libyaml's emitter when there is one."""
    return yaml.dump(data, Dumper=_DUMPER, **options)
