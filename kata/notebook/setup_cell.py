"""The first cell of every generated notebook: the kata importable, ``import kata``, ``%load_ext kata``.

It must work before the kata can be imported, so it is plain code in the
notebook, written here once. It says what it does at each step:

- where ``import kata`` already works (a clone installed with
  ``pip install -e ".[notebook]"``), it changes nothing and says so;
- in a notebook inside a clone's ``notebooks/`` folder, it uses that clone;
- on Google Colab, it downloads the kata from ``KATA_SOURCE`` (a git URL, or a
  URL of a ``.zip`` of the kata) into ``/content/dnn-kata`` and installs
  pytest-timeout if it is missing; Colab's own NumPy, TensorFlow, Keras,
  matplotlib and pytest are used as they are;
- anywhere else it installs nothing and says what to do.

It is folded where the front end allows (Colab shows it as its title, a form;
JupyterLab, Notebook 7 and VS Code hide its code, ``source_hidden``), so a learner
sees its title and the lines it prints; a click opens it.

``KATA_SOURCE`` is empty unless the notebooks were written with
``kata notebooks --source URL`` (or ``kata release OUTDIR --source URL``).
On the tools' side: no learner code here.
"""

from __future__ import annotations

import json

TEMPLATE = '''\
#@title Setup (run it first): the kata importable here, and its %%kata cell magic loaded
# In the kata's folder it uses the kata there; on Colab it fetches it from KATA_SOURCE.
KATA_SOURCE = @SOURCE@  #@param {type:"string"}
KATA_HOME = "/content/dnn-kata"
import importlib.util, os, subprocess, sys


def _make_kata_importable():
    spec = importlib.util.find_spec("kata")
    if spec is not None:
        folder = os.path.dirname(os.path.dirname(spec.origin))
        return print(f"The kata in {folder} is already importable: nothing to set up.")
    above = os.path.abspath("..")
    if os.path.isfile(os.path.join(above, "kata", "__init__.py")):
        sys.path.insert(0, above)
        return print(f"Using the kata in {above}, the folder above this notebook.")
    if "google.colab" not in sys.modules:
        raise RuntimeError("The kata is not importable in this kernel: start Jupyter in the "
                           "kata's folder, from the environment where you ran "
                           "pip install -e \\".[notebook]\\"")
    if not os.path.isdir(KATA_HOME):
        if not KATA_SOURCE:
            raise RuntimeError("Set KATA_SOURCE at the top of this cell to the kata's address "
                               "(your instructor has it), then run the cell again.")
        print(f"Downloading the kata from {KATA_SOURCE} into {KATA_HOME}...")
        if KATA_SOURCE.endswith(".zip"):
            import shutil, tempfile, urllib.request, zipfile
            with tempfile.TemporaryDirectory() as scratch:
                urllib.request.urlretrieve(KATA_SOURCE, os.path.join(scratch, "kata.zip"))
                zipfile.ZipFile(os.path.join(scratch, "kata.zip")).extractall(scratch)
                top = next(root for root, _, files in os.walk(scratch) if "pyproject.toml" in files)
                shutil.move(top, KATA_HOME)
        else:
            subprocess.run(["git", "clone", "--quiet", "--depth", "1", KATA_SOURCE, KATA_HOME], check=True)
    if importlib.util.find_spec("pytest_timeout") is None:
        print("Installing pytest and pytest-timeout with pip...")
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "pytest>=8",
                        "pytest-timeout>=2.1"], check=True)
    sys.path.insert(0, KATA_HOME)
    print(f"The kata is ready in {KATA_HOME}; your exercise files are in {KATA_HOME}/exercises "
          f"(they last as long as this Colab session: your notebook keeps your code).")


_make_kata_importable()
import kata  # kata.check("ex5_1"), kata.hint("ex5_1"), kata.board()
%load_ext kata'''


def setup_cell(source: str = "") -> str:
    """The setup cell's code, with ``source`` as ``KATA_SOURCE``."""
    return TEMPLATE.replace("@SOURCE@", json.dumps(source))
