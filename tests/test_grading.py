"""Grading a whole class, end to end: `kata grade` on a class of submissions (honest,
partly wrong, a syntax error, two that hang, a cheat, a zip, an unsafe zip), with
--jobs 2, with --jobs 1 killed halfway and resumed, and on a real Dask cluster
on the loopback: the same gradebook every time. Then the class report, a single
submission, bad input, safe unpacking, grading.toml, and the GitHub Classroom
workflow run as GitHub would.

Each class is graded on three fast NumPy exercises only (ex5_1, ex5_2,
bonus_metrics): every submission of the real kata trains MNIST models, minutes
each.
"""

import csv
import io
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from kata import catalog
from kata.tools import cli
from kata.tools.common import UsageError
from kata.tools.grading import classreport, classroom, config, gradebook, submissions
from kata.tools.runner import REPO_ROOT

pytestmark = [pytest.mark.tooling, pytest.mark.slow, pytest.mark.timeout(600)]

FAST = ["ex5_1", "ex5_2", "bonus_metrics"]  # NumPy only, and no MNIST
# Seconds per exercise: the honest ones take 1 to 3 s on a quiet 2-core machine, up to 13 s
# with a load average of 12.
LIMIT = "30"
REFERENCE = REPO_ROOT / "reference"
GALLERY = REPO_ROOT / "tests" / "gallery"

HANGS = '''

def target(x):
    while True:
        pass
'''
STUBBORN = '''

import signal


def predict(x):
    signal.signal(signal.SIGALRM, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    while True:
        pass
'''
CHEAT = "import os\n\nos._exit(0)\n"


def kata(*args, cwd=REPO_ROOT, timeout=500):
    return subprocess.run([sys.executable, "-m", "kata", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)


def honest_tree(folder: Path) -> Path:
    for name in FAST:
        module = catalog.get(name).filename
        (folder / module).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REFERENCE / module, folder / module)
    return folder


def zip_folder(folder: Path, archive: Path, inside: str = "") -> None:
    with zipfile.ZipFile(archive, "w") as stream:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                stream.write(path, f"{inside}{path.relative_to(folder).as_posix()}")


def make_class(root: Path) -> Path:
    """Nine submissions: three honest ones (a folder, a whole repository, a zip), one
    partly wrong, one with a syntax error, one that hangs, one that ignores SIGALRM and
    SIGTERM while it hangs, one that exits at import, and an unsafe zip."""
    klass = root / "class"
    honest_tree(klass / "ada")
    repository = klass / "bea"
    honest_tree(repository / "exercises")
    (repository / "kata").mkdir()
    (repository / "README.md").write_text("a learner's repository\n")
    honest_tree(root / "cy")
    zip_folder(root / "cy", klass / "cy.zip", inside="cy/")
    wrong = honest_tree(klass / "dan")
    shutil.copyfile(GALLERY / "ex5_1" / "abs_instead_of_relu.py", wrong / "ex5_1" / "forward.py")
    broken = honest_tree(klass / "eve")
    (broken / "ex5_2" / "xor.py").write_text("def predict(x):\n    return (x[0] +\n")
    hangs = honest_tree(klass / "fay")
    with open(hangs / "ex5_1" / "forward.py", "a") as module:
        module.write(HANGS)
    stubborn = honest_tree(klass / "gus")
    with open(stubborn / "ex5_2" / "xor.py", "a") as module:
        module.write(STUBBORN)
    cheat = honest_tree(klass / "hal")
    (cheat / "ex5_1" / "forward.py").write_text(CHEAT)
    with zipfile.ZipFile(klass / "ivy.zip", "w") as stream:
        stream.writestr("ex5_1/forward.py", "x = 1\n")
        stream.writestr("../escape.py", "x = 1\n")
    return klass


def grade_class(klass: Path, out: Path, *options):
    return kata("grade", "--class", klass, "--out", out, "--exercises", ",".join(FAST),
                "--timeout", LIMIT, *options)


def read_gradebook(out: Path):
    return list(csv.DictReader(io.StringIO((out / "gradebook.csv").read_text())))


def records(out: Path) -> dict:
    return {p.stem: json.loads(p.read_text()) for p in (out / "submissions").glob("*.json")}


@pytest.fixture(scope="module")
def klass(tmp_path_factory):
    return make_class(tmp_path_factory.mktemp("grading"))


