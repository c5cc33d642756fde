"""Verdicts, hints and the board as notebook output.

Each view is an object that IPython displays: HTML in Jupyter, JupyterLab,
VS Code and Colab (``_repr_html_``; hints as Markdown, ``_repr_markdown_``),
plain text everywhere else (``__repr__``, ``_repr_pretty_``, ``str``). The words
come from the same functions as the command line's (``kata.tools.check``,
``hints``, ``board``); only the spelling of commands differs (``kata.hint("ex5_1")``
rather than ``kata hint ex5_1``). Text that comes from a test run is escaped
with ``html.escape`` before it goes into the HTML.

On the tools' side: :func:`check` runs the judge in a fresh pytest process;
nothing here imports learner code.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from string import Template
from typing import List, Optional, Sequence

from kata.tools import check as checking
from kata.tools.check import NOTEBOOK, Phrasing, Verdict

GREEN, RED, AMBER, GREY = "#1a7f37", "#cf222e", "#9a6700", "#6e7781"
STATUS_COLOURS = {"done": GREEN, "in progress": AMBER, "not started": GREY}


class View:
    """Shown as :meth:`text` wherever there is no richer form."""

    def text(self) -> str:
        raise NotImplementedError

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return self.text()

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(self.text())


class HtmlView(View):
    """Shown as :meth:`html` where the front end renders HTML."""

    def html(self) -> str:
        raise NotImplementedError

    def _repr_html_(self) -> str:
        return self.html()


def inline(text: str) -> str:
    """Escape ``text`` for HTML, then show its `backquoted` parts as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


VERDICT = Template("""\
<div class="kata-verdict" style="border-left: 4px solid $colour; padding: 0.3em 0.9em; \
margin: 0.4em 0; line-height: 1.45">
<div style="font-weight: 600; color: $colour">$headline</div>
$body</div>""")
TALLY = Template('<li><span style="color: $colour">$mark</span> <code>$test</code> '
                 '<span style="opacity: 0.7">$passed of $total</span></li>')
# Long lines wrap at spaces; a word breaks only when it is wider than the box. (Jupyter's own
# style for output breaks anywhere, "one el|ement", unless told otherwise.)
WRAP = "white-space: pre-wrap; word-break: normal; overflow-wrap: break-word"
FAILURE = Template(f"""\
<div style="margin-top: 0.5em">First thing to fix (<code>$case</code>):</div>
<pre style="{WRAP}; margin: 0.3em 0; padding: 0.5em 0.7em; \
border: 1px solid rgba(127, 127, 127, 0.35); border-radius: 4px">$message</pre>""")
LINE = Template('<div style="margin-top: 0.3em$style">$text</div>')


# The shell's commands, as a notebook spells them: messages written for both point here.
IN_NOTEBOOK_TERMS = (
    (re.compile(r"`kata hint (\w+) --all`"), r'`kata.hint("\1", all=True)`'),
    (re.compile(r"`kata hint (\w+)`"), r'`kata.hint("\1")`'),
    (re.compile(r"`(?:kata check |pytest exercises/)(\w+)`"), r'`kata.check("\1")`'),
    (re.compile(r"\b(?:kata check |pytest exercises/)(\w+)(?=[).,;]|$)", re.MULTILINE), r'`kata.check("\1")`'),
)


def in_notebook_terms(text: str) -> str:
    """``text`` with the shell's `kata hint ex5_1` as `kata.hint("ex5_1")`, and so on."""
    for pattern, replacement in IN_NOTEBOOK_TERMS:
        text = pattern.sub(replacement, text)
    return text


def unsaved(exercise) -> Phrasing:
    """The notebook's words for a cell that passes but was not saved: the board counts
    the files in exercises/, so it says how to get the cell there."""
    return replace(NOTEBOOK, done=f"Done in this cell. The board counts exercises/{exercise.filename}: "
                                  f"run the cell as `%%kata {exercise.name} --save` to write it there, "
                                  f"then `kata.board()` shows what comes next.")


