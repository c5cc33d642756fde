"""Gradebooks for an LMS (kata/tools/grading/lms.py): the roster, the Canvas and Moodle
CSV columns, and the unmatched listed on both sides. In-process, on a made-up graded
class (grading itself is replaced by canned reports): no submission is run."""

import csv
import io

import pytest

from kata.tools import cli
from kata.tools.common import UsageError
from kata.tools.grading import lms, submissions, suite

pytestmark = [pytest.mark.tooling, pytest.mark.timeout(60)]

ROSTER = """submission,student,id,sis_user_id,section,email,github
ada,"Lovelace, Ada",1201,S-001,Section A,ada@example.edu,
,"Hopper, Grace",1202,S-002,Section B,grace@example.edu,ghopper
ALAN,"Turing, Alan",1203,S-003,Section A,alan@example.edu,
nobody,"Absent, Ann",1204,S-004,Section B,ann@example.edu,
"""


def entry(earned):
    return {"status": "ok", "points": {"earned": earned, "possible": 15.0}, "exercises": []}


CLASS = {"ada": entry(15.0), "lab1-ghopper": entry(7.5), "alan": entry(10.0), "stray": entry(3.0)}


def rows(text):
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def roster(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER, encoding="utf-8")
    return path


def test_canvas_columns_points_and_unmatched_both_ways(tmp_path, roster):
    path, matched = lms.export("canvas", lms.read_roster(roster, "canvas"), CLASS, 15.0, tmp_path,
                               "Lab 1")
    table = rows(path.read_text(encoding="utf-8"))
    assert table[0] == ["Student", "ID", "SIS User ID", "Section", "Lab 1"]
    assert table[1] == ["Points Possible", "", "", "", "15"]
    assert table[2:] == [["Lovelace, Ada", "1201", "S-001", "Section A", "15"],
                         ["Hopper, Grace", "1202", "S-002", "Section B", "7.5"],  # GitHub Classroom repo
                         ["Turing, Alan", "1203", "S-003", "Section A", "10"],  # case aside
                         ["Absent, Ann", "1204", "S-004", "Section B", ""]]
    assert matched.unclaimed == ["stray"]
    lines = lms.listing(matched)
    assert any("stray" in line and "no roster row" in line for line in lines)
    assert any("Absent, Ann" in line and "line 5" in line and "no submission" in line for line in lines)
    assert not list(tmp_path.glob(".canvas.csv.*"))  # written through a temporary file


def test_moodle_identifier_then_grade(tmp_path, roster):
    path, _ = lms.export("moodle", lms.read_roster(roster, "moodle"), CLASS, 15.0, tmp_path)
    assert rows(path.read_text(encoding="utf-8")) == [
        ["Email address", "dnn-kata"], ["ada@example.edu", "15"], ["grace@example.edu", "7.5"],
        ["alan@example.edu", "10"], ["ann@example.edu", ""]]


def test_moodle_falls_back_to_id_number(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("submission,idnumber\nada,A1\n", encoding="utf-8")
    out, _ = lms.export("moodle", lms.read_roster(path, "moodle"), CLASS, 15.0, tmp_path)
    assert rows(out.read_text(encoding="utf-8")) == [["ID number", "dnn-kata"], ["A1", "15"]]


@pytest.mark.parametrize("text, kind, expected", [
    ("name\nada\n", "canvas", "'submission' column"),
    ("submission,id\n,1\n", "canvas", "line 2: neither"),
    ("submission,id\nada,\n", "canvas", "'id' column is empty"),
    ("submission,email\nada,\n", "moodle", "none is filled in"),
    ("submission,email,idnumber\nada,a@x,\nbob,,B2\n", "moodle", "every row"),
])
def test_rosters_the_export_cannot_use(tmp_path, text, kind, expected):
    path = tmp_path / "r.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError, match=expected):
        lms.read_roster(path, kind)


def test_missing_roster_and_lone_options_are_usage_errors(tmp_path, capsys, roster):
    (tmp_path / "class" / "ada" / "ex5_1").mkdir(parents=True)
    (tmp_path / "class" / "ada" / "ex5_1" / "forward.py").write_text("")
    folder = str(tmp_path / "class")
    assert cli.main(["grade", "--class", folder, "--roster", str(roster)]) == 2
    assert "--roster and --export go together" in capsys.readouterr().err
    assert cli.main(["grade", "--class", folder, "--roster", str(tmp_path / "no.csv"),
                     "--export", "canvas", "--out", str(tmp_path / "g")]) == 2
    assert "no such roster file" in capsys.readouterr().err


def test_kata_grade_class_writes_the_export(tmp_path, capsys, roster, monkeypatch):
    """The whole command, with grading replaced by canned reports."""
    for name in ("ada", "stray"):
        (tmp_path / "class" / name / "ex5_1").mkdir(parents=True)
        (tmp_path / "class" / name / "ex5_1" / "forward.py").write_text(f"# {name}\n")
    monkeypatch.setattr(suite, "expected_tests", lambda names, root=None: {n: ["t"] for n in names})
    monkeypatch.setattr(suite, "fingerprint", lambda names, root=None: "f")

    def graded(snapshot, label, timeout, names):
        return {"solutions": label, "status": "ok", "reason": "", "exercises": [
            {"exercise": n, "passed": 1, "failed": 0, "seconds": 0.0, "failures": [], "status": "ok",
             "reason": ""} for n in names]}

    monkeypatch.setattr(submissions, "grade_snapshot", graded)
    out = tmp_path / "grades"
    code = cli.main(["grade", "--class", str(tmp_path / "class"), "--exercises", "ex5_1", "--jobs", "1",
                     "--out", str(out), "--roster", str(roster), "--export", "canvas"])
    printed = capsys.readouterr().out
    assert code == 0, printed
    table = rows((out / "canvas.csv").read_text(encoding="utf-8"))
    assert table[2][:1] + table[2][4:] == ["Lovelace, Ada", "1"] and table[1][4] == "1"
    assert "submission stray: no roster row" in printed and "Hopper, Grace" in printed
