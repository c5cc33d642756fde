"""Gradebooks an LMS imports: ``kata grade --class DIR --roster roster.csv --export canvas|moodle``.

Tools side; works on the graded class (the entries ``classrun`` records, one per
submission, each with ``points.earned``), never on learner code.

Why a roster: a class folder names submissions by folder, zip or GitHub
Classroom repository (``assignment-login``), while an LMS knows students by
its own ids. ``roster.csv`` (a header row, UTF-8) maps one to the other::

    submission,student,id,sis_user_id,section,email,github
    ada,"Lovelace, Ada",1201,S-001,Section A,ada@example.edu,
    ,"Hopper, Grace",1202,S-002,Section A,grace@example.edu,ghopper

``submission`` is matched to the submission's name (case aside); ``github``,
when given, also matches a repository named ``ANYTHING-github``, as GitHub
Classroom names them. Other columns are optional, except what the export needs:
Canvas ``id``, Moodle ``email`` (or ``idnumber``). A submission no roster
row claims, and a roster row no submission answers, are both listed (and the
CSV has a row for the latter, its grade blank), never dropped silently.

The CSV columns are the ones each LMS documents for a grade import: Canvas,
``Student, ID, SIS User ID, Section`` then one column per assignment (here the
one assignment, named ``--assignment``, in points), under a ``Points Possible``
row as Canvas's own export has it; Moodle, an identifier column then the grade
column, both mapped when importing ("Identify user by").
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Mapping, Optional, Sequence

from kata.tools.common import UsageError, write_atomically

KINDS = ("canvas", "moodle")
DEFAULT_ASSIGNMENT = "dnn-kata"
CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "Section")
# Moodle identifies a user by one of these (the first the roster fills in), headed as
# Moodle's own export heads it.
MOODLE_IDS = (("email", "Email address"), ("idnumber", "ID number"), ("username", "Username"))


@dataclass(frozen=True)
class Student:
    row: int  # its line in roster.csv, for messages
    fields: Mapping[str, str]

    def get(self, name: str) -> str:
        return (self.fields.get(name) or "").strip()


@dataclass
class Matched:
    """The roster matched against the graded submissions."""

    pairs: List[tuple] = field(default_factory=list)  # (Student, entry or None)
    unclaimed: List[str] = field(default_factory=list)  # submissions no roster row names

    @property
    def absent(self) -> List[Student]:
        return [student for student, entry in self.pairs if entry is None]


def add_arguments(parser) -> None:
    """The options of ``kata grade`` that export a gradebook (kept here, beside their use)."""
    parser.add_argument("--roster", metavar="CSV", help="a class: the students, mapping submission "
                        "names to LMS ids (columns submission, student, id, sis_user_id, section, "
                        "email, github)")
    parser.add_argument("--export", choices=KINDS, help="a class, with --roster: also write "
                        "OUT/canvas.csv or OUT/moodle.csv, for the LMS's grade import")
    parser.add_argument("--assignment", default=DEFAULT_ASSIGNMENT, help="the assignment's name "
                        f"in the LMS, the grade column's heading (default {DEFAULT_ASSIGNMENT})")


def read_roster(path: Path, kind: str) -> List[Student]:
    """The roster's rows; UsageError, naming the line, for what the export cannot use."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"{path}: no such roster file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: not a readable UTF-8 CSV file ({error})") from None
    reader = csv.DictReader(io.StringIO(text))
    columns = {(name or "").strip().lower() for name in reader.fieldnames or ()}
    if not {"submission", "github"} & columns:
        raise UsageError(f"{path}: the roster needs a header row with a 'submission' column (or "
                         f"'github'), to find each student's submission")
    students = []
    for number, row in enumerate(reader, start=2):
        clean = {(key or "").strip().lower(): (value or "").strip() for key, value in row.items()
                 if isinstance(value, str)}
        student = Student(number, clean)
        if not (student.get("submission") or student.get("github")):
            raise UsageError(f"{path}, line {number}: neither 'submission' nor 'github' is filled in")
        if kind == "canvas" and not student.get("id"):
            raise UsageError(f"{path}, line {number}: Canvas matches students by its ID; the 'id' "
                             f"column is empty")
        if kind == "moodle" and not any(student.get(key) for key, _ in MOODLE_IDS):
            raise UsageError(f"{path}, line {number}: Moodle matches students by email, ID number "
                             f"or username; none is filled in")
        students.append(student)
    if kind == "moodle" and students and moodle_key(students) is None:
        raise UsageError(f"{path}: Moodle needs one identifier for every student: fill in 'email' "
                         f"(or 'idnumber', or 'username') on every row")
    return students


def moodle_key(students: Sequence[Student]) -> Optional[tuple]:
    """The roster column (and Moodle's heading for it) that every student fills in."""
    return next(((key, heading) for key, heading in MOODLE_IDS
                 if all(student.get(key) for student in students)), None)


def match(students: Sequence[Student], entries: Mapping[str, dict]) -> Matched:
    """Each student with its submission's entry (None when there is none), and the
    submissions no student claims."""
    by_name = {name.lower(): name for name in entries}
    claimed = set()
    result = Matched()
    for student in students:
        name = by_name.get(student.get("submission").lower()) if student.get("submission") else None
        login = student.get("github").lower()
        if name is None and login:
            found = [n for key, n in by_name.items() if key.endswith(f"-{login}") or key == login]
            name = found[0] if len(found) == 1 else None
        if name is not None:
            claimed.add(name)
        result.pairs.append((student, entries[name] if name is not None else None))
    result.unclaimed = sorted(set(entries) - claimed)
    return result


def _points(entry: Optional[dict]) -> str:
    if entry is None:
        return ""
    value = round(float(entry.get("points", {}).get("earned", 0.0)), 2)
    return f"{value:g}"


def render(kind: str, matched: Matched, possible: float, assignment: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if kind == "canvas":
        writer.writerow([*CANVAS_COLUMNS, assignment])
        writer.writerow(["Points Possible", "", "", "", f"{possible:g}"])
        for student, entry in matched.pairs:
            writer.writerow([student.get("student"), student.get("id"), student.get("sis_user_id"),
                             student.get("section"), _points(entry)])
        return buffer.getvalue()
    key, heading = moodle_key([student for student, _ in matched.pairs]) or MOODLE_IDS[0]
    writer.writerow([heading, assignment])
    for student, entry in matched.pairs:
        writer.writerow([student.get(key), _points(entry)])
    return buffer.getvalue()


def export(kind: str, roster: Sequence[Student], entries: Mapping[str, dict], possible: float,
           out: Path, assignment: str = DEFAULT_ASSIGNMENT) -> tuple:
    """Write ``out/KIND.csv``; return its path and the matching (for the listing)."""
    matched = match(roster, entries)
    path = Path(out) / f"{kind}.csv"
    write_atomically(path, render(kind, matched, possible, assignment))
    return path, matched


def listing(matched: Matched) -> List[str]:
    """The lines that tell what did not match, one per submission or student."""
    lines = [f"  submission {name}: no roster row names it; not in the export"
             for name in matched.unclaimed]
    lines += [f"  {student.get('student') or student.get('submission') or student.get('github')} "
              f"(roster line {student.row}): no submission found; grade left blank"
              for student in matched.absent]
    return lines