@pytest.fixture(scope="module")
def graded(klass, tmp_path_factory):
    """The class graded two at a time: (out folder, the command's result)."""
    out = tmp_path_factory.mktemp("grades-jobs2")
    started = time.monotonic()
    result = grade_class(klass, out, "--jobs", "2")
    print(f"graded the class with --jobs 2 in {time.monotonic() - started:.0f} s")
    # Every submission graded but ivy's unsafe zip, refused: exit 1, and it says which.
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Not graded: ivy" in result.stdout, result.stdout
    return out, result


def test_each_submission_gets_its_own_status_and_the_rest_are_unaffected(graded):
    out, result = graded
    rows = read_gradebook(out)
    assert list(rows[0]) == ["submission", *FAST, "total", "status", "reason"]
    tests = rows[0]
    assert tests["submission"] == "tests" and all(int(tests[name]) > 0 for name in FAST)
    assert int(tests["total"]) == sum(int(tests[name]) for name in FAST)
    book = {row["submission"]: row for row in rows[1:]}
    assert list(book) == sorted(book) == ["ada", "bea", "cy", "dan", "eve", "fay", "gus", "hal", "ivy"]
    for honest in ("ada", "bea", "cy"):
        assert book[honest]["status"] == "ok" and book[honest]["total"] == "100", book[honest]
    assert book["dan"]["status"] == "failed" and float(book["dan"]["ex5_1"]) < 100
    assert book["dan"]["bonus_metrics"] == "100"
    assert book["eve"]["status"] == "failed" and book["eve"]["ex5_2"] == "0"
    assert book["eve"]["ex5_1"] == book["eve"]["bonus_metrics"] == "100"
    # A hang costs the tests that meet it (the first stopped at its limit, the later calls of
    # the hung function failed at once); the tests that never call it keep their result.
    assert book["fay"]["status"] == "timeout" and 0 < float(book["fay"]["ex5_1"]) < 100
    assert book["fay"]["ex5_2"] == book["fay"]["bonus_metrics"] == "100"
    assert "`target`: still running after" in book["fay"]["reason"]
    assert book["gus"]["status"] == "timeout" and float(book["gus"]["ex5_2"]) < 100
    assert book["gus"]["ex5_1"] == book["gus"]["bonus_metrics"] == "100"
    assert book["hal"]["status"] == "crashed" and book["hal"]["ex5_1"] == "0"
    assert book["hal"]["bonus_metrics"] == "100"
    assert book["ivy"]["status"] == "refused" and "climbs out" in book["ivy"]["reason"]
    kept = records(out)
    assert "the worker exited during import" in kept["hal"]["exercises"][0]["failures"][0]["message"]
    assert kept["cy"]["solutions"].endswith("cy.zip:cy")
    assert "Traceback" not in result.stdout + result.stderr
    assert "2 at a time (as asked)" in result.stdout and "slowest:" in result.stdout


def test_the_class_report_ranks_exercises_and_groups_messages(graded):
    out, _ = graded
    report = json.loads((out / "class-report.json").read_text())
    assert report["submissions"] == 9 and report["graded"] == 8
    assert report["statuses"] == {"crashed": 1, "failed": 2, "ok": 3, "refused": 1, "timeout": 2}
    rates = [exercise["failure_rate"] for exercise in report["exercises"]]
    assert rates == sorted(rates, reverse=True)
    ex5_1 = next(e for e in report["exercises"] if e["exercise"] == "ex5_1")
    assert ex5_1["failed_by"] == 3 and set(ex5_1["failing"]) == {"dan", "fay", "hal"}
    ex5_2 = next(e for e in report["exercises"] if e["exercise"] == "ex5_2")
    assert set(ex5_2["failing"]) == {"dan", "eve", "gus", "hal"} and ex5_2["failure_rate"] == 0.5
    relu = next(t for t in ex5_1["failed_tests"] if t["test"] == "test_relu_on_numbers")
    assert any("abs() instead of ReLU" in m["diagnosis"] for m in relu["messages"])
    text = (out / "class-report.md").read_text()
    assert "## Exercises, most often failed first" in text and "abs() instead of ReLU" in text
    assert "ivy: not a submission" in text


