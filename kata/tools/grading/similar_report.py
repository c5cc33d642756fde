"""What ``kata similar`` writes: OUT/similar.html, the flagged pairs' code side by side
with the matching parts marked, and a section of OUT/class-report.md.

Tools side. Why a section of the class report: the instructor reads that report
before the next lecture anyway; the section says which pairs to look at, and the
HTML page shows why. The section sits between two markers, so running
``kata similar`` again replaces it, and it is added to a report ``kata grade``
wrote (or starts one when there is none yet).
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import List

from kata.tools.common import write_atomically

PAGE = "similar.html"
REPORT = "class-report.md"
BEGIN, END = "<!-- kata similar -->", "<!-- /kata similar -->"
STYLE = ("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%}"
         "td{vertical-align:top;width:50%;border:1px solid #ccc;padding:.5em}"
         "pre{white-space:pre-wrap;font-size:12px}mark{background:#fd8}")


def percent(share: float) -> str:
    return f"{100 * share:.0f} %"


def summary_lines(findings) -> List[str]:
    """One line per flagged pair, then what was compared and what was skipped."""
    lines = [f"{pair.exercise}: {pair.first} and {pair.second} alike, {percent(pair.score)} "
             f"({percent(pair.shares[0])} of {pair.first}'s code, {percent(pair.shares[1])} of "
             f"{pair.second}'s; {pair.tokens} tokens)" for pair in findings.pairs]
    compared = sum(findings.compared.values())
    lines.append(f"{len(findings.pairs)} pair{'s' if len(findings.pairs) != 1 else ''} flagged among "
                 f"{compared} module{'s' if compared != 1 else ''} changed from the stub, over "
                 f"{len(findings.compared)} exercise{'s' if len(findings.compared) != 1 else ''}.")
    lines += [f"skipped {line}" for line in findings.skipped]
    return lines


def render_page(findings, threshold: float) -> str:
    parts = [f"<!doctype html><meta charset='utf-8'><title>Similar submissions</title>"
             f"<style>{STYLE}</style><h1>Similar submissions</h1>"
             f"<p>Pairs with at least {percent(threshold)} of their code alike (after the stub's own "
             f"lines are left out, names made neutral and order ignored). Alike is not proof of "
             f"copying: read the code.</p>"]
    if not findings.pairs:
        parts.append("<p>No pair reaches the threshold.</p>")
    for pair in findings.pairs:
        names = [html.escape(pair.first), html.escape(pair.second)]
        parts.append(f"<h2>{html.escape(pair.exercise)}: {names[0]} and {names[1]}, "
                     f"{percent(pair.score)}</h2><table><tr>"
                     + "".join(f"<td><b>{name}</b> ({percent(share)} alike)<pre>{code}</pre></td>"
                               for name, share, code in zip(names, pair.shares, pair.code))
                     + "</tr></table>")
    return "\n".join(parts) + "\n"


def section(findings) -> str:
    rows = ["## Similar submissions", "",
            f"From `kata similar`; the code side by side is in [{PAGE}]({PAGE}). Alike is not proof "
            f"of copying: read the code.", ""]
    if findings.pairs:
        rows += ["| exercise | submissions | alike | tokens |", "|---|---|---|---|"]
        rows += [f"| {pair.exercise} | {pair.first}, {pair.second} | {percent(pair.score)} | "
                 f"{pair.tokens} |" for pair in findings.pairs]
    else:
        rows.append("No pair of submissions reaches the threshold.")
    rows += [f"- skipped {line}" for line in findings.skipped]
    return f"{BEGIN}\n" + "\n".join(rows) + f"\n{END}\n"


def with_section(report: str, findings) -> str:
    """``report`` with its similarity section replaced, or added at the end."""
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END) + r"\n?", re.DOTALL)
    new = section(findings)
    if pattern.search(report):
        return pattern.sub(lambda _: new, report, count=1)
    return (report.rstrip("\n") + "\n\n" if report.strip() else "") + new


def write(out: Path, findings, threshold: float) -> Path:
    page = Path(out) / PAGE
    write_atomically(page, render_page(findings, threshold))
    report = Path(out) / REPORT
    current = report.read_text(encoding="utf-8") if report.is_file() else ""
    write_atomically(report, with_section(current, findings))
    return page
