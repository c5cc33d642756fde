"""``kata grade``: score a submission tree, per exercise."""

from __future__ import annotations

import json
from pathlib import Path

from kata import catalog
from kata.tools.common import UsageError, write_atomically
from kata.tools.runner import run_tests

def command_grade(args) -> int:
    tree = Path(args.directory).expanduser()
    if not tree.is_dir():
        raise UsageError(f"{args.directory}: no such folder")
    if not any((tree / e.filename).exists() for e in catalog.EXERCISES):
        raise UsageError(f"{args.directory} holds none of the exercise modules "
                         f"({catalog.EXERCISES[0].filename}, ...); grade a folder laid out like exercises/")
    if args.json and (Path(args.json).suffix.lower() != ".json" or not Path(args.json).parent.is_dir()):
        raise UsageError(f"{args.json}: the report goes to a file ending in .json, in a folder that "
                         f"exists")
    run = run_tests(tree.resolve(), [e.name for e in catalog.EXERCISES], extra_args=["-m", "not full"])
    report = []
    for exercise in catalog.EXERCISES:
        outcomes = [o for o in run.outcomes if o.exercise == exercise.name and not o.skipped]
        report.append({
            "exercise": exercise.name,
            "passed": sum(o.passed for o in outcomes),
            "failed": sum(not o.passed for o in outcomes),
            "seconds": round(sum(o.seconds for o in outcomes), 3),
            "failures": [{"test": o.case, "message": o.message} for o in outcomes if not o.passed],
        })
    width = max(len(e.name) for e in catalog.EXERCISES)
    print(f"{'exercise':<{width}}  passed  failed  score")
    for row in report:
        total = row["passed"] + row["failed"]
        score = f"{100 * row['passed'] / total:.0f}%" if total else "-"
        print(f"{row['exercise']:<{width}}  {row['passed']:>6}  {row['failed']:>6}  {score:>5}")
    if args.json:
        write_atomically(Path(args.json), json.dumps({"solutions": str(tree.resolve()), "exercises": report},
                                                      indent=2))
        print(f"\nJSON report written to {args.json}")
    return 0 if all(row["failed"] == 0 for row in report) else 1
