"""Subcommands of `mlops-course`, one module each."""
