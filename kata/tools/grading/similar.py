"""``kata similar --class DIR``: the pairs of submissions whose code is suspiciously alike.

Tools side; nothing here runs learner code, it only reads it as text.

Why a library: telling copies from honest work that converged is what winnowing
fingerprints (MOSS's method) do well, and ``copydetect`` implements them for
Python: it tokenizes first, so renamed variables and functions look the same,
and compares sets of fingerprints, so reordered functions match too. The
stub's fingerprints are passed as boilerplate, so that lines every learner
was given never count, and an untouched stub is left out altogether. It is an
extra (``pip install -e ".[grading]"``): learners never install it.

A pair is flagged when the larger of its two shares (the share of each file's
fingerprints found in the other) reaches ``--threshold`` (default 0.5). The
pairs go to OUT/similar.html (the matching code side by side) and to a section
of OUT/class-report.md (``similar_report``).
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

from kata import catalog
from kata.tools import stubs
from kata.tools.common import UsageError
from kata.tools.grading import submissions

THRESHOLD = 0.5
NOISE = 25  # copydetect's default k: the shortest run of tokens (as filtered text) that counts
INSTALL = 'kata similar needs copydetect, an instructors\' extra: pip install -e ".[grading]"'


@dataclass
class Pair:
    exercise: str
    first: str
    second: str
    shares: Tuple[float, float]  # of first's fingerprints found in second, and back
    tokens: int  # copydetect's count of overlapping tokens
    code: Tuple[str, str] = ("", "")  # each side as HTML, the matching parts marked

    @property
    def score(self) -> float:
        return max(self.shares)


@dataclass
class Findings:
    pairs: List[Pair] = field(default_factory=list)
    compared: Dict[str, int] = field(default_factory=dict)  # exercise -> submissions compared
    skipped: List[str] = field(default_factory=list)  # submissions that could not be read


def _detector():
    try:
        import matplotlib

        matplotlib.use("Agg")  # copydetect imports pyplot; never a window
        import copydetect
        from copydetect.utils import highlight_overlap
    except ImportError:
        raise UsageError(INSTALL) from None
    return copydetect, highlight_overlap


def modules(sources: Sequence[submissions.Source], names: Sequence[str]) -> Tuple[Dict[str, Dict[str, str]], List[str]]:
    """exercise -> submission -> its module's text, untouched stubs left out; and the
    submissions that could not be read (listed, not dropped)."""
    found: Dict[str, Dict[str, str]] = {name: {} for name in names}
    skipped = []
    for source in sources:
        try:
            files = submissions.read(source).files
        except submissions.NotASubmission as error:
            skipped.append(f"{source.name}: {error}")
            continue
        for name in names:
            exercise = catalog.get(name)
            content = files.get(exercise.filename)
            if content is None:
                continue
            try:
                text = content.decode("utf-8")
            except UnicodeDecodeError:
                skipped.append(f"{source.name}: {exercise.filename} is not UTF-8 text")
                continue
            if text.strip() != stubs.pristine(exercise).strip():
                found[name][source.name] = text
    return found, skipped


def _file_name(index: int, name: str) -> str:
    return f"{index:04d}-{re.sub(r'[^A-Za-z0-9._-]', '_', name)}.py"


def compare(exercise: str, texts: Dict[str, str], threshold: float = THRESHOLD) -> List[Pair]:
    """The flagged pairs among one exercise's modules, most alike first."""
    if len(texts) < 2:
        return []
    copydetect, highlight = _detector()
    names = sorted(texts)
    with tempfile.TemporaryDirectory(prefix="kata-similar-") as scratch:
        folder, boilerplate = Path(scratch) / "code", Path(scratch) / "stub"
        folder.mkdir()
        boilerplate.mkdir()
        (boilerplate / "stub.py").write_text(stubs.pristine(catalog.get(exercise)), encoding="utf-8")
        paths = {}
        for index, name in enumerate(names):
            paths[name] = str(folder / _file_name(index, name))
            Path(paths[name]).write_text(texts[name], encoding="utf-8")
        detector = copydetect.CopyDetector(
            test_dirs=[str(folder)], ref_dirs=[str(folder)], boilerplate_dirs=[str(boilerplate)],
            extensions=["py"], noise_t=NOISE, guarantee_t=NOISE, display_t=threshold,
            autoopen=False, silent=True)
        detector.run()
        rows = {path: i for i, path in enumerate(detector.test_files)}
        columns = {path: j for j, path in enumerate(detector.ref_files)}
        pairs = []
        for a, first in enumerate(names):
            for second in names[a + 1:]:
                i, j = rows.get(paths[first]), columns.get(paths[second])
                if i is None or j is None:
                    continue
                if max(detector.similarity_matrix[i, j]) < threshold:
                    continue
                # Once more in a fixed order (first, second): the detector's own order is a
                # set's, and its token count depends on the direction.
                tokens, shares, slices = copydetect.compare_files(
                    detector.file_data[paths[first]], detector.file_data[paths[second]])
                if max(shares) < threshold or len(slices) != 2:
                    continue
                code = tuple(highlight(detector.file_data[paths[side]].raw_code, part, "<mark>",
                                       "</mark>", escape_html=True)[0]
                             for side, part in zip((first, second), slices))
                pairs.append(Pair(exercise, first, second, (float(shares[0]), float(shares[1])),
                                  int(tokens), code))
    return sorted(pairs, key=lambda pair: -pair.score)


