"""The kata in a notebook: generated notebooks executed headless in a real ipykernel.

Each exercise session below runs one notebook as a learner would, in one
kernel (nbclient): the setup cell, then the ``%%kata`` cell as generated (the
stub), then the same cell edited (a syntax error, a loop that never ends, the
reference pasted in) and run again. The tests read the outputs of each step.
The kernel works on a copy of the repository, so ``--save`` and the hint
ladder never touch this checkout.

Needs the ``dev`` extra (nbformat, nbclient, ipykernel); skipped without it.
"""

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kata import catalog
from kata.tools import stubs
from kata.tools.runner import REPO_ROOT

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

from kata.notebook import cells, display, writer  # noqa: E402  (needs nbformat)
from kata.tools import check as checking, hints  # noqa: E402
from kata.tools.runner import Outcome  # noqa: E402

pytestmark = [pytest.mark.tooling, pytest.mark.timeout(600)]

KERNEL = "kata-python"  # a kernelspec of this interpreter, whatever "python3" means here
GALLERY = REPO_ROOT / "tests" / "gallery"


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """A copy of what a learner's checkout holds, plus reference/ to paste from."""
    copy = tmp_path_factory.mktemp("notebooks") / "repo"
    for folder in ("kata", "exercises", "reference", "notebooks"):
        shutil.copytree(REPO_ROOT / folder, copy / folder,
                        ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
    for name in ("conftest.py", "pyproject.toml"):
        shutil.copyfile(REPO_ROOT / name, copy / name)
    return copy


@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory, repo):
    """The kernel runs this interpreter and imports the copy's kata (set for the module)."""
    folder = tmp_path_factory.mktemp("jupyter")
    spec = folder / "kernels" / KERNEL / "kernel.json"
    spec.parent.mkdir(parents=True)
    spec.write_text(json.dumps({"argv": [sys.executable, "-m", "ipykernel_launcher", "-f",
                                         "{connection_file}"],
                                "display_name": "kata tests", "language": "python"}))
    patch = pytest.MonkeyPatch()
    patch.setenv("JUPYTER_PATH", str(folder))
    patch.setenv("PYTHONPATH", str(repo))
    yield
    patch.undo()


class Session:
    """One notebook in one live kernel: run its cells in order, then edit and rerun cells."""

    def __init__(self, repo: Path, exercise: str):
        self.path = repo / "notebooks" / f"{exercise}.ipynb"
        self.notebook = nbformat.read(str(self.path), as_version=4)
        self.client = nbclient.NotebookClient(self.notebook, timeout=300, kernel_name=KERNEL,
                                              allow_errors=True, interrupt_on_timeout=True,
                                              resources={"metadata": {"path": str(self.path.parent)}})
        self.kata_index = next(i for i, c in enumerate(self.notebook.cells)
                               if c.cell_type == "code" and c.source.startswith("%%kata"))

    def run(self, index: int, source=None, interrupt_after=None) -> list:
        """Run cell ``index`` (with a new ``source``); ``interrupt_after`` seconds, press the
        kernel's stop button, as a learner would."""
        cell = self.notebook.cells[index]
        if source is not None:
            cell.source = source
        self.client.timeout = interrupt_after or 300
        self.client.execute_cell(cell, index)
        return cell.outputs

    def add(self, source: str) -> list:
        self.notebook.cells.append(nbformat.v4.new_code_cell(source))
        return self.run(len(self.notebook.cells) - 1)


def run_session(repo, exercise, steps):
    """Execute the generated notebook (every cell), then each (name, %%kata line, module)
    step as an edit of its %%kata cell (a plain cell when the line is None; "interrupted":
    the stop button after 10 s); the outputs by step name, "stub" first."""
    session = Session(repo, exercise)
    found = {}
    with session.client.setup_kernel():
        for index, cell in enumerate(session.notebook.cells):
            if cell.cell_type == "code":
                found["setup" if index == 0 else "stub"] = session.run(index)
        for name, line, module in steps:
            if line is None:  # a plain cell
                found[name] = session.add(module)
            else:
                found[name] = session.run(session.kata_index, f"{line}\n{module}",
                                          interrupt_after=10 if "interrupted" in name else None)
    return found


