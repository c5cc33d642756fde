"""kata similar on a made-up class of bonus_metrics: two independent honest solutions, a
copy of one with every local name renamed, a copy of the other with its functions in
reverse order, and two untouched stubs. Exactly the two copies are flagged, each with
its original; the honest pair and the stubs are not. In-process: text is compared,
nothing is run."""

import ast
import io
import tokenize

import pytest

from kata import catalog
from kata.tools import cli, stubs
from kata.tools.grading import similar, similar_report
from kata.tools.runner import REPO_ROOT

pytest.importorskip("copydetect", reason='kata similar needs the "grading" extra')
pytestmark = [pytest.mark.tooling, pytest.mark.timeout(120)]

EXERCISE = catalog.get("bonus_metrics")
REFERENCE = (REPO_ROOT / "reference" / EXERCISE.filename).read_text(encoding="utf-8")
# Written apart from the reference: loops over classes, a helper of its own.
INDEPENDENT = '''"""bonus_metrics, another way."""

import numpy as np


def confusion_matrix(y_true, y_pred, num_classes=10):
    table = [[0] * num_classes for _ in range(num_classes)]
    for actual, guessed in zip(list(y_true), list(y_pred)):
        table[int(actual)][int(guessed)] = table[int(actual)][int(guessed)] + 1
    return np.array(table, dtype=int)


def accuracy(cm):
    total = 0
    right = 0
    for i, row in enumerate(np.asarray(cm)):
        total += int(sum(row))
        right += int(row[i])
    if total == 0:
        return 0.0
    return right / total


def _safe(top, bottom):
    return [t / b if b else 0.0 for t, b in zip(top, bottom)]


def precision(cm):
    m = np.asarray(cm, dtype=float)
    return np.array(_safe([m[k, k] for k in range(len(m))], list(m.sum(0))))


def recall(cm):
    m = np.asarray(cm, dtype=float)
    return np.array(_safe([m[k, k] for k in range(len(m))], list(m.sum(1))))


def f1(cm):
    scores = []
    for p, r in zip(precision(cm), recall(cm)):
        scores.append(0.0 if p + r == 0 else 2.0 * p * r / (p + r))
    return np.array(scores)
'''


def renamed(text):
    """Every argument and local variable of every function under a new name."""
    names = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef):
            names.update(arg.arg for arg in node.args.args)
            names.update(sub.id for sub in ast.walk(node)
                         if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store))
    mapping = {name: f"value_{i}" for i, name in enumerate(sorted(names))}
    tokens = [token._replace(string=mapping.get(token.string, token.string))
              if token.type == tokenize.NAME else token
              for token in tokenize.generate_tokens(io.StringIO(text).readline)]
    return tokenize.untokenize(tokens)


def reordered(text):
    """The same module with its functions in reverse order."""
    lines = text.splitlines(keepends=True)
    functions = [node for node in ast.parse(text).body if isinstance(node, ast.FunctionDef)]
    blocks = ["".join(lines[f.lineno - 1:f.end_lineno]) + "\n\n" for f in functions]
    return "".join(lines[:functions[0].lineno - 1]) + "".join(reversed(blocks))


@pytest.fixture
def klass(tmp_path):
    stub = stubs.pristine(EXERCISE)
    modules = {"ada": REFERENCE, "bob": INDEPENDENT, "cat": renamed(REFERENCE),
               "dan": reordered(INDEPENDENT), "eve": stub, "fay": stub}
    assert modules["cat"] != REFERENCE and "value_0" in modules["cat"]
    assert modules["dan"].index("def f1") < modules["dan"].index("def confusion_matrix")
    for name, text in modules.items():
        path = tmp_path / "class" / name / EXERCISE.filename
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_copies_flagged_honest_pairs_and_stubs_not(klass, capsys):
    out = klass / "grades"
    out.mkdir()
    (out / "class-report.md").write_text("# Class report\n\nGrades here.\n", encoding="utf-8")
    assert cli.main(["similar", "--class", str(klass / "class"), "--out", str(out),
                     "--exercises", EXERCISE.name]) == 0
    printed = capsys.readouterr().out
    flagged = {tuple(sorted(pair.split(" and "))) for pair in
               (line.split(": ", 1)[1].split(" alike")[0] for line in printed.splitlines()
                if line.startswith(f"{EXERCISE.name}: "))}
    assert flagged == {("ada", "cat"), ("bob", "dan")}, printed
    assert "2 pairs flagged among 4 modules" in printed  # the two stubs left out
    page = (out / "similar.html").read_text(encoding="utf-8")
    assert page.count("<h2>") == 2 and "<mark>" in page
    report = (out / "class-report.md").read_text(encoding="utf-8")
    assert report.startswith("# Class report") and "| bonus_metrics | ada, cat |" in report
    assert cli.main(["similar", "--class", str(klass / "class"), "--out", str(out),
                     "--exercises", EXERCISE.name]) == 0
    again = (out / "class-report.md").read_text(encoding="utf-8")
    assert again.count(similar_report.BEGIN) == 1 and again == report  # replaced, not repeated


def test_scores_separate_copies_from_honest_work(klass):
    sources = sorted(similar.submissions.sources_in(klass / "class"), key=lambda s: s.name)
    texts, skipped = similar.modules(sources, [EXERCISE.name])
    assert sorted(texts[EXERCISE.name]) == ["ada", "bob", "cat", "dan"] and not skipped
    everything = {(p.first, p.second): p.score
                  for p in similar.compare(EXERCISE.name, texts[EXERCISE.name], threshold=0.01)}
    assert everything[("ada", "cat")] > 0.9 and everything[("bob", "dan")] > 0.8
    assert everything.get(("ada", "bob"), 0) < 0.3  # honest work that converged a little


def test_bad_threshold_and_unknown_exercise(klass, capsys):
    assert cli.main(["similar", "--class", str(klass / "class"), "--threshold", "2"]) == 2
    assert "--threshold" in capsys.readouterr().err
    assert cli.main(["similar", "--class", str(klass / "class"), "--exercises", "ex9"]) == 2
    assert "unknown exercise" in capsys.readouterr().err
