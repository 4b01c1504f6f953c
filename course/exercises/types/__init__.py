"""Exercise types: one module per type, named as the type (`single_choice.py` holds `single_choice`).

Each module holds the type's definition dataclass(es) and its `ExerciseType` subclass,
registered with `@register` (`course.exercises.type_registry`), which imports every module
of this package: there is no list to edit. The interface is `course.exercises.type_interface`.
"""
