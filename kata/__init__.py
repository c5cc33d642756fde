"""dnn-kata helpers shared by the exercise tests, the maintainers' tests and the CLI.

Nothing in here is an exercise: learners never need to edit this package.

In a notebook (Jupyter, JupyterLab, VS Code, Colab)::

    import kata
    kata.check("ex5_4")   # that exercise's tests, in a fresh process; the verdict under the cell
    kata.hint("ex5_4")    # one more hint each call (all=True: every hint)
    kata.board()          # every exercise, its status, what comes next
    kata.show("ex5_4")    # pictures of what your network does (also `kata show ex5_4`)

    %load_ext kata        # then a cell that starts with `%%kata ex5_4` holds that module

``import kata`` stays cheap: TensorFlow, IPython and pytest are imported only
when one of these is called (the exercises' tests import this package too).
"""

from typing import Optional

__version__ = "0.1.0"


def check(exercise: str, quick: bool = False, timeout: Optional[float] = None):
    """Run ``exercise``'s tests on your module in exercises/, in a fresh process, and show
    what passes and the first thing to fix. ``quick``: leave out the tests that train."""
    from kata.notebook.display import check as shown

    return shown(exercise, quick=quick, timeout=timeout)


def hint(exercise: str, all: bool = False):  # noqa: A002 (the command line's --all)
    """The next hint for ``exercise`` (``all=True``: every hint), as ``kata hint`` gives it."""
    from kata.notebook.display import hint as shown

    return shown(exercise, all=all)


def board():
    """Every exercise, its status (from its quick tests) and what comes next."""
    from kata.notebook.display import board as shown

    return shown()


def show(exercise: str):
    """Pictures of what ``exercise``'s network does, drawn from your module in exercises/
    (in a fresh process) and shown under the cell; also saved in kata-plots/."""
    from kata.notebook.pictures import show as shown

    return shown(exercise)


def load_ipython_extension(ipython) -> None:
    """``%load_ext kata``: registers the ``%%kata`` cell magic."""
    from kata.notebook.magic import load_ipython_extension as load

    load(ipython)
