"""Grading a whole class: many submissions, a gradebook, a class report, a Dask cluster,
GitHub Classroom.

Tools side of the trust boundary: nothing in this package imports or runs
learner code itself. Every submission is graded by one function,
``kata.tools.grade.grade_submission``, which hands the learner's code to a
separate process; this package only prepares submissions for it (safely
unpacked, copied, hashed), schedules it (threads here, or Dask workers
elsewhere) and writes down what it returns.

    suite        the instructor's tests as the grader sees them: expected tests, fingerprint
    submissions  folders and zip files as submissions: safe unpacking, content hashes
    config       grading.toml: points per exercise, the selection, the time limit
    gradebook    per-exercise percentages, weighted totals, gradebook.csv
    classreport  class-report.md and .json: per-test statistics, grouped messages
    progress     the live progress line (plain lines when piped)
    classrun     ``kata grade`` for many submissions: resumable, in parallel
    cluster      the same, on a Dask cluster
    classroom    the GitHub Classroom workflow that ``kata release --classroom`` writes
"""