def find(sources: Sequence[submissions.Source], names: Sequence[str],
         threshold: float = THRESHOLD) -> Findings:
    texts, skipped = modules(sources, names)
    findings = Findings(skipped=skipped)
    for name in names:
        findings.compared[name] = len(texts[name])
        findings.pairs += compare(name, texts[name], threshold)
    return findings


def add_command(command) -> None:
    """``kata similar`` in the CLI (``command`` is the CLI's sub-command maker)."""
    similar = command("similar", command_similar,
                      "flag submissions whose code is suspiciously alike (needs dnn-kata[grading])",
                      "kata similar --class ~/submissions")
    similar.add_argument("--class", dest="class_folder", metavar="FOLDER", required=True,
                         help="every sub-folder and .zip file of FOLDER is a submission")
    similar.add_argument("--out", metavar="FOLDER", help="where similar.html goes, and the "
                         "class report it adds a section to (default grades/)")
    similar.add_argument("--exercises", metavar="LIST", help="compare only these, comma-separated "
                         "(default: all)")
    similar.add_argument("--threshold", type=float, default=THRESHOLD, metavar="SHARE",
                         help=f"flag a pair from this share of matching code on (default {THRESHOLD})")


def command_similar(args) -> int:
    from kata.tools.common import shown
    from kata.tools.grading import classrun, similar_report, suite

    if not 0 < args.threshold <= 1:
        raise UsageError(f"--threshold is a share of the code, above 0 and at most 1, not {args.threshold:g}")
    names = [n.strip() for n in (args.exercises or "").split(",") if n.strip()]
    try:
        chosen = [e.name for e in suite.selection(names)] if names else [e.name for e in catalog.EXERCISES]
    except KeyError as error:
        raise UsageError(f"unknown exercise {error}; known exercises: {', '.join(catalog.BY_NAME)}") from None
    out = classrun.prepare_out(Path(args.out or classrun.DEFAULT_OUT).expanduser())
    sources = submissions.sources_in(Path(args.class_folder).expanduser(), leave_out=[out])
    _detector()  # say what to install before reading anything
    findings = find(sources, chosen, args.threshold)
    page = similar_report.write(out, findings, args.threshold)
    print("\n".join(similar_report.summary_lines(findings)))
    print(f"Side by side: {shown(page)}; also in {shown(out / 'class-report.md')}.")
    return 0

