"""The judge: what the exercise tests import, on the trusted side of the boundary.

The judge decides pass or fail. It never imports or runs learner code: it
asks for a learner function to be called (``LearnerModule``), receives the
result as plain data, and checks it (``Teacher`` turns a failed check into a
message that teaches). Everything a test needs is importable from here:

    from kata.judge import LearnerModule, Teacher, recognise, same_values
"""

from kata.judge.testing import (
    Call,
    DataRef,
    LearnerModule,
    Teacher,
    call_strictly,
    mnist,
    prepared_mnist,
    prepared_ref,
    recognise,
    same_values,
    shared,
    show,
    type_name,
)

__all__ = ["Call", "DataRef", "LearnerModule", "Teacher", "call_strictly", "mnist", "prepared_mnist",
           "prepared_ref", "recognise", "same_values", "shared", "show", "type_name"]