def reference(exercise):
    return (REPO_ROOT / "reference" / catalog.get(exercise).filename).read_text()


ENDLESS = ("import numpy as np\n\ndef relu(z):\n    while True:\n        pass\n")


@pytest.fixture(scope="module")
def ex5_1(repo, kernel_env):
    return run_session(repo, "ex5_1", [
        ("syntax error", "%%kata ex5_1", "def relu(z):\n    return max(0, z\n"),
        ("endless loop", "%%kata ex5_1 --timeout 8", ENDLESS),
        ("after the loop", None, "print(6 * 7)"),
        ("endless loop at the top, interrupted", "%%kata ex5_1", "while True:\n    pass\n"),
        ("after the interrupt", None, "print(6 * 8)"),
        ("import error", "%%kata ex5_1", "import numpy as np\nundefined_name\n"),
        ("scalar relu", "%%kata ex5_1", (GALLERY / "ex5_1" / "scalar_only_relu.py").read_text()),
        ("reference, unsaved", "%%kata ex5_1", reference("ex5_1")),
        ("reference", "%%kata ex5_1 --save", reference("ex5_1")),
        ("tried later", None, "float(relu(-3)), float(relu(2))"),
        ("check", None, 'kata.check("ex5_1")'),
    ])


@pytest.fixture(scope="module")
def ex5_4(request, repo, kernel_env):
    """The reference passes the quick tests here; with --full it also trains (5 epochs on all
    of MNIST, a minute or more on a laptop CPU) and passes every test."""
    steps = [("reference", "%%kata ex5_4 --quick", reference("ex5_4"))]
    if request.config.getoption("--full"):
        steps.append(("reference, trained", "%%kata ex5_4", reference("ex5_4")))
    return run_session(repo, "ex5_4", steps)


def verdict_of(outputs) -> dict:
    """The data of the last rich output (the verdict shows last, under the cell)."""
    rich = [o for o in outputs if o.output_type in ("display_data", "execute_result")]
    assert rich, f"no verdict under the cell; outputs: {outputs}"
    return rich[-1]["data"]


def text_of(outputs) -> str:
    return "".join(o.get("text", "") for o in outputs if o.output_type == "stream")


# --- the stub, the reference, broken cells ------------------------------------------------------

@pytest.mark.parametrize("exercise", ["ex5_1", "ex5_4"])
def test_the_stub_cell_fails_with_not_implemented_yet(request, exercise):
    outputs = request.getfixturevalue(exercise)
    verdict = verdict_of(outputs["stub"])
    assert verdict["text/plain"].startswith(f"{exercise}: failed, 0 of"), verdict["text/plain"]
    assert "not implemented yet" in verdict["text/plain"]
    assert f'kata.hint("{exercise}")' in verdict["text/plain"]
    assert "not implemented yet" in verdict["text/html"] and "<pre" in verdict["text/html"]


@pytest.mark.parametrize("exercise", ["ex5_1", "ex5_4"])
def test_the_setup_cell_finds_the_kata_and_says_so(request, exercise):
    outputs = request.getfixturevalue(exercise)["setup"]
    assert "already importable: nothing to set up" in text_of(outputs), outputs
    assert not [o for o in outputs if o.output_type == "error"]


@pytest.mark.parametrize("exercise", ["ex5_1", "ex5_4"])
def test_the_reference_pasted_in_passes(request, exercise):
    outputs = request.getfixturevalue(exercise)["reference"]
    verdict = verdict_of(outputs)
    assert verdict["text/plain"].startswith(f"{exercise}: passed"), verdict["text/plain"]
    assert "passed" in verdict["text/html"]


@pytest.mark.full
def test_the_reference_pasted_in_trains_and_passes_every_test(ex5_4):
    verdict = verdict_of(ex5_4["reference, trained"])["text/plain"]
    assert re.match(r"ex5_4: passed, all \d+ tests \(", verdict), verdict  # not "quick tests"


