"""Tools for course maintainers: build exercise notebooks from solutions, refresh stored outputs."""