def test_a_run_killed_halfway_grades_only_the_rest_and_jobs_1_agrees(klass, graded, tmp_path):
    out = tmp_path / "grades"
    command = [sys.executable, "-m", "kata", "grade", "--class", str(klass), "--out", str(out),
               "--exercises", ",".join(FAST), "--timeout", LIMIT, "--jobs", "1"]
    first = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and first.poll() is None:
            if sum(r.get("key") is not None for r in records(out).values()) >= 3 if out.is_dir() else False:
                break
            time.sleep(0.2)
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    before = {p.name: p.stat().st_mtime_ns for p in (out / "submissions").glob("*.json")
              if json.loads(p.read_text()).get("key")}
    assert 3 <= len(before) < 8, before
    result = grade_class(klass, out, "--jobs", "1")
    assert result.returncode == 1, result.stdout + result.stderr  # ivy is refused, as above
    assert f"{len(before)} already graded and unchanged: kept" in result.stdout
    assert f"Graded {8 - len(before)} submission" in result.stdout
    after = {p.name: p.stat().st_mtime_ns for p in (out / "submissions").glob("*.json")}
    assert all(after[name] == mtime for name, mtime in before.items())
    assert (out / "gradebook.csv").read_text() == (graded[0] / "gradebook.csv").read_text()
    again = grade_class(klass, out, "--jobs", "1")
    assert "8 already graded and unchanged" in again.stdout and "Graded 0 submissions" in again.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def dask_cluster(tmp_path):
    """A real scheduler and two single-threaded workers on the loopback, each a process
    of its own that runs this checkout's kata."""
    distributed = pytest.importorskip("distributed", reason="the cluster extra: pip install -e '.[cluster]'")
    address = f"tcp://127.0.0.1:{_free_port()}"
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), PYTHONDONTWRITEBYTECODE="1")
    processes = [subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port",
         address.rsplit(":", 1)[1], "--no-dashboard"], cwd=tmp_path, env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        for name in ("first", "second"):
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
                 "--no-dashboard", "--host", "127.0.0.1", "--name", name, "--local-directory",
                 str(tmp_path / name)], cwd=tmp_path, env=env, start_new_session=True,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        with distributed.Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for process in processes[::-1]:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            except ProcessLookupError:
                pass


def test_a_dask_cluster_gives_the_same_gradebook(klass, graded, dask_cluster, tmp_path):
    out = tmp_path / "grades"
    result = grade_class(klass, out, "--dask", dask_cluster)
    assert result.returncode == 1 and "Not graded: ivy" in result.stdout, result.stdout + result.stderr
    assert "on the Dask cluster" in result.stdout and "2 workers" in result.stdout
    assert (out / "gradebook.csv").read_text() == (graded[0] / "gradebook.csv").read_text()
    workers = {r["graded_on"] for r in records(out).values() if r["status"] != "refused"}
    assert len(workers) == 2 and all(w.startswith("tcp://127.0.0.1:") for w in workers), workers


def test_one_submission_keeps_the_table_and_json_and_adds_a_total(klass, tmp_path):
    report = tmp_path / "eve.json"
    result = kata("grade", klass / "eve", "--exercises", "ex5_1,ex5_2", "--json", report)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["exercise", "passed", "failed", "score"]
    total = next(line for line in lines if line.startswith("total"))
    assert total.split()[-1] == f"{round(100 * 0.5)}%"  # ex5_1 100 %, ex5_2 0 %: equal weights
    data = json.loads(report.read_text())
    assert {"solutions", "status", "reason", "exercises"} <= set(data)
    assert data["solutions"] == str(klass / "eve") and data["status"] == "failed"
    rows = {row["exercise"]: row for row in data["exercises"]}
    assert {"exercise", "passed", "failed", "seconds", "failures", "status", "reason"} <= set(rows["ex5_2"])
    assert rows["ex5_1"]["status"] == "ok" and rows["ex5_2"]["passed"] == 0
    assert "SyntaxError" in rows["ex5_2"]["failures"][0]["message"]
    assert str(klass / "eve") in rows["ex5_2"]["failures"][0]["message"]  # not the scratch copy's path


def test_a_changed_submission_is_graded_again_and_regrade_grades_all(tmp_path):
    class_folder = tmp_path / "class"
    honest_tree(class_folder / "ada")
    honest_tree(class_folder / "bob")
    out = tmp_path / "grades"
    options = ["--exercises", "ex5_1,bonus_metrics", "--jobs", "2"]
    first = kata("grade", "--class", class_folder, "--out", out, *options)
    assert first.returncode == 0 and "Graded 2 submissions" in first.stdout, first.stdout + first.stderr
    shutil.copyfile(GALLERY / "ex5_1" / "abs_instead_of_relu.py", class_folder / "bob" / "ex5_1" / "forward.py")
    second = kata("grade", "--class", class_folder, "--out", out, *options)
    assert "1 already graded and unchanged" in second.stdout and "Graded 1 submission " in second.stdout
    assert read_gradebook(out)[2]["status"] == "failed"
    third = kata("grade", "--class", class_folder, "--out", out, *options, "--regrade")
    assert "already graded" not in third.stdout and "Graded 2 submissions" in third.stdout


