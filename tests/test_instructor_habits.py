"""The instructor's side, in process and without grading anything for real: the exit status of
class grading, Ctrl-C ending the judges that other threads started, the class report's order
and format, what `kata release` may leave unsaid, and `kata compare`'s short-run note and plot."""

import os
import re
import textwrap
import threading
import time

import pytest

from kata.tools import compare, release, runner
from kata.tools.grading import classreport, classrun, submissions, suite

pytestmark = [pytest.mark.tooling, pytest.mark.timeout(120)]

NAMES = ["ex5_1", "bonus_metrics", "ex5_2"]  # not in lesson order, on purpose


def report(label, passed, failed, status):
    rows = [{"exercise": name, "passed": passed, "failed": failed, "seconds": 0.1, "status": status,
             "reason": "", "failures": [{"test": "test_a", "message": "wrong"}] * failed}
            for name in NAMES]
    return {"solutions": label, "status": status, "reason": "", "exercises": rows}


def class_plan(tmp_path, names):
    klass = tmp_path / "class"
    for name in names:
        (klass / name / "ex5_1").mkdir(parents=True)
        (klass / name / "ex5_1" / "forward.py").write_text(f"# {name}\n")
    return classrun.Plan(submissions.sources_in(klass), True, tmp_path / "grades", 1, None,
                         {name: 1.0 for name in NAMES}, "equal weights")


@pytest.fixture
def fake_grading(monkeypatch):
    """Class grading whose "grading" is ``events``: a function of the jobs yielding what
    run_local would."""
    monkeypatch.setattr(suite, "fingerprint", lambda names: "fingerprint")
    monkeypatch.setattr(suite, "expected_tests", lambda names: {name: ["test_a", "test_b"] for name in names})

    def install(events):
        monkeypatch.setattr(classrun, "_engine", lambda plan, jobs: ("here", 1, events))

    return install


def all_graded(jobs):
    for number, job in enumerate(jobs):
        yield ("start", job, None, "")
        grades = report(job.label, 0, 2, "failed") if number else report(job.label, 1, 1, "timeout")
        yield ("done", job, grades, "local")


def test_a_class_whose_every_submission_fails_is_graded_and_exits_0(tmp_path, fake_grading, capsys):
    fake_grading(all_graded)
    assert classrun.grade_class(class_plan(tmp_path, ["ada", "bob"])) == 0
    assert "Not graded" not in capsys.readouterr().out


def test_a_submission_that_could_not_be_graded_makes_it_exit_1(tmp_path, fake_grading, capsys):
    def one_grader_fails(jobs):
        yield from all_graded(jobs[:1])
        yield ("done", jobs[1], classrun._grader_failed(jobs[1], RuntimeError("disk full")), "local")

    fake_grading(one_grader_fails)
    plan = class_plan(tmp_path, ["ada", "bob"])
    (plan.sources[0].path.parent / "cyd.zip").write_text("not a zip")  # refused
    plan.sources.append(submissions.Source("cyd", plan.sources[0].path.parent / "cyd.zip"))
    assert classrun.grade_class(plan) == 1
    out = capsys.readouterr().out
    assert "Not graded: bob, cyd" in out and "Exit status 1" in out
    text = (plan.out / "class-report.md").read_text()
    assert "## Not graded" in text and "bob: the grader failed" in text and "cyd: " in text


