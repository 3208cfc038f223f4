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
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[1]
BUILD = REPO / "build"
CACHE = BUILD / "lite-cache"
STAGE = BUILD / "lite-stage"
SITE = BUILD / "lite"
LITE_DIR = REPO / "lite"
LOCK = REPO / "constraints.txt"

PYODIDE_VERSION = "314.0.6"
PYODIDE_PYTHON = "3.14"
START_HERE = "notebooks/01-start-here.ipynb"
# What the site holds besides the notebooks (08 reads the benchmark results).
EXTRA_CONTENTS = ["benchmarks/results.json"]
# The core runtime's files in the npm package.
CORE_FILES = (
    "pyodide.mjs",
    "pyodide.js",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
    "package.json",
)
# Provided by the Pyodide kernel itself (a shim), not from PyPI.
KERNEL_SHIMS = {"widgetsnbextension"}
# Wheels whose front end the site needs as a federated labextension.
LABEXTENSIONS = {"jupyterlab-widgets", "anywidget"}
# The kernel of JupyterLite's Pyodide kernel extension.
LITE_KERNELSPEC = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
# What the notebooks' first cell installs in the browser.
BROWSER_REQUIREMENT = "bpcore[widgets]"
# The mark tools/first_cell.py puts at the end of a notebook's badge line.
BADGE_MARK = "<!-- bpcore-badges -->"


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def run(command: list, **kwargs) -> subprocess.CompletedProcess:
    print("+", " ".join(str(part) for part in command), flush=True)
    result = subprocess.run([str(part) for part in command], **kwargs)
    if result.returncode != 0:
        if kwargs.get("capture_output"):
            print(result.stdout, result.stderr, sep="\n", file=sys.stderr)
        sys.exit(f"tools/lite.py: the command above failed (exit {result.returncode})")
    return result


def tool(name: str) -> str:
    """An executable of this environment (uv, jupyter), else from PATH."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        sys.exit(f"tools/lite.py: '{name}' not found; run it through `make lite`")
    return found


# --- Pyodide's core runtime from npm --------------------------------------------------------


def pyodide_core() -> Path:
    """The npm package ``pyodide@PYODIDE_VERSION``, its core files unpacked in
    build/lite-cache/pyodide-VERSION/pyodide/pyodide/ (the layout jupyter lite build expects
    of a local Pyodide: a folder ``pyodide`` holding the distribution's ``pyodide``)."""
    target = CACHE / f"pyodide-{PYODIDE_VERSION}" / "pyodide" / "pyodide"
    if all((target / name).is_file() for name in CORE_FILES):
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    tarball = CACHE / f"pyodide-{PYODIDE_VERSION}.tgz"  # the name npm pack gives it
    if not tarball.is_file():
        # npm checks the tarball against the registry's integrity hash.
        run(["npm", "pack", f"pyodide@{PYODIDE_VERSION}", "--pack-destination", CACHE])
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    with tarfile.open(tarball) as archive:
        for name in CORE_FILES:
            member = archive.getmember(f"package/{name}")
            source = archive.extractfile(member)
            assert source is not None
            (target / name).write_bytes(source.read())
    return target


def pyodide_packages(core: Path) -> dict[str, dict]:
    """Pyodide's own packages (pyodide-lock.json), by canonical name."""
    lock = json.loads((core / "pyodide-lock.json").read_text())
    return {
        canonical(spec["name"]): spec
        for spec in lock["packages"].values()
        if spec.get("package_type", "package") == "package"
    }


# --- the Python packages --------------------------------------------------------------------


def locked_versions() -> dict[str, str]:
    """constraints.txt (the lock) for Python 3.11 and later: canonical name -> version."""
    versions = {}
    for line in LOCK.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)\s*(?:;\s*(.*))?$", line)
        if not match:
            continue
        name, version, marker = match.groups()
        if marker and "< '3.11'" in marker:
            continue
        versions[canonical(name)] = version
    return versions