@pytest.mark.parametrize("exercise", ["ex5_1", "ex5_4"])
def test_no_tensorflow_noise_or_training_output_under_the_cell(request, exercise):
    for step, outputs in request.getfixturevalue(exercise).items():
        streamed = text_of(outputs)
        for noise in ("oneDNN", "absl::InitializeLog", "Epoch 1/", "step - loss", "cuda"):
            assert noise not in streamed, f"{step}: {streamed}"


def test_a_syntax_error_is_a_one_line_verdict(ex5_1):
    verdict = verdict_of(ex5_1["syntax error"])["text/plain"]
    assert verdict.startswith("ex5_1: failed: SyntaxError") and "line 3 of the cell" in verdict
    assert len(verdict.splitlines()) == 1, verdict
    assert not [o for o in ex5_1["syntax error"] if o.output_type == "error"]


def test_an_endless_loop_is_stopped_with_a_one_line_verdict(ex5_1):
    verdict = verdict_of(ex5_1["endless loop"])["text/plain"]
    assert verdict.startswith("ex5_1: failed: the tests were still running after 8 s"), verdict
    assert len(verdict.splitlines()) == 1 and "--timeout SECONDS" in verdict, verdict
    assert text_of(ex5_1["after the loop"]) == "42\n"  # the kernel goes on


def test_an_endless_loop_at_the_top_stopped_by_the_learner_is_a_one_line_verdict(ex5_1):
    outputs = ex5_1["endless loop at the top, interrupted"]
    assert [o.ename for o in outputs if o.output_type == "error"] == ["KeyboardInterrupt"]
    verdict = verdict_of(outputs)["text/plain"]
    assert verdict == "ex5_1: failed: interrupted while the cell ran in the kernel, so the tests did not run"
    assert text_of(ex5_1["after the interrupt"]) == "48\n"


def test_an_import_error_names_the_cell_and_its_line_as_the_editor_counts(ex5_1):
    outputs = ex5_1["import error"]
    errors = [o for o in outputs if o.output_type == "error"]  # the kernel's run, as any cell's
    assert [e.ename for e in errors] == ["NameError"] and "line 3" in "".join(errors[0].traceback)
    verdict = verdict_of(outputs)["text/plain"]
    assert "ex5_1: the %%kata cell fails to import" in verdict, verdict
    assert "raised at the %%kata cell, line 3, in <module>" in verdict and "/tmp" not in verdict


def test_messages_in_a_notebook_name_the_notebook_s_commands(ex5_1):
    for step in ("stub", "scalar relu"):
        verdict = verdict_of(ex5_1[step])
        for form in ("text/plain", "text/html"):
            assert "kata hint" not in verdict[form] and "pytest exercises" not in verdict[form], verdict[form]
        assert 'kata.hint("ex5_1")' in verdict["text/plain"]


def test_a_passing_cell_not_saved_says_how_to_count_it_on_the_board(ex5_1):
    unsaved = verdict_of(ex5_1["reference, unsaved"])["text/plain"]
    assert unsaved.startswith("ex5_1: passed") and "`%%kata ex5_1 --save`" in unsaved, unsaved
    assert "The board counts exercises/ex5_1/forward.py" in unsaved
    saved = verdict_of(ex5_1["reference"])["text/plain"]
    assert "Done. `kata.board()` shows what comes next." in saved and "--save`" not in saved, saved


def test_the_cell_runs_in_the_kernel_so_its_functions_can_be_tried(ex5_1):
    assert verdict_of(ex5_1["tried later"])["text/plain"] == "(0.0, 2.0)"


def test_save_writes_the_module_and_keeps_a_backup(repo, ex5_1):
    exercise = catalog.get("ex5_1")
    assert (repo / "exercises" / exercise.filename).read_text() == reference("ex5_1")
    backups = list((repo / "backups" / "ex5_1").glob("forward.*.py"))
    assert [b.read_text() for b in backups] == [stubs.pristine(exercise)]
    note = verdict_of(ex5_1["reference"])["text/plain"].splitlines()[-1]
    assert note.startswith("Saved the cell to exercises/ex5_1/forward.py; the previous file is in "
                           "backups/ex5_1/forward."), note


