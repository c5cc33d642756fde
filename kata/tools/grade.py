"""``kata grade``: score a submission tree, per exercise."""

from __future__ import annotations

import json
from pathlib import Path

from kata import catalog
from kata.tools.common import UsageError, exercise_named, write_atomically
from kata.tools.judging import judge_submission

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
    exercises = [exercise_named(name.strip()).name for name in args.exercises.split(",")] \
        if args.exercises else None
    judged = judge_submission(tree, exercises=exercises)
    report = judged["exercises"]
    width = max(len(row["exercise"]) for row in report)
    print(f"{'exercise':<{width}}  passed  failed  score")
    for row in report:
        total = row["passed"] + row["failed"]
        score = f"{100 * row['passed'] / total:.0f}%" if total else "-"
        print(f"{row['exercise']:<{width}}  {row['passed']:>6}  {row['failed']:>6}  {score:>5}")
    if args.json:
        write_atomically(Path(args.json), json.dumps(judged, indent=2))
        print(f"\nJSON report written to {args.json}")
    if judged["status"] != "ok":
        print(f"\n{judged['status']}: {judged['reason']}")
    if judged["sandbox"]:
        print(f"Sandbox: {judged['sandbox']}")
    return 0 if judged["status"] == "ok" else 1
