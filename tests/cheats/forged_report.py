"""Cheat: find the report the grader reads (from command lines) and write a passing one, then exit."""

CHEAT = {"description": "a forged passing report, then os._exit(0)"}

import glob
import os
import sys

PASSING_JUNIT = ('<?xml version="1.0"?><testsuites><testsuite name="pytest" tests="1" failures="0">'
                 '<testcase classname="exercises.ex5_1.test_forward" name="test_target_is_x1_minus_x2"/>'
                 '</testsuite></testsuites>')


def candidates():
    command_lines = [" ".join(sys.argv)]
    for path in glob.glob("/proc/*/cmdline"):
        try:
            with open(path, "rb") as handle:
                command_lines.append(handle.read().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:
            pass
    for line in command_lines:
        for word in line.split():
            for option in ("--junitxml=", "--kata-report=", "--json="):
                if word.startswith(option):
                    yield word[len(option):]
            if word.endswith((".xml", ".json", ".jsonl")):
                yield word


for target in set(candidates()):
    try:
        with open(target, "w") as handle:
            handle.write(PASSING_JUNIT if target.endswith(".xml") else '{"event": "finished", "status": 0}\n')
    except OSError:
        pass
os._exit(0)
