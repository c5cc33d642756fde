"""dnn-kata helpers shared by the exercise tests, the maintainers' tests and the CLI.

Nothing in here is an exercise: learners never need to edit this package.
"""

__version__ = "0.1.0"