def bpcore_wheel(dest: Path) -> Path:
    """bpcore built as a wheel from this checkout (package data included)."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    run([tool("uv"), "build", "--wheel", "--out-dir", dest, REPO])
    (wheel,) = dest.glob("bpcore-*.whl")
    return wheel


def download_wheels(packages: dict[str, str], dest: Path) -> list[Path]:
    """Pure-Python wheels of ``packages`` from PyPI (kept in build/lite-cache/wheels)."""
    cache = CACHE / "wheels"
    cache.mkdir(parents=True, exist_ok=True)
    wheels = []
    for name, version in sorted(packages.items()):
        pattern = re.compile(
            rf"^{re.escape(name.replace('-', '_'))}-{re.escape(version)}-.*none-any\.whl$", re.I
        )
        found = [path for path in cache.iterdir() if pattern.match(path.name)]
        if not found:
            run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    "--quiet",
                    "--no-deps",
                    "--only-binary=:all:",
                    "--implementation=py",
                    "--abi=none",
                    "--platform=any",
                    f"--python-version={PYODIDE_PYTHON}",
                    "--dest",
                    cache,
                    f"{name}=={version}",
                ]
            )
            found = [path for path in cache.iterdir() if pattern.match(path.name)]
        if len(found) != 1:
            sys.exit(f"tools/lite.py: no pure-Python wheel of {name}=={version} on PyPI")
        wheels.append(found[0])
    dest.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy2(wheel, dest / wheel.name)) for wheel in wheels]


# The environment markers of Pyodide (as micropip evaluates them).
PYODIDE_MARKERS = {
    "implementation_name": "cpython",
    "implementation_version": PYODIDE_PYTHON,
    "os_name": "posix",
    "platform_machine": "wasm32",
    "platform_python_implementation": "CPython",
    "platform_release": "",
    "platform_system": "Emscripten",
    "platform_version": "",
    "python_full_version": PYODIDE_PYTHON + ".0",
    "python_version": PYODIDE_PYTHON,
    "sys_platform": "emscripten",
}


def requirements_of(wheel: Path, extras: set[str]) -> list[Requirement]:
    """The requirements a wheel declares (METADATA), as Pyodide evaluates their markers."""
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = Parser().parsestr(archive.read(name).decode())
    found = []
    for line in metadata.get_all("Requires-Dist") or []:
        requirement = Requirement(line)
        wanted = requirement.marker is None or any(
            requirement.marker.evaluate({**PYODIDE_MARKERS, "extra": extra})
            for extra in extras | {""}
        )
        if wanted:
            found.append(requirement)
    return found


def browser_packages(wheel: Path, pyodide: dict[str, dict]) -> tuple[dict[str, str], list[Path]]:
    """What installing ``bpcore[widgets]`` in the kernel brings, as micropip resolves it:
    a package Pyodide ships comes from Pyodide (with what its lock says it depends on); any
    other comes from a wheel on the site, at the lock's version, with its declared
    requirements. Returns every package with its version in the browser, and the wheels
    the site must serve (pure Python, downloaded from PyPI)."""
    locked = locked_versions()
    versions: dict[str, str] = {"bpcore": "0.1.0"}
    wheels: list[Path] = []
    todo = [(requirement, "bpcore[widgets]") for requirement in requirements_of(wheel, {"widgets"})]
    while todo:
        requirement, wanted_by = todo.pop()
        name = canonical(requirement.name)
        if name in versions or name in KERNEL_SHIMS:
            continue
        if name in pyodide:
            version = pyodide[name]["version"]
            todo += [(Requirement(dep), name) for dep in pyodide[name]["depends"]]
        elif name in locked:
            version = locked[name]
            (found,) = download_wheels({name: version}, STAGE / "pypi")
            wheels.append(found)
            todo += [(dep, name) for dep in requirements_of(found, set(requirement.extras))]
        else:
            sys.exit(
                f"tools/lite.py: {wanted_by} needs {name}, which neither Pyodide "
                f"{PYODIDE_VERSION} ships nor constraints.txt pins (run `make lock`)"
            )
        if not requirement.specifier.contains(version, prereleases=True):
            sys.exit(f"tools/lite.py: {wanted_by} needs {requirement}, the browser has {version}")
        versions[name] = version
    return dict(sorted(versions.items())), wheels


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
