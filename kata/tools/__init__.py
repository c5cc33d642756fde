"""The tools around the tests: the ``kata`` command (board, check, hints, reset),
grading, learner releases and model comparison.

Tools run the judge (a pytest process, see ``kata.judge``) and read its
report; they never import learner code themselves.
"""
