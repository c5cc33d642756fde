"""What a new user types: `kata board`, exercise names as the titles write them, and a
reset that asks. In-process (``cli.main``), on a temporary folder: nothing here starts pytest."""

import builtins
import re

import pytest

from kata import catalog
from kata.tools import cli, stubs
from kata.tools.grading import config

pytestmark = [pytest.mark.tooling, pytest.mark.timeout(60)]


def test_board_is_the_board(monkeypatch):
    shown = []
    monkeypatch.setattr(cli, "command_list", lambda args: shown.append(args.command) or 0)
    assert cli.main(["board"]) == 0 and cli.main(["list"]) == 0 and cli.main([]) == 0
    assert len(shown) == 3
    assert "list (board)" in cli.parser().format_help()


@pytest.mark.parametrize("spelling", ["ex5_1", "ex5-1", "EX5-1", " ex5-1 ", "5-1", "5_1"])
def test_an_exercise_is_named_as_its_folder_or_as_its_title(spelling):
    assert catalog.get(spelling).name == "ex5_1"


def test_other_spellings_of_other_exercises_and_unknown_names():
    assert catalog.get("bonus-depth").name == "bonus_depth"
    assert catalog.get("ex5-8").name == "ex5_8"
    with pytest.raises(KeyError, match="unknown exercise 'ex9-9'"):
        catalog.get("ex9-9")


def test_every_command_that_parses_a_name_takes_the_titles_spelling(monkeypatch, capsys, tmp_path):
    from kata.tools import hints

    monkeypatch.setattr(hints, "load_state", lambda name: {})
    monkeypatch.setattr(hints, "save_state", lambda name, state: None)
    assert cli.main(["hint", "ex5-2"]) == 0
    assert re.search(r"Hint 1 of \d+ for ex5_2", capsys.readouterr().out)
    # class grading: --exercises and grading.toml's [points]
    assert list(config.GradingConfig().narrowed(["ex5-1", "ex5_3"]).points) == ["ex5_1", "ex5_3"]
    parsed = config.parse({"points": {"ex5-2": 2, "ex5_1": 1}}, tmp_path / "grading.toml")
    assert parsed.points == {"ex5_1": 1.0, "ex5_2": 2.0}


@pytest.fixture
def checkout(tmp_path, monkeypatch):
    """A folder with the exercises' stubs, where `kata reset` works instead of the real one."""
    root = tmp_path / "repo"
    exercises = root / "exercises"
    for exercise in catalog.EXERCISES:
        (exercises / exercise.filename).parent.mkdir(parents=True)
        (exercises / exercise.filename).write_text(stubs.pristine(exercise))
    monkeypatch.setattr(cli, "REPO_ROOT", root)
    monkeypatch.setattr(cli, "EXERCISES", exercises)
    return root


def answering(monkeypatch, answer):
    def ask(prompt):
        print(prompt)
        if answer is None:
            raise EOFError  # no terminal: stdin closed
        return answer

    monkeypatch.setattr(builtins, "input", ask)


@pytest.mark.parametrize("answer", ["n", "", None], ids=["no", "enter", "no-terminal"])
def test_declining_a_reset_changes_nothing_and_is_no_failure(checkout, monkeypatch, capsys, answer):
    module = checkout / "exercises" / "ex5_1" / "forward.py"
    module.write_text("# my work\n")
    answering(monkeypatch, answer)
    assert cli.main(["reset", "ex5-1"]) == 0  # exit 1 is for failing tests
    out = capsys.readouterr().out
    assert "Reset it? [y/N]" in out and "Nothing changed" in out and "--yes" in out
    assert module.read_text() == "# my work\n" and not (checkout / "backups").exists()


@pytest.mark.parametrize("args, answer", [(["reset", "ex5_1", "--yes"], None), (["reset", "ex5_1"], "y")])
def test_yes_or_y_resets_and_keeps_a_backup(checkout, monkeypatch, capsys, args, answer):
    module = checkout / "exercises" / "ex5_1" / "forward.py"
    module.write_text("# my work\n")
    answering(monkeypatch, answer)
    assert cli.main(args) == 0
    assert module.read_text() == stubs.pristine(catalog.get("ex5_1"))
    assert [b.read_text() for b in (checkout / "backups" / "ex5_1").iterdir()] == ["# my work\n"]
    assert ("Reset it?" in capsys.readouterr().out) == (answer is not None)


def test_reset_help_says_that_it_asks_and_how_not_to(capsys):
    with pytest.raises(SystemExit):
        cli.main(["reset", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "Reset it? [y/N]" in text and "--yes" in text and "exits 0" in text


def test_the_readme_names_the_board_command_and_the_reset_question():
    readme = (cli.REPO_ROOT / "README.md").read_text()
    assert "kata board" in readme and "--yes" in readme and "ex5-1" in readme