def test_the_exit_status_is_in_the_help_and_the_readme(capsys):
    from kata.tools import cli

    with pytest.raises(SystemExit):
        cli.main(["grade", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "A class: 0 when every submission was graded, whatever its grades; 1 when some could " \
           "not be graded" in text
    readme = " ".join((runner.REPO_ROOT / "README.md").read_text().split())
    assert "Exit status of a class run: 0 when every submission was graded" in readme


def test_ctrl_c_returns_130_and_keeps_what_was_graded(tmp_path, fake_grading, capsys):
    def interrupted(jobs):
        yield from all_graded(jobs[:1])
        yield ("start", jobs[1], None, "")
        raise KeyboardInterrupt

    fake_grading(interrupted)
    plan = class_plan(tmp_path, ["ada", "bob"])
    assert classrun.grade_class(plan) == 130
    assert "1 submission left to grade" in capsys.readouterr().out
    assert [p.stem for p in (plan.out / "submissions").glob("*.json")] == ["ada"]


@pytest.fixture
def sleepy_root(tmp_path):
    """A checkout whose one "exercise" is a test that sleeps: a judge that runs until killed."""
    root = tmp_path / "root"
    (root / "exercises" / "sleepy").mkdir(parents=True)
    (root / "conftest.py").write_text(textwrap.dedent("""
        def pytest_addoption(parser):
            parser.addoption("--solutions")
            parser.addoption("--kata-report")
    """))
    (root / "exercises" / "sleepy" / "test_sleep.py").write_text(textwrap.dedent(f"""
        import os, time
        def test_sleeps():
            open({str(tmp_path / 'started')!r} + str(os.getpid()), "w").close()
            time.sleep(100)
    """))
    (root / "pytest.ini").write_text("[pytest]\n")
    return root


def test_stopping_a_class_run_kills_the_judges_of_every_thread(sleepy_root, tmp_path, monkeypatch):
    """Ctrl-C reaches the main thread; the judges the grading threads started are gone
    before the interrupted run returns."""
    def grade_snapshot(snapshot, label, timeout, names):
        run = runner.run_tests(tmp_path, ["sleepy"], root=sleepy_root, timeout=100)
        return {"solutions": label, "status": "crashed", "reason": run.problem, "exercises": []}

    monkeypatch.setattr(submissions, "grade_snapshot", grade_snapshot)
    jobs = [classrun.Job(source, submissions.read(source), {})
            for source in class_plan(tmp_path, ["ada", "bob", "cyd"]).sources]
    events = classrun.run_local(jobs, 2, None, NAMES)
    started = [next(events), next(events)]
    assert {kind for kind, *_ in started} == {"start"}
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("started*"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    pids = [int(p.name[len("started"):]) for p in tmp_path.glob("started*")]
    assert len(pids) == 2
    began = time.monotonic()
    events.close()  # what grade_class does on Ctrl-C
    assert time.monotonic() - began < 15
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert not runner._RUNNING
    assert not [t for t in threading.enumerate() if t.name.startswith("kata-grade-")]


def test_the_class_report_lists_exercises_in_lesson_order_with_one_score_format():
    reports = {"ada": report("ada", 2, 1, "failed"), "bob": report("bob", 1, 2, "failed")}
    reports["ada"]["exercises"][1]["passed"] = 3  # 75 %
    built = classreport.build(reports, {name: 1.0 for name in NAMES}, {n: 3 for n in NAMES}, "f")
    text = classreport.markdown(built)
    assert "graded on ex5_1, ex5_2, bonus_metrics." in text
    # equal failure rates: lesson order breaks the tie
    assert [e["exercise"] for e in built["exercises"]] == ["ex5_1", "ex5_2", "bonus_metrics"]
    table = [line for line in text.splitlines() if line.startswith(("| ex5", "| bonus"))]
    scores = [line.split("|")[-2].strip() for line in table]
    assert scores == ["50.0 %", "50.0 %", "54.2 %"], table
    assert re.search(r"Total: mean \d+\.\d %, median \d+\.\d %, lowest 33\.3 %, highest 69\.4 %\.", text), text
    percentages = re.findall(r"(\d+(?:\.\d+)?) %", text)
    assert percentages and all(re.fullmatch(r"\d+\.\d", value) for value in percentages), percentages


def test_release_does_not_warn_about_folders_made_on_demand(tmp_path):
    root, outdir = tmp_path / "root", tmp_path / "copy"
    for folder in ("backups", "plots", "reference"):
        (root / folder).mkdir(parents=True)
    outdir.mkdir()
    (outdir / "README.md").write_text("Your file goes to `backups/`; curves to `plots/`; "
                                      "answers in `reference/`.\n")
    assert release.readme_mentions(root, outdir) == [
        "README.md names `reference/`, which the copy does not have"]


@pytest.mark.parametrize("exercise, epochs, size, says", [
    ("ex5_7", 3, 10_000, ["3 epochs of the lesson's 80", "10,000 of the 60,000", "favours a weak penalty",
                          "--full"]),
    ("ex5_8", 8, None, ["8 epochs of the lesson's 80", "cannot tell which one ends up better"]),
    ("ex5_4", 5, 1000, ["1,000 of the 60,000"]),
    ("ex5_4", 5, None, []),
])
def test_compare_says_what_a_short_run_can_and_cannot_show(exercise, epochs, size, says):
    note = compare.short_run_note(exercise, epochs, size)
    assert bool(note) == bool(says)
    for words in says:
        assert words in note
    assert ("penalty" in note) == (exercise == "ex5_7")


def test_compare_plots_the_loss_so_both_curves_can_be_read():
    pytest.importorskip("matplotlib")
    heavy = {"history": {"loss": [25.0, 12.0, 6.0], "val_loss": [0.9, 0.7, 0.6],
                         "accuracy": [0.5, 0.6, 0.7], "val_accuracy": [0.5, 0.6, 0.7]}}
    light = {"history": {"loss": [0.4, 0.2, 0.1], "val_loss": [0.3, 0.2, 0.15],
                         "accuracy": [0.9, 0.95, 0.97], "val_accuracy": [0.9, 0.93, 0.95]}}
    figure = compare.figure_of(light, heavy, ("yours", "reference"), "ex5_7", penalty=True)
    loss = figure.axes[0]
    assert loss.get_yscale() == "log" and "penalty" in loss.get_title()
    low, high = loss.get_ylim()
    assert low <= 0.1 and high >= 25
    import matplotlib.pyplot as plt

    plt.close(figure)