class VerdictView(HtmlView):
    """One exercise's verdict; ``notes`` follow it (where a cell was saved). Commands in
    the tests' messages are spelled as a notebook calls them."""

    def __init__(self, verdict: Verdict, notes: Sequence[str] = (), phrasing: Phrasing = NOTEBOOK):
        self.verdict = replace(verdict, problem=in_notebook_terms(verdict.problem),
                               details=in_notebook_terms(verdict.details),
                               outcomes=tuple(replace(o, message=in_notebook_terms(o.message))
                                              for o in verdict.outcomes))
        self.notes = tuple(notes)
        self.phrasing = phrasing

    def text(self) -> str:
        return "\n".join([checking.verdict_text(self.verdict, self.phrasing), *self.notes])

    def html(self) -> str:
        verdict = self.verdict
        name = verdict.exercise.name
        body: List[str] = []
        if verdict.problem:
            if verdict.details:
                body.append(f"<pre style=\"{WRAP}\">{html.escape(verdict.details)}</pre>")
        elif verdict.ok:
            body += [LINE.substitute(style="", text=inline(line))
                     for line in (checking.quick_note(verdict), self.phrasing.done) if line]
        else:
            items = [TALLY.substitute(colour=GREEN if t.passed == t.total else RED,
                                      mark="✓" if t.passed == t.total else "✗",
                                      test=html.escape(t.test), passed=t.passed, total=t.total)
                     for t in verdict.tallies()]
            body.append('<ul style="list-style: none; padding-left: 0.2em; margin: 0.4em 0">'
                        + "".join(items) + "</ul>")
            first = verdict.first_failure
            body.append(FAILURE.substitute(case=html.escape(first.case),
                                           message=html.escape(checking.failure_message(first))))
            advice = checking.hint_advice(verdict, self.phrasing)
            if advice:
                body.append(LINE.substitute(style="", text=inline(advice)))
        body += [LINE.substitute(style="; opacity: 0.75", text=inline(note)) for note in self.notes]
        return VERDICT.substitute(colour=GREEN if verdict.ok else AMBER if verdict.setup else RED,
                                  headline=inline(checking.headline(verdict, self.phrasing)),
                                  body="\n".join(body) + ("\n" if body else ""))


class StatusView(HtmlView):
    """A line that says what is running; replaced by the verdict when it is done."""

    def __init__(self, message: str):
        self.message = message

    def text(self) -> str:
        return self.message

    def html(self) -> str:
        return f'<div style="opacity: 0.75; font-style: italic">{html.escape(self.message)}</div>'


class HintView(View):
    """Hints are Markdown (they hold code), so they are shown as Markdown."""

    def __init__(self, hints, closing: str = ""):
        self.hints = list(hints)
        self.closing = closing

    def text(self) -> str:
        parts = [f"{hint.heading()}:\n{hint.text}" for hint in self.hints]
        return "\n\n".join(parts + ([self.closing] if self.closing else []))

    def _repr_markdown_(self) -> str:
        parts = [f"**{hint.heading()}**\n\n{hint.text}" for hint in self.hints]
        return "\n\n".join(parts + ([f"*{self.closing}*"] if self.closing else []))


BOARD = Template("""\
<div class="kata-board" style="line-height: 1.45">
<div style="font-weight: 600">$summary</div>
<table style="margin: 0.4em 0">
<thead><tr><th style="text-align: left">exercise</th><th style="text-align: left">topic</th>\
<th style="text-align: left">status</th><th style="text-align: right">tests</th></tr></thead>
<tbody>
$rows
</tbody>
</table>
<div>$next</div>
</div>""")
BOARD_ROW = Template('<tr><td><code>$name</code></td><td style="text-align: left">$title</td>'
                     '<td style="text-align: left; color: $colour">$status</td>'
                     '<td style="text-align: right">$passed/$total</td></tr>')


def notebook_next_step(rows) -> str:
    from kata.tools.board import next_exercise

    upcoming = next_exercise(rows)
    if upcoming is None:
        return "Everything passes its quick tests. Well done."
    return (f"Next: {upcoming.name} ({upcoming.title}): open `notebooks/{upcoming.name}.ipynb`, "
            f"or check it with `kata.check(\"{upcoming.name}\")`.")


class BoardView(HtmlView):
    def __init__(self, rows):
        self.rows = rows

    def text(self) -> str:
        from kata.tools.board import board_lines, summary

        return "\n".join([summary(self.rows, "`kata.check`"), "", *board_lines(self.rows, colour=False),
                          "", notebook_next_step(self.rows)])

    def html(self) -> str:
        from kata.tools.board import summary

        rows = [BOARD_ROW.substitute(name=html.escape(row["exercise"].name),
                                     title=html.escape(row["exercise"].title),
                                     colour=STATUS_COLOURS.get(row["status"], "inherit"),
                                     status=html.escape(row["status"]), passed=row["passed"],
                                     total=row["total"]) for row in self.rows]
        return BOARD.substitute(summary=inline(summary(self.rows, "`kata.check`")), rows="\n".join(rows),
                                next=inline(notebook_next_step(self.rows)))


# --- what ``import kata`` offers (see kata/__init__.py) ------------------------------------

def check(exercise: str, quick: bool = False, timeout: Optional[float] = None) -> VerdictView:
    """Run ``exercise``'s tests on the learner's module in exercises/, in a fresh process."""
    from kata.tools.common import exercise_named

    chosen = exercise_named(exercise)
    limit = checking.default_timeout(chosen) if timeout is None else timeout
    return VerdictView(checking.judge(chosen, quick=quick, timeout=limit))


def hint(exercise: str, all: bool = False) -> HintView:  # noqa: A002 (the CLI's --all)
    from kata.tools import hints
    from kata.tools.common import exercise_named

    chosen = exercise_named(exercise)
    shown = hints.take_hints(chosen, everything=all)
    closing = "" if all else hints.closing_line(shown[0], f'`kata.hint("{chosen.name}")`')
    return HintView(shown, closing)


def board() -> BoardView:
    from kata.tools.board import board as rows

    return BoardView(rows())
