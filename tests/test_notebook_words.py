"""What a notebook shows, without a kernel: commands as a notebook calls them, a passing
cell that was not saved, messages that wrap at spaces, and a setup cell that stays out of
the way."""

import json

import pytest

from kata import catalog
from kata.notebook import cells, display
from kata.notebook.setup_cell import setup_cell
from kata.outcomes import Outcome
from kata.tools import check, stubs
from kata.tools.runner import REPO_ROOT

pytestmark = [pytest.mark.tooling, pytest.mark.timeout(60)]

EX5_1 = catalog.get("ex5_1")
CONCEPT = ("relu must take an array as well as a number. `kata hint ex5_1` shows a way; "
           "finish ex5_2 first: pytest exercises/ex5_2")


def failing():
    outcome = Outcome("ex5_1", "test_relu", "test_relu[0]", "failed", f"Failed: ex5_1 `relu`: {CONCEPT}", 0.1)
    return check.Verdict(EX5_1, (outcome,), hints_total=4)


def test_messages_name_the_notebook_s_commands_not_the_shell_s():
    view = display.VerdictView(failing())
    for shown in (view.text(), view.html()):
        assert "kata hint" not in shown and "pytest exercises" not in shown, shown
        assert 'kata.hint("ex5_1")' in shown.replace("&quot;", '"') and \
            'kata.check("ex5_2")' in shown.replace("&quot;", '"'), shown
    assert display.in_notebook_terms("`kata hint ex5_1 --all`") == '`kata.hint("ex5_1", all=True)`'
    assert display.in_notebook_terms("`pytest exercises/ex5_7 exercises/ex5_8 --full`") == \
        "`pytest exercises/ex5_7 exercises/ex5_8 --full`"  # not one exercise's check: left alone


def test_a_passing_cell_not_saved_says_the_board_counts_the_file(tmp_path):
    passed = check.Verdict(EX5_1, (Outcome("ex5_1", "t", "t", "passed", "", 0.1),))
    unsaved = display.VerdictView(passed, phrasing=display.unsaved(EX5_1))
    for shown in (unsaved.text(), unsaved.html()):
        assert "%%kata ex5_1 --save" in shown and "exercises/ex5_1/forward.py" in shown
    assert "--save" not in display.VerdictView(passed).text()
    (tmp_path / "ex5_1").mkdir()
    (tmp_path / EX5_1.filename).write_text("x = 1\n")
    assert cells.is_saved(tmp_path, EX5_1, "x = 1\n") and not cells.is_saved(tmp_path, EX5_1, "x = 2\n")
    assert not cells.is_saved(tmp_path / "nowhere", EX5_1, "x = 1\n")


def test_the_message_box_wraps_at_spaces():
    page = display.VerdictView(failing()).html()
    assert page.count("word-break: normal") == 1 and "overflow-wrap: break-word" in page
    assert "white-space: pre-wrap" in page


def test_the_setup_cell_is_short_and_folded():
    assert len(setup_cell("").splitlines()) <= 50
    for exercise in catalog.EXERCISES:
        notebook = json.loads((REPO_ROOT / "notebooks" / f"{exercise.name}.ipynb").read_text())
        metadata = notebook["cells"][0]["metadata"]
        assert metadata["jupyter"] == {"source_hidden": True} and metadata["cellView"] == "form"


@pytest.mark.parametrize("exercise", catalog.EXERCISES, ids=lambda e: e.name)
def test_a_stub_s_docstring_fits_a_terminal_and_a_notebook(exercise):
    docstring = stubs.pristine(exercise).split('"""')[1]
    assert f"kata check {exercise.name}" in docstring and "run this cell" in docstring
    assert "pytest exercises" not in docstring
