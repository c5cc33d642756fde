"""Grades cannot be faked: every cheat in tests/cheats/ is graded end to end through
``kata grade``, on a copy of the repository, and must get no credit for ex5_1, end
with a non-zero status and a reason within five minutes, and leave the copy
byte-for-byte unchanged (processes it left behind included)."""

import ast
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kata.tools.runner import REPO_ROOT

CHEATS = sorted((Path(__file__).parent / "cheats").glob("*.py"))
GRADED = ["ex5_1", "ex5_2", "ex5_3"]
LIMIT = 300  # seconds: the "within 5 minutes"
# Each exercise's time limit here: ample for the reference's ex5_1-ex5_3 (a few seconds
# each), and it bounds how long a cheat that hangs keeps the test waiting.
EXERCISE_LIMIT = 40

pytestmark = [pytest.mark.tooling, pytest.mark.slow, pytest.mark.timeout(1800)]


def fingerprint(root: Path) -> dict:
    """Every file under ``root`` and the hash of its content."""
    return {str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file()}


def declared(cheat: Path) -> dict:
    for node in ast.parse(cheat.read_text()).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "CHEAT":
            return ast.literal_eval(node.value)
    raise AssertionError(f"{cheat} has no CHEAT dict (see tests/cheats/README.md)")


def cheated(cheat: Path) -> str:
    """The exercise whose module the cheat stands in for (ex5_1 unless its CHEAT names one)."""
    return declared(cheat).get("exercise", "ex5_1")


def grade(repo: Path, cheat: Path, scratch: Path) -> dict:
    from kata import catalog

    submission = scratch / cheat.stem
    shutil.copytree(REPO_ROOT / "reference", submission, ignore=shutil.ignore_patterns("__pycache__"))
    exercise = cheated(cheat)
    shutil.copyfile(cheat, submission / catalog.get(exercise).filename)
    graded = GRADED if exercise == "ex5_1" else [exercise]
    report = scratch / f"{cheat.stem}.json"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("KATA_SOLUTIONS", None)
    started = time.monotonic()
    limit = declared(cheat).get("limit", EXERCISE_LIMIT)
    process = subprocess.run([sys.executable, "-m", "kata", "grade", str(submission), "--exercises",
                              ",".join(graded), "--timeout", str(limit), "--json", str(report)],
                             cwd=repo, env=env, capture_output=True, text=True, timeout=LIMIT + 60)
    return {"seconds": time.monotonic() - started, "process": process,
            "report": json.loads(report.read_text()) if report.exists() else None}


@pytest.fixture(scope="module")
def graded(checkout_copy, tmp_path_factory):
    """Every cheat graded, two at a time, in one copy of the checkout; the copy's
    fingerprint before, right after, and a little later (for processes left behind)."""
    scratch = tmp_path_factory.mktemp("cheats")
    before = fingerprint(checkout_copy)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(zip(CHEATS, pool.map(lambda c: grade(checkout_copy, c, scratch), CHEATS)))
    after = fingerprint(checkout_copy)
    time.sleep(3)
    return {"results": results, "before": before, "after": after, "later": fingerprint(checkout_copy)}


@pytest.mark.parametrize("cheat", CHEATS, ids=lambda p: p.stem)
def test_a_cheat_gets_no_credit_and_a_reason(cheat, graded):
    result = graded["results"][cheat]
    process, report = result["process"], result["report"]
    assert report is not None, f"no JSON report:\n{process.stdout}\n{process.stderr}"
    rows = {row["exercise"]: row for row in report["exercises"]}
    assert process.returncode == 1, f"kata grade exited {process.returncode}:\n{process.stdout}"
    assert result["seconds"] < LIMIT, f"grading took {result['seconds']:.0f} s"
    exercise, expectations = cheated(cheat), declared(cheat)
    if "no_credit_for" in expectations:  # a module with honest parts: those tests may pass
        failed = {failure["test"].split("::")[-1] for failure in rows[exercise]["failures"]}
        assert set(expectations["no_credit_for"]) <= failed, \
            f"{cheat.stem} got credit: {sorted(set(expectations['no_credit_for']) - failed)}"
    else:
        assert rows[exercise]["passed"] == 0, f"{cheat.stem} got credit: {rows[exercise]}"
    assert rows[exercise]["status"] != "ok" and rows[exercise]["reason"], rows[exercise]
    assert report["status"] != "ok" and report["reason"]
    assert report["sandbox"].startswith("namespaces") or not sys.platform.startswith("linux"), \
        report["sandbox"]
    for exercise in expectations.get("also_failed", []):
        assert rows[exercise]["passed"] == 0 and "ex5_1" in rows[exercise]["reason"], rows[exercise]
    for exercise in expectations.get("still_passes", []):
        assert rows[exercise]["status"] == "ok", rows[exercise]
    for text in expectations.get("messages", []):
        assert any(text in failure["message"] for failure in rows["ex5_1"]["failures"]), \
            rows["ex5_1"]["failures"][:3]


def test_no_cheat_changed_the_checkout(graded):
    for moment in ("after", "later"):
        changed = sorted(name for name in set(graded["before"]) | set(graded[moment])
                         if graded["before"].get(name) != graded[moment].get(name))
        assert not changed, f"files changed in the grader's checkout ({moment} grading): {changed}"


def test_pytest_itself_gives_no_credit_either(tmp_path):
    """The same boundary holds for a plain `pytest --solutions` run."""
    submission = tmp_path / "tree"
    shutil.copytree(REPO_ROOT / "reference", submission, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(Path(__file__).parent / "cheats" / "skip_at_import.py", submission / "ex5_1" / "forward.py")
    process = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
                              f"--solutions={submission}", "exercises/ex5_1"], cwd=REPO_ROOT,
                             capture_output=True, text=True, timeout=300)
    assert process.returncode == 1, process.stdout
    assert " passed" not in process.stdout.splitlines()[-1] or "0 passed" in process.stdout


def workers_of(tree: Path) -> list:
    """Processes whose command line is a worker started for ``tree``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if "kata.worker.boot" in command and str(tree) in command:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_die_with_their_judge(tmp_path):
    """A judge killed outright (as a timeout kills it) leaves no worker behind, however
    stubborn the code the worker runs."""
    import signal

    submission = tmp_path / "tree"
    shutil.copytree(REPO_ROOT / "reference", submission, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(Path(__file__).parent / "cheats" / "hang_in_a_function.py",
                    submission / "ex5_1" / "forward.py")
    judge = subprocess.Popen([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
                              f"--solutions={submission}", "exercises/ex5_1"], cwd=REPO_ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while not workers_of(submission) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert workers_of(submission), "no worker started"
    time.sleep(1.0)  # the worker is now inside the learner's endless loop
    os.killpg(judge.pid, signal.SIGKILL)
    judge.wait()
    deadline = time.monotonic() + 10
    while workers_of(submission) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not workers_of(submission), "a worker outlived its judge"
