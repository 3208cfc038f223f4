"""Build the companion as a JupyterLite site: JupyterLab and a Python kernel (Pyodide) that
run entirely in the browser tab, served as plain files (`make lite`).

    python tools/lite.py build [--lock]     # the site in build/lite/ (--lock: see below)
    python tools/lite.py parity FILE         # pins of the browser's packages, for `make parity`
    python tools/lite.py core                # only fetch Pyodide's core runtime from npm

Runs in its own environment (`make lite` makes build/lite-venv with jupyterlite-core and
jupyterlite-pyodide-kernel, pinned in the Makefile; they need Python >= 3.12). Everything it
fetches comes from PyPI or npm, by name and version; nothing from a CDN:

* Pyodide's core runtime (pyodide.mjs, pyodide.asm.wasm, python_stdlib.zip and
  pyodide-lock.json) from the npm package ``pyodide``, copied into the site
  (static/pyodide/), so the kernel starts from the site itself;
* bpcore as a wheel, built from this checkout;
* the pure-Python wheels bpcore[widgets] needs that Pyodide does not ship (ipywidgets, comm,
  jupyterlab-widgets, anywidget, psygnal), at the versions of constraints.txt, the lock the
  notebooks' outputs were made with, found as micropip finds them in the browser (below);
  they are served by the site's piplite index, and the notebooks' first cell installs
  ``bpcore[widgets]`` from it;
* ipywidgets' and anywidget's front ends (their federated labextensions), from the same
  wheels.

tools/pyodide_packages.py finds these (the build here puts them together).

The packages Pyodide builds for the browser (numpy, matplotlib, pillow, ...) are not on npm:
the site's pyodide-lock.json points the kernel to Pyodide's CDN for them, at run time.

``--lock`` (the deploy workflow) also writes a Pyodide lock that contains bpcore's wheel and
its dependencies (jupyter lite build --pyodide-lock), so that ``import bpcore`` alone loads
everything. Building that lock reads Pyodide's packages from the CDN, which this machine does
not reach: it runs where the site is deployed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from pyodide_packages import (
    BUILD,
    CACHE,
    KERNEL_SHIMS,
    LOCK,
    PYODIDE_VERSION,
    REPO,
    STAGE,
    bpcore_wheel,
    browser_packages,
    canonical,
    pyodide_core,
    pyodide_packages,
    requirements_of,
    run,
    tool,
)

SITE = BUILD / "lite"
LITE_DIR = REPO / "lite"
START_HERE = "notebooks/01-start-here.ipynb"
# What the site holds besides the notebooks (08 reads the benchmark results).
EXTRA_CONTENTS = ["benchmarks/results.json"]
# Wheels whose front end the site needs as a federated labextension.
LABEXTENSIONS = {"jupyterlab-widgets", "anywidget"}
# The kernel of JupyterLite's Pyodide kernel extension.
LITE_KERNELSPEC = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
# What the notebooks' first cell installs in the browser.
BROWSER_REQUIREMENT = "bpcore[widgets]"
# The mark tools/first_cell.py puts at the end of a notebook's badge line.
BADGE_MARK = "<!-- bpcore-badges -->"


def without_badges(notebook: dict) -> dict:
    """``notebook`` (nbformat JSON) without its badge line: the badges' images live on other
    hosts (the site asks none, so it works offline), and in the site the reader is already
    where the badges lead."""
    for cell in notebook.get("cells", []):
        source = cell.get("source", "")
        text = source if isinstance(source, str) else "".join(source)
        if cell.get("cell_type") != "markdown" or BADGE_MARK not in text:
            continue
        lines = text.split("\n")
        at = next(i for i, line in enumerate(lines) if BADGE_MARK in line)
        del lines[at]
        # The blank line that set the badges apart from the title goes with them.
        if 0 < at < len(lines) and lines[at - 1] == "" and lines[at] == "":
            del lines[at]
        cell["source"] = "\n".join(lines)
    return notebook


def stage_contents() -> Path:
    """The files the site shows, laid out as in the repository (notebooks/, benchmarks/)."""
    contents = STAGE / "contents"
    shutil.rmtree(contents, ignore_errors=True)
    (contents / "notebooks").mkdir(parents=True)
    for notebook in sorted((REPO / "notebooks").glob("*.ipynb")):
        data = without_badges(json.loads(notebook.read_text()))
        # The notebooks name the desktop's "python3" kernel, which JupyterLite does not have
        # (it would ask for a kernel): the site's copies name its Pyodide kernel.
        data.setdefault("metadata", {})["kernelspec"] = LITE_KERNELSPEC
        (contents / "notebooks" / notebook.name).write_text(
            json.dumps(data, indent=1, ensure_ascii=False) + "\n"
        )
    for extra in EXTRA_CONTENTS:
        if (REPO / extra).is_file():
            (contents / extra).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / extra, contents / extra)
    return contents


def source_date_epoch() -> str | None:
    """The last commit's time, so that a rebuild of the same commit writes the same dates."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(
            ["git", "-C", str(REPO), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip() or None


# Put into JupyterLite's own front page, which must stay (its configuration block is read by
# every other page of the site); run only when a browser opens it, not when a page reads it.
OPEN_START_HERE = """
    <script>
      // bpcore: open the companion's first notebook in JupyterLab.
      window.location.replace("./lab/index.html?path={path}");
    </script>
"""


def open_on_start_here(site: Path) -> None:
    """The site's front page opens 01-start-here in JupyterLab (JupyterLite's would open the
    file browser)."""
    index = site / "index.html"
    html = index.read_text()
    marker = "  </head>"
    assert html.count(marker) == 1, "JupyterLite's index.html changed: see open_on_start_here"
    index.write_text(html.replace(marker, OPEN_START_HERE.format(path=START_HERE) + marker))


def bpcore_loads_its_widgets(lock_path: Path, wheel: Path) -> None:
    """In the Pyodide lock, bpcore depends on its widgets extra too (ipywidgets, anywidget,
    matplotlib): Pyodide loads a package's dependencies from the lock when a cell imports
    it, but bpcore imports these inside its own modules, and the lock has no extras."""
    data = json.loads(lock_path.read_text())
    packages = data["packages"]
    wanted = {canonical(r.name) for r in requirements_of(wheel, {"widgets"})}
    missing = sorted(wanted - set(packages))
    if missing:
        sys.exit(f"tools/lite.py: the Pyodide lock has no {missing}, which bpcore[widgets] needs")
    spec = packages["bpcore"]
    spec["depends"] = sorted({*map(canonical, spec["depends"]), *wanted})
    lock_path.write_text(json.dumps(data, indent=2) + "\n")


def build(lock: bool) -> Path:
    core = pyodide_core()
    pyodide = pyodide_packages(core)
    shutil.rmtree(STAGE, ignore_errors=True)
    wheel = bpcore_wheel(STAGE / "bpcore")
    packages, wheels = browser_packages(wheel, pyodide)
    missing = {"numpy", "ipywidgets", "anywidget", "matplotlib"} - set(packages)
    if missing:
        sys.exit(f"tools/lite.py: bpcore[widgets] resolved without {sorted(missing)}")
    shutil.copy2(wheel, STAGE / "pypi" / wheel.name)
    extensions = [w for w in wheels if canonical(w.name.split("-")[0]) in LABEXTENSIONS]
    (STAGE / "browser-packages.json").write_text(json.dumps(packages, indent=2) + "\n")

    command = [
        tool("jupyter"),
        "lite",
        "build",
        "--lite-dir",
        LITE_DIR,
        "--output-dir",
        SITE,
        "--contents",
        stage_contents(),
        "--pyodide",
        core.parent,
        f"--LiteBuildConfig.cache_dir={CACHE / 'jupyterlite'}",
        "--no-sourcemaps",
        "--no-unused-shared-packages",
        *[f"--LiteBuildConfig.federated_extensions={w}" for w in extensions],
        *[arg for w in sorted((STAGE / "pypi").glob("*.whl")) for arg in ("--piplite-wheels", w)],
    ]
    epoch = source_date_epoch()
    if epoch:
        command += ["--source-date-epoch", epoch]
    if lock:
        command += ["--pyodide-lock", "--pyodide-lock-specs", BROWSER_REQUIREMENT]
        command += [arg for w in wheels + [wheel] for arg in ("--pyodide-lock-wheels", w)]
    # Always a whole build: no output, cache of extracted archives or task database is kept
    # (jupyter lite keeps its task database in the folder it runs in).
    shutil.rmtree(SITE, ignore_errors=True)
    shutil.rmtree(CACHE / "jupyterlite", ignore_errors=True)
    (STAGE / ".jupyterlite.doit.db").unlink(missing_ok=True)
    run(command, cwd=STAGE)
    if lock:
        bpcore_loads_its_widgets(SITE / "static" / "pyodide-lock" / "pyodide-lock.json", wheel)
    open_on_start_here(SITE)
    shutil.copy2(STAGE / "browser-packages.json", SITE / "browser-packages.json")
    print(f"tools/lite.py: the site is in {SITE.relative_to(REPO)}/ ({len(wheels) + 1} wheels)")
    return SITE


# Packages of the browser's set that `make parity` takes at the lock's version instead:
# general-purpose helpers that bpcore does not call, which the test tools need newer
# (virtualenv, under pre-commit, needs packaging >= 26.3; Pyodide ships 26.1).
PARITY_FROM_LOCK = {
    "packaging",
    "six",
    "typing-extensions",
    "pygments",
    "prompt-toolkit",
    "wcwidth",
    "asttokens",
    "executing",
    "pure-eval",
    "stack-data",
    "decorator",
    "matplotlib-inline",
    "pytz",
}


def write_parity_constraints(path: Path) -> None:
    """Pins for running the tests on a desktop Python with what the browser runs: Pyodide's
    numpy, matplotlib, ... and the site's ipywidgets, anywidget, ...; every other package
    (the test tools, JupyterLab) as constraints.txt pins it."""
    core = pyodide_core()
    pyodide = pyodide_packages(core)
    shutil.rmtree(STAGE, ignore_errors=True)
    wheel = bpcore_wheel(STAGE / "bpcore")
    packages, _ = browser_packages(wheel, pyodide)
    pinned = {
        name
        for name in packages
        if name != "bpcore" and name not in KERNEL_SHIMS and name not in PARITY_FROM_LOCK
    }
    lines = [
        f"# What bpcore[widgets] runs with in JupyterLite (Pyodide {PYODIDE_VERSION}), written by",
        "# `python tools/lite.py parity` for `make parity`: Pyodide's own packages at Pyodide's",
        "# versions, the others the site serves at the site's; the rest as constraints.txt has it",
        f"# (also, by choice: {', '.join(sorted(PARITY_FROM_LOCK & set(packages)))}).",
    ]
    for name in sorted(pinned):
        origin = "Pyodide" if name in pyodide else "the site's wheel"
        lines.append(f"{name}=={packages[name]}  # {origin}")
    lines.append("# from constraints.txt")
    for line in LOCK.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==", line)
        if match and canonical(match.group(1)) not in pinned:
            lines.append(line)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    print(f"tools/lite.py: {path} pins {len(pinned)} packages to the browser's versions:")
    print(", ".join(f"{name} {packages[name]}" for name in sorted(pinned)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    build_parser = sub.add_parser("build", help="build the site in build/lite/")
    build_parser.add_argument(
        "--lock", action="store_true", help="also write a Pyodide lock with bpcore (needs the CDN)"
    )
    parity = sub.add_parser("parity", help="write pins of the browser's packages")
    parity.add_argument("path", type=Path)
    sub.add_parser("core", help="fetch Pyodide's core runtime from npm")
    args = parser.parse_args(argv)
    if args.command == "build":
        build(args.lock)
    elif args.command == "parity":
        write_parity_constraints(args.path)
    else:
        print(pyodide_core())


if __name__ == "__main__":
    main()