def test_kata_check_in_the_kernel_shows_html_and_plain_text(ex5_1):
    verdict = verdict_of(ex5_1["check"])  # after --save: the learner's file is the reference
    headline = verdict["text/plain"].splitlines()[0]
    assert re.match(r"ex5_1: passed, all \d+ tests \(", headline), headline
    assert verdict["text/html"].startswith('<div class="kata-verdict"')
    assert html.escape(headline) in verdict["text/html"]


# --- the views, without a kernel -----------------------------------------------------------------

def failing_verdict(message: str) -> checking.Verdict:
    outcome = Outcome("ex5_1", "test_relu", "test_relu[<-1>]", "failed", message, 0.1)
    passing = Outcome("ex5_1", "test_target", "test_target[1]", "passed", "", 0.1)
    return checking.Verdict(catalog.get("ex5_1"), (passing, outcome), hints_seen=4, hints_total=4)


def test_the_verdict_html_escapes_what_the_tests_say():
    view = display.VerdictView(failing_verdict("Failed: expected <0 & 1>; found 'x'"), ["a <note>"])
    page = view._repr_html_()
    assert "expected &lt;0 &amp; 1&gt;; found &#x27;x&#x27;" in page and "<0 &" not in page
    assert "test_relu[&lt;-1&gt;]" in page and "a &lt;note&gt;" in page
    text = str(view)
    assert text == repr(view) and text.startswith("ex5_1: failed, 1 of 2 tests pass")
    assert "expected <0 & 1>; found 'x'" in text and "Failed:" not in text
    assert "Passing: test_target" in text and 'kata.hint("ex5_1", all=True)' in text


def test_the_board_view_has_html_and_plain_text():
    rows = [{"exercise": e, "status": "done" if i == 0 else "not started", "passed": 3 * (i == 0),
             "total": 3} for i, e in enumerate(catalog.EXERCISES)]
    view = display.BoardView(rows)
    assert "<table" in view._repr_html_() and "ex5_2" in view._repr_html_()
    assert str(view).startswith("dnn-kata: 1 of") and "Next: ex5_2" in str(view)


def test_hints_show_as_markdown_and_say_which_was_the_last(monkeypatch, tmp_path):
    from kata.tools import common

    monkeypatch.setattr(common, "STATE_DIR", tmp_path)
    total = hints.hint_progress(catalog.get("ex5_1"))[1]
    views = [display.hint("ex5_1") for _ in range(total + 1)]
    assert views[0]._repr_markdown_().startswith(f"**Hint 1 of {total} for ex5_1**")
    assert f"Run `kata.hint(\"ex5_1\")` again" in str(views[0])
    assert "(the last one)" in str(views[-2]) and "That was the last hint" in str(views[-2])
    assert "(the last one, shown again)" in str(views[-1])
    assert not hasattr(views[0], "_repr_html_")


# --- the notebooks themselves --------------------------------------------------------------------

def test_import_kata_stays_cheap():
    code = ("import sys, kata; heavy = [m for m in ('tensorflow', 'keras', 'IPython', 'pytest', "
            "'nbformat', 'numpy') if m in sys.modules]; print(heavy)")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


