"""`python -m course` runs the `mlops-course` command."""

import sys

from course.cli import main

sys.exit(main())
