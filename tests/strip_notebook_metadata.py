"""Remove volatile metadata from notebooks, keeping their outputs.

Used by `make notebooks` after re-executing them: execution timestamps and
collapsed/scrolled view state change on every run and would make every diff noisy.
The kernelspec is set to the standard "python3" they were just run with, so they
open with the environment's own kernel anywhere (JupyterLab, nbval, Binder).

    python tests/strip_notebook_metadata.py notebooks/*.ipynb
"""

import sys

import nbformat

VOLATILE_CELL_KEYS = ("execution", "ExecuteTime", "collapsed", "scrolled")
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def strip(path: str) -> bool:
    """Strip one notebook in place; return True if it changed."""
    nb = nbformat.read(path, as_version=4)
    before = nbformat.writes(nb)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    for cell in nb.cells:
        for key in VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)
    after = nbformat.writes(nb)
    if after != before:
        nbformat.write(nb, path)
    return after != before


if __name__ == "__main__":
    for notebook in sys.argv[1:]:
        if strip(notebook):
            print(f"stripped {notebook}")
