"""The kata command, end to end: each test runs `python -m kata` in a subprocess,
on a temporary copy of the repository, so nothing here touches the real tree."""

import io
import json
import os
import queue
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading

import pytest

from kata import catalog
from kata.tools import cli, hints, stubs, term
from kata.tools.runner import REPO_ROOT

pytestmark = [pytest.mark.tooling, pytest.mark.slow, pytest.mark.timeout(300)]


def kata(repo, *args, stdin=None):
    return subprocess.run([sys.executable, "-m", "kata", *args], cwd=repo, capture_output=True,
                          text=True, timeout=280, input=stdin)


def assert_one_line_error(result, code, message):
    assert result.returncode == code, (result.stdout, result.stderr)
    assert message in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def solve(repo, exercise):
    module = catalog.get(exercise).filename
    shutil.copyfile(repo / "reference" / module, repo / "exercises" / module)


def test_the_board_shows_progress_and_what_comes_next(repo):
    solve(repo, "ex5_1")
    result = kata(repo)
    assert result.returncode == 0, result.stderr
    assert "\x1b[" not in result.stdout  # not a terminal: plain text
    assert "1 of" in result.stdout
    assert "ex5_1" in result.stdout and "done" in result.stdout
    assert "not started" in result.stdout
    assert "Next: ex5_2." in result.stdout
    # Nothing changed: the second board comes from the cache, without running pytest.
    cached = json.loads((repo / ".kata" / "board.json").read_text())
    assert cached["ex5_1"]["status"] == "done"
    again = kata(repo, "list")
    assert again.stdout == result.stdout
    # `kata check` moves on to ex5_2 and says that ex5_1 is done, once.
    moving_on = kata(repo, "check")
    assert re.match(r"ex5_1 done: (\d+) of \1\. Next: ex5_2 \(XOR with the same two layers\)\n",
                    moving_on.stdout), moving_on.stdout
    assert "ex5_2: failed, 0 of" in moving_on.stdout
    assert "ex5_1 done" not in kata(repo, "check").stdout


def test_check_names_the_first_thing_to_fix(repo):
    result = kata(repo, "check", "ex5_1")
    assert result.returncode == 1
    assert "0 of" in result.stdout and "First thing to fix" in result.stdout
    assert "not implemented yet" in result.stdout and "kata hint ex5_1" in result.stdout
    solve(repo, "ex5_1")
    result = kata(repo, "check", "ex5_1")
    assert result.returncode == 0 and "Done." in result.stdout


def test_check_says_what_runs_and_prints_a_long_message_whole(repo):
    """The first line says at once what is running; a failure message longer than pytest's
    JUnit limit arrives whole, its Concept line included."""
    shutil.copyfile(REPO_ROOT / "tests" / "gallery" / "ex5_1" / "predict_formula.py",
                    repo / "exercises" / "ex5_1" / "forward.py")
    result = kata(repo, "check", "ex5_1")
    assert result.returncode == 1
    assert result.stdout.startswith("ex5_1: running "), result.stdout[:200]
    fix = result.stdout.split("First thing to fix", 1)[1]
    assert "ex5_1 `predict`" in fix and "Concept:" in fix and "must follow." in fix, fix
    assert "more line" not in result.stdout and "full report in element text" not in result.stdout


def test_hints_come_one_at_a_time_and_the_last_says_so(repo):
    first, second = kata(repo, "hint", "ex5_1"), kata(repo, "hint", "ex5_1")
    assert "Hint 1 of" in first.stdout and "Hint 2 of" in second.stdout
    assert "again for the next one" in first.stdout
    everything = kata(repo, "hint", "ex5_1", "--all")
    assert "Hint 1 of" in everything.stdout and "Hint 4 of 4" in everything.stdout
    third, fourth, fifth = (kata(repo, "hint", "ex5_1") for _ in range(3))
    assert "Hint 3 of 4" in third.stdout and "the last" not in third.stdout
    assert "Hint 4 of 4 for ex5_1 (the last one):" in fourth.stdout
    assert "That was the last hint" in fourth.stdout and "next one" not in fourth.stdout
    assert "Hint 4 of 4 for ex5_1 (the last one, shown again):" in fifth.stdout


