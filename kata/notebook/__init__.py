"""The kata in Jupyter and Colab: verdicts, hints and the board under a cell,
the ``%%kata`` cell magic, and the notebooks that ``kata notebooks`` writes.

Everything here is on the tools' side. A verdict always comes from the judge
in a fresh pytest process (``kata.tools.runner``), never from the kernel: the
kernel runs a ``%%kata`` cell only as a normal cell (so its functions can be
tried afterwards), and nothing in this package imports learner code into the
path that decides a verdict.

IPython and nbformat are imported by the modules that need them, never by
``import kata``: the exercises' own tests must not pay for them.
"""
