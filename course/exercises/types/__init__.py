"""Exercise types: one module per type, one interface (`ExerciseType`), one registry."""

from course.exercises.types.base import ExerciseType
from course.exercises.types.registry import all_types, by_name, names, register, type_of, unregister

__all__ = ["ExerciseType", "all_types", "by_name", "names", "register", "type_of", "unregister"]