@pytest.mark.parametrize("kind", ["zip", "git"])
def test_the_setup_cell_on_colab_fetches_the_kata_and_says_what_it_does(tmp_path, kind):
    """The Colab branch of the setup cell, for real but offline: KATA_SOURCE is a local git
    repository or .zip, `google.colab` is a stand-in module, and the interpreter runs
    without site-packages (-S), where no kata is installed."""
    from kata.notebook.setup_cell import setup_cell

    source = tmp_path / "learners"
    shutil.copytree(REPO_ROOT / "kata", source / "kata", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(REPO_ROOT / "pyproject.toml", source / "pyproject.toml")
    if kind == "zip":
        address = "file://" + shutil.make_archive(str(tmp_path / "learners"), "zip", tmp_path, "learners")
    else:
        git = ["git", "-C", str(source), "-c", "user.name=k", "-c", "user.email=k@example.org"]
        for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "kata"]):
            subprocess.run(git + command, check=True, capture_output=True)
        address = source.as_uri()
    home = tmp_path / "content" / "dnn-kata"
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "pytest_timeout.py").write_text("")  # as if installed: no pip here
    (tmp_path / "site" / "google").mkdir()
    (tmp_path / "site" / "google" / "colab.py").write_text("")
    code = ("import google.colab\n" + setup_cell(address)
            .replace('KATA_HOME = "/content/dnn-kata"', f"KATA_HOME = {str(home)!r}")
            .replace("%load_ext kata", "print(kata.__file__)"))
    work = tmp_path / "notebooks"
    work.mkdir()
    run = subprocess.run([sys.executable, "-S", "-c", code], cwd=work, capture_output=True, text=True,
                         env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(tmp_path / "site")},
                         timeout=120)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == f"Downloading the kata from {address} into {home}..."
    assert lines[1].startswith(f"The kata is ready in {home}; your exercise files are in {home}/exercises")
    assert lines[2] == str(home / "kata" / "__init__.py")


def test_the_setup_cell_elsewhere_installs_nothing_and_says_what_to_do(tmp_path):
    from kata.notebook.setup_cell import setup_cell

    code = setup_cell("").replace("%load_ext kata", "")
    run = subprocess.run([sys.executable, "-S", "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, env={"PATH": os.environ.get("PATH", "")}, timeout=60)
    assert run.returncode == 1 and "The kata is not importable in this kernel" in run.stderr


def test_the_committed_notebooks_are_current():
    stale = writer.stale()
    assert not stale, f"notebooks/ is out of date: {stale}; run python -m kata.notebook.writer"


@pytest.mark.parametrize("exercise", catalog.EXERCISES, ids=lambda e: e.name)
def test_each_notebook_holds_the_task_one_kata_cell_and_the_questions(exercise):
    notebook = nbformat.read(str(writer.NOTEBOOKS / f"{exercise.name}.ipynb"), as_version=4)
    nbformat.validate(notebook)
    assert notebook.cells[0].cell_type == "code" and "%load_ext kata" in notebook.cells[0].source
    found = list(cells.kata_cells(notebook))
    assert [name for name, _, _ in found] == [exercise.name]
    assert found[0][2] == stubs.pristine(exercise)
    readme = (REPO_ROOT / "exercises" / exercise.name / "README.md").read_text()
    asked = writer.questions(next(s for s in writer.sections(readme) if s.startswith("## Think about")))
    answers = [i for i, c in enumerate(notebook.cells) if "answer" in c.metadata.get("tags", [])]
    assert len(asked) >= 2 and len(answers) == len(asked)
    for index in answers:
        assert notebook.cells[index].cell_type == "markdown" and notebook.cells[index].source == ""
        assert notebook.cells[index - 1].source.endswith(asked[answers.index(index)])


def test_kata_notebooks_writes_them_and_never_overwrites_work(tmp_path, capsys):
    from kata.tools import cli

    outdir = tmp_path / "mine"
    assert cli.main(["notebooks", str(outdir), "--source", "https://example.org/kata.zip"]) == 0
    assert sorted(p.name for p in outdir.iterdir()) == sorted(f"{e.name}.ipynb" for e in catalog.EXERCISES)
    setup = nbformat.read(str(outdir / "ex5_1.ipynb"), as_version=4).cells[0].source
    assert 'KATA_SOURCE = "https://example.org/kata.zip"' in setup
    worked = outdir / "ex5_1.ipynb"
    worked.write_text(worked.read_text().replace("raise NotImplementedError", "return 0  #"))
    mine = worked.read_text()
    capsys.readouterr()
    assert cli.main(["notebooks", str(outdir)]) == 0  # the address they were written with stays
    said = capsys.readouterr().out
    assert f"0 written, {len(catalog.EXERCISES) - 1} already up to date, 1 kept" in said
    assert "kept ex5_1.ipynb" in said
    assert worked.read_text() == mine