@pytest.mark.parametrize("args", [["hint", "ex5_1", "--all"], ["--help"], ["hint", "--help"]])
def test_output_into_a_closed_pipe_ends_quietly(repo, args):
    """`kata hint ex5_1 | head -1`: the reader goes away; kata ends with 0 and says nothing."""
    read, write = os.pipe()
    os.close(read)  # every write to the pipe now fails: the reader has gone
    try:
        result = subprocess.run([sys.executable, "-m", "kata", *args], cwd=repo, stdout=write,
                                stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(write)
    assert result.returncode == 0 and result.stderr == "", result.stderr


def test_head_reads_the_first_line_and_kata_ends_quietly(repo):
    pipeline = f"set -o pipefail; {shlex.quote(sys.executable)} -m kata hint ex5_1 | head -1"
    result = subprocess.run(["bash", "-c", pipeline], cwd=repo, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert result.stdout.startswith("Hint 1 of 4 for ex5_1")


def test_grade_writes_a_score_table_and_json(repo, tmp_path):
    report = tmp_path / "report.json"
    result = kata(repo, "grade", str(repo / "exercises"), "--json", str(report))
    assert result.returncode == 1  # untouched stubs fail
    rows = json.loads(report.read_text())["exercises"]
    assert [row["exercise"] for row in rows] == [e.name for e in catalog.EXERCISES]
    assert all(row["passed"] == 0 and row["failed"] > 0 for row in rows)
    assert "not implemented yet" in rows[0]["failures"][0]["message"]
    assert "ex5_1" in result.stdout and "0%" in result.stdout


def test_grade_isolates_a_module_with_a_syntax_error(repo, tmp_path):
    submission = tmp_path / "ada"
    shutil.copytree(repo / "reference" / "ex5_3", submission / "ex5_3")
    (submission / "ex5_1").mkdir()
    (submission / "ex5_1" / "forward.py").write_text("def relu(z):\n    return max(0, z\n")
    report = tmp_path / "ada.json"
    result = kata(repo, "grade", str(submission), "--json", str(report))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    rows = {row["exercise"]: row for row in json.loads(report.read_text())["exercises"]}
    assert rows["ex5_3"]["failed"] == 0 and rows["ex5_3"]["passed"] > 0
    assert rows["ex5_1"]["passed"] == 0
    assert "SyntaxError" in rows["ex5_1"]["failures"][0]["message"]
    assert "does not exist" in rows["ex5_4"]["failures"][0]["message"]


@pytest.mark.parametrize("args, message", [
    (["check", "ex9_9"], "unknown exercise 'ex9_9'"),
    (["watch", "ex9_9"], "unknown exercise 'ex9_9'"),
    (["hint", "nope"], "unknown exercise 'nope'"),
    (["reset", "nope"], "unknown exercise 'nope'"),
    (["compare", "nope"], "unknown exercise 'nope'"),
    (["compare", "ex5_1"], "ex5_1 builds none"),
    (["compare", "ex5_4", "--solutions", "no/such/folder"], "no/such/folder: no such folder"),
    (["compare", "ex5_4", "--png", "curves.txt"], "must end in .png"),
    (["grade", "no/such/folder"], "no/such/folder: no such folder"),
    (["grade", "kata"], "holds none of the exercise modules"),
    (["grade", "reference", "--json", "exercises/ex5_1/forward.py"], "ending in .json"),
    (["release", "exercises"], "is not empty"),
    (["release", "inside"], "is inside this repository"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    (["hint"], "the following arguments are required: exercise"),
])
def test_bad_input_is_one_line_and_exit_2(repo, args, message):
    assert_one_line_error(kata(repo, *args), 2, message)


@pytest.mark.parametrize("command", [None, "list", "check", "watch", "hint", "reset", "notebooks",
                                     "grade", "release", "compare"])
def test_every_command_has_help_with_an_example(repo, command):
    result = kata(repo, *([command] if command else []), "--help")
    assert result.returncode == 0 and "Example" in result.stdout, result.stdout


def test_reset_backs_up_asks_and_restores_the_stub(repo):
    module = repo / "exercises" / catalog.get("ex5_1").filename
    stub = module.read_text()
    assert "nothing to do" in kata(repo, "reset", "ex5_1").stdout
    module.write_text("# my work\n")
    for answer in ("n\n", ""):  # "no", and no answer at all (stdin closed)
        declined = kata(repo, "reset", "ex5_1", stdin=answer)
        assert declined.returncode == 0 and "Nothing changed" in declined.stdout
        assert module.read_text() == "# my work\n" and not (repo / "backups").exists()
    accepted = kata(repo, "reset", "ex5_1", stdin="y\n")
    assert accepted.returncode == 0, accepted.stderr
    assert module.read_text() == stub
    backups = list((repo / "backups" / "ex5_1").iterdir())
    assert [b.read_text() for b in backups] == ["# my work\n"]
    assert str(backups[0].relative_to(repo)) in accepted.stdout
    # A second reset the same second never overwrites the first backup.
    module.write_text("# attempt two\n")
    assert kata(repo, "reset", "ex5_1", "--yes").returncode == 0
    kept = sorted(b.read_text() for b in (repo / "backups" / "ex5_1").iterdir())
    assert kept == ["# attempt two\n", "# my work\n"] and module.read_text() == stub
    module.unlink()  # a deleted module is restored without asking
    assert kata(repo, "reset", "ex5_1").returncode == 0 and module.read_text() == stub


def test_the_stub_snapshot_matches_the_exercises():
    shipped = json.loads(stubs.SNAPSHOT.read_text())
    current = stubs.snapshot_of(REPO_ROOT / "exercises")
    stale = [name for name in current if shipped.get(name) != current[name]]
    assert not stale, f"kata/tools/stubs.json is out of date for {stale}: run python -m kata.tools.stubs"


def test_release_writes_a_learner_copy_without_answers(repo, tmp_path):
    nbformat = pytest.importorskip("nbformat")
    from kata.notebook.cells import kata_cells

    solve(repo, "ex5_4")  # even a solved module here must not reach the learners
    outdir = tmp_path / "learners"
    result = kata(repo, "release", str(outdir), "--source", "https://example.org/learners.git")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ready to ship" in result.stdout and "ex5_4/model.py here differs" in result.stdout
    shipped = {p.relative_to(outdir).parts[0] for p in outdir.rglob("*")}
    assert shipped == {"exercises", "kata", "notebooks", "README.md", "conftest.py", "pyproject.toml",
                       ".gitignore"}
    assert not list(outdir.rglob("gallery")) and not list(outdir.rglob("__pycache__"))
    for exercise in catalog.EXERCISES:
        assert (outdir / "exercises" / exercise.filename).read_text() == stubs.pristine(exercise)
        notebook = nbformat.read(str(outdir / "notebooks" / f"{exercise.name}.ipynb"), as_version=4)
        assert [(name, module) for name, _, module in kata_cells(notebook)] == \
            [(exercise.name, stubs.pristine(exercise))]
        assert 'KATA_SOURCE = "https://example.org/learners.git"' in notebook.cells[0].source
    readme = (outdir / "README.md").read_text()
    assert "kata grade" not in readme and "instructors-only" not in readme and "kata watch" in readme
    pyproject = (outdir / "pyproject.toml").read_text()
    assert "notebook = [" in pyproject and "\ndev =" not in pyproject and "tox>=" not in pyproject
    assert_one_line_error(kata(repo, "release", str(outdir)), 2, "is not empty")
    hints = kata(outdir, "hint", "ex5_1")  # the copy's own kata works
    assert hints.returncode == 0 and "Hint 1 of" in hints.stdout
    usage = kata(outdir, "--help").stdout  # and lists only what a learner can use
    assert "notebooks" in usage and not {"grade", "release", "compare"} & set(usage.replace(",", " ").split())
    assert_one_line_error(kata(outdir, "grade", "exercises"), 2, "`kata grade` is for instructors")
    # A notebook whose %%kata cell is not the stub is caught (the stub run covers the stubs only).
    from kata.tools import release

    path = outdir / "notebooks" / "ex5_1.ipynb"
    notebook = nbformat.read(str(path), as_version=4)
    cell = next(c for c in notebook.cells if c.source.startswith("%%kata"))
    cell.source = "%%kata ex5_1\n" + (repo / "reference" / "ex5_1" / "forward.py").read_text()
    nbformat.write(notebook, str(path))
    assert release.notebook_problems(outdir) == [
        "notebooks/ex5_1.ipynb: its %%kata cell differs from the shipped stub"]


def test_release_notes_what_the_learner_readme_names_but_the_copy_lacks(tmp_path):
    from kata.tools import release

    (tmp_path / "README.md").write_text("Type in `exercises/`; the answers are in `reference/`.\n")
    assert release.readme_mentions(REPO_ROOT, tmp_path) == [
        "README.md names `reference/`, which the copy does not have"]


def test_every_file_a_learner_readme_names_is_in_the_release(tmp_path):
    """Exercise READMEs and hints point learners at files (`HINTS.md`, `exercises/ex5_1/forward.py`);
    every one must be in the copy, and measurements that cite benchmarks/ stay instructors-only."""
    pytest.importorskip("nbformat")
    from kata.tools import release

    copy = tmp_path / "learners"
    release.write_release(REPO_ROOT, copy)
    assert release.missing_paths(copy) == []
    documents = list(copy.rglob("*.md"))
    assert {"HINTS.md", "exercises/ex5_1/forward.py"} <= {
        name for document in documents for name in release.named_paths(document.read_text())}
    assert not [d for d in documents if "instructors-only" in d.read_text() or "benchmarks/" in d.read_text()]
    readme = copy / "exercises" / "ex5_8" / "README.md"
    readme.write_text(readme.read_text() + "\nSee `benchmarks/results/x.txt`, [the notes](../notes.md) "
                      "and `model.py`; `plots/ex5_6_loss.png` is yours to make.\n")
    assert release.missing_paths(copy) == [
        "exercises/ex5_8/README.md names `benchmarks/results/x.txt`, which the copy does not have",
        "exercises/ex5_8/README.md names `../notes.md`, which the copy does not have"]


def test_instructor_parts_of_the_readme_may_sit_inside_a_sentence():
    from kata.tools import release

    text = ("the test files and `kata/` are the kata's own<!-- instructors-only -->, as are "
            "`reference/` and `tests/`<!-- /instructors-only -->.\n")
    assert release.learner_readme(text) == "the test files and `kata/` are the kata's own.\n"


def test_the_learner_pyproject_is_valid_toml_without_the_dev_extra():
    from kata.tools import release

    tomllib = pytest.importorskip("tomllib")
    learner = tomllib.loads(release.learner_pyproject((REPO_ROOT / "pyproject.toml").read_text()))
    extras = learner["project"]["optional-dependencies"]
    assert "dev" not in extras and "notebook" in extras
    assert tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"]["dev"], "the maintainers' copy keeps it"


def test_release_refuses_to_ship_a_stub_that_passes_a_test(repo, tmp_path):
    pytest.importorskip("nbformat")
    snapshot = repo / "kata" / "tools" / "stubs.json"
    shipped = json.loads(snapshot.read_text())
    shipped["ex5_1"] = (repo / "reference" / "ex5_1" / "forward.py").read_text()
    snapshot.write_text(json.dumps(shipped))
    result = kata(repo, "release", str(tmp_path / "learners"))
    assert result.returncode == 1
    assert "not fit to ship" in result.stdout and "passes on the untouched stubs" in result.stdout


def test_compare_trains_both_models_and_draws_their_curves(repo, tmp_path):
    solve(repo, "ex5_4")
    png = tmp_path / "both.png"
    result = kata(repo, "compare", "ex5_4", "--epochs", "2", "--train-size", "1000", "--png", str(png))
    assert result.returncode == 0, result.stderr
    for row in ("parameters", "test accuracy", "training time", "Dense(512, relu)",
                "categorical cross-entropy"):
        assert row in result.stdout
    assert result.stdout.count("1,022,490") == 2 and "differs" not in result.stdout
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_compare_flags_what_differs(repo, tmp_path):
    module = repo / "exercises" / catalog.get("ex5_4").filename
    module.write_text((repo / "reference" / catalog.get("ex5_4").filename).read_text()
                      .replace('"relu"', '"sigmoid"', 1))
    result = kata(repo, "compare", "ex5_4", "--epochs", "1", "--train-size", "500",
                  "--png", str(tmp_path / "c.png"))
    assert result.returncode == 0, result.stderr
    assert "Dense(784, sigmoid)" in result.stdout and "<- differs" in result.stdout


@pytest.mark.parametrize("source, message", [
    (None, "ex5_4 `build_model`: not implemented yet"),
    ("def build_model(:\n    pass\n", "SyntaxError"),
    ("def build_model():\n    return 42\n", "returned int, not a Keras model"),
], ids=["stub", "syntax-error", "not-a-model"])
def test_compare_reports_a_broken_submission_on_one_line(repo, tmp_path, source, message):
    tree = repo / "exercises"
    if source is not None:
        tree = tmp_path / "submission"
        (tree / "ex5_4").mkdir(parents=True)
        (tree / "ex5_4" / "model.py").write_text(source)
    result = kata(repo, "compare", "ex5_4", "--solutions", str(tree), "--epochs", "1",
                  "--train-size", "500")
    assert_one_line_error(result, 1, message)


def test_watch_reruns_on_save_moves_on_and_stops_on_ctrl_c(repo):
    process = subprocess.Popen([sys.executable, "-m", "kata", "watch", "--interval", "0.1"], cwd=repo,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True)
    reader.start()

    def output_until(text):
        seen = []
        while not any(text in line for line in seen):
            seen.append(lines.get(timeout=120))
        return "".join(seen)

    try:
        first = output_until("Watching exercises/")
        assert "ex5_1" in first and "0 of" in first and "not implemented yet" in first
        solve(repo, "ex5_1")
        second = output_until("Watching exercises/")
        assert "ex5_1" in second and ": 0 of" not in second and "Next up: ex5_2" in second
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
    reader.join(timeout=10)
    rest = "".join(lines.get() for _ in range(lines.qsize()))
    assert "Stopped watching." in rest
    assert "Traceback" not in process.stderr.read()
    assert "\x1b[" not in first + second + rest


def test_a_file_system_error_is_one_line_not_a_traceback(monkeypatch, capsys, tmp_path):
    from kata.tools import release

    def refuse(root, outdir, source=""):
        raise PermissionError(13, "Permission denied", str(outdir))

    monkeypatch.setattr(release, "write_release", refuse)
    assert cli.main(["release", str(tmp_path / "learners")]) == 1
    error = capsys.readouterr().err
    assert error.startswith("kata: ") and "Permission denied" in error
    assert len(error.strip().splitlines()) == 1


def test_colour_only_on_a_terminal(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert term.style("done", "green", stream=io.StringIO()) == "done"
    assert term.style("done", "green", stream=Terminal()) == "\x1b[32mdone\x1b[0m"
    monkeypatch.setenv("NO_COLOR", "1")
    assert term.style("done", "green", stream=Terminal()) == "done"


@pytest.mark.parametrize("exercise", catalog.EXERCISES, ids=lambda e: e.name)
def test_every_exercise_has_at_least_three_hints(exercise):
    assert len(hints.hints_of(exercise)) >= 3