@pytest.mark.parametrize("args, message", [
    (["grade", "no/such/folder"], "no/such/folder: no such folder"),
    (["grade", "--class", "no/such/folder"], "no/such/folder: no such folder"),
    (["grade", "README.md"], "a submission is a folder or a .zip file"),
    (["grade", "{tmp}/empty"], "is not a submission: it holds none of the exercise modules"),
    (["grade", "--class", "{tmp}/empty"], "holds no submissions"),
    (["grade", "{tmp}/junk.zip"], "is not a submission: it is not a readable zip file"),
    (["grade", "{tmp}/other.zip"], "is not a submission: it holds none of the exercise modules"),
    (["grade", "{tmp}/sub", "--out", "{tmp}/file/grades"], "cannot write the grades there"),
    (["grade", "{tmp}/sub", "--out", "{tmp}/file"], "exists and is not a folder"),
    (["grade", "{tmp}/sub", "{tmp}/sub2.zip", "--json", "{tmp}/x.json"], "--json is for one submission"),
    (["grade", "{tmp}/sub", "{tmp}/sub"], "two submissions are called sub"),
    (["grade", "{tmp}/sub", "--exercises", "ex9_9"], "unknown exercise 'ex9_9'"),
    (["grade", "{tmp}/sub", "--jobs", "0"], "--jobs must be at least 1"),
    (["grade", "{tmp}/sub", "--timeout", "-1"], "--timeout must be a positive number"),
    (["grade", "{tmp}/sub", "--config", "{tmp}/no.toml"], "no.toml: no such file"),
    (["grade", "{tmp}/sub", "--config", "{tmp}/bad.toml"], "unknown exercise 'ex9_9' in [points]"),
    (["grade", "{tmp}/sub", "--config", "{tmp}/two.toml", "--exercises", "ex5_3"],
     "ex5_3 has no points in"),
    (["grade"], "name a submission"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch, args, message):
    monkeypatch.chdir(REPO_ROOT)
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("no submissions here\n")
    (tmp_path / "junk.zip").write_text("not a zip\n")
    with zipfile.ZipFile(tmp_path / "other.zip", "w") as stream:
        stream.writestr("slides/lecture.md", "# notes\n")
    honest_tree(tmp_path / "sub")
    zip_folder(tmp_path / "sub", tmp_path / "sub2.zip")
    (tmp_path / "file").write_text("a file\n")
    (tmp_path / "bad.toml").write_text("[points]\nex9_9 = 3\n")
    (tmp_path / "two.toml").write_text("[points]\nex5_1 = 3\nex5_2 = 1\n")
    try:  # in this process: a quicker start than `python -m kata`, and the same code path
        code = cli.main([a.replace("{tmp}", str(tmp_path)) for a in args])
    except SystemExit as exit:  # argparse's own errors
        code = exit.code
    stderr = capsys.readouterr().err
    assert code == 2 and message in stderr and "Traceback" not in stderr, stderr
    assert len(stderr.strip().splitlines()) == 1, stderr


def _zip(path: Path, entries) -> Path:
    with zipfile.ZipFile(path, "w") as stream:
        for name, content, mode in entries:
            info = zipfile.ZipInfo(name)
            info.external_attr = mode << 16
            stream.writestr(info, content)
    return path


MODULE = ("ex5_1/forward.py", "x = 1\n", 0o100644)


@pytest.mark.parametrize("entry, reason", [
    (("/etc/evil.py", "x", 0o100644), "absolute path"),
    (("C:\\evil.py", "x", 0o100644), "absolute path"),
    (("ex5_1/../../evil.py", "x", 0o100644), "climbs out"),
    (("..\\evil.py", "x", 0o100644), "climbs out"),
    (("ex5_1/link.py", "/work/reference/ex5_1/forward.py", 0o120777), "a link"),
])
def test_unsafe_zips_are_refused(tmp_path, entry, reason):
    archive = _zip(tmp_path / "s.zip", [MODULE, entry])
    with pytest.raises(submissions.NotASubmission, match=reason):
        submissions.read_zip(archive)


def test_a_zip_bomb_stops_at_the_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(submissions, "MAX_BYTES", 1000)
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as stream:
        stream.writestr(*MODULE[:2])
        stream.writestr("ex5_1/data.py", "0" * 10_000)
    with pytest.raises(submissions.NotASubmission, match="more than 0 MiB"):
        submissions.read_zip(archive)


@pytest.mark.parametrize("inside", ["", "ada/", "exercises/", "ada/exercises/"])
def test_the_tree_is_found_where_a_learner_puts_it(tmp_path, inside):
    archive = _zip(tmp_path / "s.zip", [(inside + MODULE[0], MODULE[1], MODULE[2]),
                                        (inside + "ex5_1/__pycache__/forward.cpython-311.pyc", "x", 0o100644),
                                        ("__MACOSX/._forward.py", "x", 0o100644)])
    snapshot = submissions.read_zip(archive)
    assert snapshot.files == {"ex5_1/forward.py": b"x = 1\n"}
    assert snapshot.inner == inside.rstrip("/")


def test_a_folder_with_a_link_is_refused_and_the_digest_follows_content(tmp_path):
    tree = honest_tree(tmp_path / "sub")
    first = submissions.read_folder(tree)
    assert set(first.files) == {catalog.get(name).filename for name in FAST}
    assert submissions.read_folder(tree).digest == first.digest
    (tree / catalog.get("bonus_metrics").filename).write_text("# changed\n")
    assert submissions.read_folder(tree).digest != first.digest
    (tree / "ex5_1" / "forward.py").unlink()
    (tree / "ex5_1" / "forward.py").symlink_to(REFERENCE / "ex5_1" / "forward.py")
    with pytest.raises(submissions.NotASubmission, match="symbolic link"):
        submissions.read_folder(tree)


def test_points_weigh_the_total(tmp_path):
    path = tmp_path / "grading.toml"
    path.write_text("timeout = 90\n[points]\nex5_1 = 3\nex5_2 = 1\n")
    settings = config.load(path)
    assert settings.points == {"ex5_1": 3.0, "ex5_2": 1.0} and settings.timeout == 90
    report = {"status": "failed", "reason": "", "exercises": [
        {"exercise": "ex5_1", "passed": 1, "failed": 1}, {"exercise": "ex5_2", "passed": 4, "failed": 0}]}
    assert gradebook.total(report, settings.points) == pytest.approx((3 * 50 + 1 * 100) / 4)
    assert gradebook.total(report, {"ex5_1": 1.0, "ex5_2": 1.0}) == pytest.approx(75)
    text = gradebook.render({"zoe": report, "al": submissions.refused("x", "no")}, settings.points,
                            {"ex5_1": 2, "ex5_2": 4})
    assert text.splitlines() == ["submission,ex5_1,ex5_2,total,status,reason", "tests,2,4,6,,",
                                 "al,0,0,0,refused,no", "zoe,50,100,62.5,failed,"]
    for bad, message in [("[points]\nex5_1 = -1\n", "must be a number >= 0"),
                         ("[points]\nex5_1 = 0\n", "worth 0"), ("timeout = 'x'\n", "positive number"),
                         ("colour = 1\n", "unknown setting"), ("[points\n", "not a readable TOML")]:
        path.write_text(bad)
        with pytest.raises(UsageError, match=message):
            config.load(path)


def test_the_example_grading_toml_is_valid():
    settings = config.load(REPO_ROOT / "grading.example.toml")
    assert list(settings.points) == [e.name for e in catalog.EXERCISES]


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("stream", [io.StringIO(), Terminal()], ids=["piped", "terminal"])
def test_progress_is_a_live_line_on_a_terminal_and_plain_lines_otherwise(stream, monkeypatch):
    from kata.tools.grading.progress import Progress

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    progress = Progress(3, 2, stream=stream)
    progress.start("ada")
    progress.start("bob")
    progress.finish("ada", {"status": "ok", "reason": ""}, 100.0)
    progress.finish("bob", {"status": "timeout", "reason": "ex5_1: no answer"}, 50.0)
    progress.close()
    text = stream.getvalue()
    assert "[1/3] ada: 100 % (ok)" in text and "[2/3] bob: 50 % (timeout: ex5_1: no answer)" in text
    if isinstance(stream, Terminal):
        assert "\r\033[K" in text and "2/3 done, 0 running, 1 not passing, about" in text
    else:
        assert "\033" not in text and len(text.splitlines()) == 2


def test_messages_group_by_diagnosis_not_by_value():
    one = "ex5_1 `relu`: expected 0 for -2; found 2.\n  This looks like: abs() instead of ReLU.\n  Concept: c"
    two = "ex5_1 `relu`: expected 0 for -2; found array([2., 3.]).\n  This looks like: abs() instead of ReLU."
    assert classreport.diagnosis(one, "/x") == classreport.diagnosis(two, "/y")
    assert classreport.diagnosis(one, "/x") == "ex5_1 `relu` / This looks like: abs() instead of ReLU."
    assert classreport.diagnosis("ex5_1: /x/ex5_1/forward.py fails to import", "/x") == \
        classreport.diagnosis("Failed: ex5_1: /y/ex5_1/forward.py fails to import", "/y")
    concept = "ex5_2 `predict`: predict((1, 0)) should be 1.0; found {}.\n  Concept: XOR is 1 when ..."
    assert classreport.diagnosis(concept.format(2), "/x") == classreport.diagnosis(concept.format(0), "/x")
    assert classreport.diagnosis("ex5_3: expected 784 columns; found 28", "/x") == "ex5_3: expected 784 columns"


# The workflow's run here needs no MNIST: the grader passes no MNIST_NPZ, and Keras's
# download (what GitHub's runners do) is out of reach offline.
CLASSROOM_RUN = ["ex5_1", "ex5_2", "bonus_metrics"]


def test_release_classroom_writes_the_workflow(tmp_path, capsys, monkeypatch):
    from kata.tools import release
    from kata.tools.runner import Outcome, Run

    stub_failure = Outcome("ex5_1", "test", "test", False, "ex5_1 `relu`: not implemented yet.", 0.0)
    monkeypatch.setattr(release, "verify_stubs", lambda outdir: Run(1, [stub_failure], ""))
    assert cli.main(["release", str(tmp_path / "copy"), "--classroom"]) == 0
    assert f"GitHub Classroom autograding: {tmp_path / 'copy' / classroom.WORKFLOW}" in capsys.readouterr().out
    assert (tmp_path / "copy" / classroom.WORKFLOW).read_text() == classroom.render(config.load())


def test_the_classroom_workflow_runs_as_github_would(tmp_path):
    from kata.tools import release

    yaml = pytest.importorskip("yaml", reason="pyyaml, in the dev extra")
    copy = tmp_path / "release"
    release.write_release(REPO_ROOT, copy)
    classroom.write_workflow(copy, config.GradingConfig())
    workflow = yaml.safe_load((copy / classroom.WORKFLOW).read_text())
    assert set(workflow["on"]) == {"push", "repository_dispatch"}
    steps = workflow["jobs"]["run-autograding-tests"]["steps"]
    graders = [s for s in steps if s.get("uses") == classroom.GRADER]
    assert [s["id"] for s in graders] == [e.name for e in catalog.EXERCISES]
    reporter = steps[-1]
    assert reporter["uses"] == classroom.REPORTER
    assert reporter["with"]["runners"].split(",") == [s["id"] for s in graders]
    assert reporter["env"] == {f"{s['id'].upper()}_RESULTS": f"${{{{steps.{s['id']}.outputs.result}}}}"
                               for s in graders}
    assert all(s["with"]["max-score"] == 1 and s["with"]["timeout"] >= 3 for s in graders)
    env = {"PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "HOME": str(tmp_path / "home")}

    def grade(step) -> int:
        for key in ("setup-command", "command"):
            done = subprocess.run(["/bin/sh", "-c", step["with"][key]], cwd=copy, env=env,
                                  capture_output=True, text=True, timeout=60 * step["with"]["timeout"])
            if done.returncode:
                return done.returncode
        return 0

    chosen = [s for s in graders if s["id"] in CLASSROOM_RUN]
    assert all(grade(step) != 0 for step in chosen)
    for name in CLASSROOM_RUN:
        module = catalog.get(name).filename
        shutil.copyfile(REFERENCE / module, copy / "exercises" / module)
    assert [grade(step) for step in chosen] == [0] * len(CLASSROOM_RUN)
    assert not list(copy.rglob("__pycache__"))


def test_points_from_grading_toml_become_max_scores(tmp_path):
    path = tmp_path / "grading.toml"
    path.write_text("timeout = 300\n[points]\nex5_1 = 10\nex5_4 = 20\n")
    text = classroom.render(config.load(path))
    assert text.count(classroom.GRADER) == 2
    assert "max-score: 10" in text and "max-score: 20" in text and "timeout: 7" in text
    assert 'runners: "ex5_1,ex5_4"' in text
